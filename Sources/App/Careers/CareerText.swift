/// Text helpers the importers and the search share, so that what is stored and what is looked up agree.
enum CareerText {
    /// SQL for the current time as stored in `created_at`/`updated_at` (ISO 8601, UTC, milliseconds).
    static let now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

    /// The comparison key of a title: lowercased, every run of characters that are not letters or digits
    /// replaced by one space, trimmed. `"IT Project Manager/Team Coach"` → `"it project manager team coach"`.
    static func titleKey(_ title: String) -> String {
        words(title).joined(separator: " ")
    }

    /// The keys a query should match exactly: itself, and its singular or plural (`manager` ↔ `managers`).
    static func titleKeyVariants(_ query: String) -> [String] {
        let key = titleKey(query)
        guard !key.isEmpty else { return [] }
        if key.hasSuffix("s") { return [key, String(key.dropLast())] }
        return [key, key + "s"]
    }

    /// The lowercased words of `text`: maximal runs of letters and digits.
    static func words(_ text: String) -> [String] {
        var words = [String]()
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// A stable id for an element known only by name: `profile:oral-comprehension`.
    static func profileElementID(_ name: String) -> String {
        "profile:" + words(name).joined(separator: "-")
    }

    /// Whether `text` looks like the start of an O*NET-SOC code: `15`, `15-`, `15-1299`, `15-1299.0`, `15-1299.09`.
    static func isCodePrefix(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let pattern = Array("00-0000.00".utf8)
        guard bytes.count >= 2, bytes.count <= pattern.count else { return false }
        for (byte, expected) in zip(bytes, pattern) {
            let isDigit = byte >= 48 && byte <= 57
            if expected == 48 ? !isDigit : byte != expected { return false }
        }
        return true
    }
}

/// A 64-bit FNV-1a digest of the files an import read, to recognise a repeat of the same input.
/// Not cryptographic: it tells "these are the bytes imported last time", nothing about who made them.
struct Fingerprint {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Mixes in `bytes`, preceded by their length so that adjacent inputs cannot run together.
    mutating func combine(_ bytes: some Sequence<UInt8>) {
        var count: UInt64 = 0
        for byte in bytes {
            state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            count &+= 1
        }
        for shift in stride(from: 0, to: 64, by: 8) {
            state = (state ^ ((count >> UInt64(shift)) & 0xff)) &* 0x0000_0100_0000_01b3
        }
    }

    /// The digest as 16 lowercase hex digits.
    var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

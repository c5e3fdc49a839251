/// An ordered list of header fields with case-insensitive names (RFC 9110 §5.1); repeated names are kept.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Field = (name: String, value: String)
    public private(set) var fields: [Field] = []

    public init() {}
    public init(_ fields: [Field]) { self.fields = fields }
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
    public var count: Int { fields.count }
    public var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }

    /// The first value of `name`, or nil.
    public subscript(name: String) -> String? {
        get {
            for field in fields where field.name.asciiCaseInsensitiveEquals(name) { return field.value }
            return nil
        }
        set {
            if let newValue { replaceOrAdd(name: name, value: newValue) } else { remove(name: name) }
        }
    }

    /// Every value of `name`, in order, one per field line.
    public func values(for name: String) -> [String] {
        var values: [String] = []
        for field in fields where field.name.asciiCaseInsensitiveEquals(name) { values.append(field.value) }
        return values
    }

    /// Every comma-separated element of every `name` field line, trimmed, empty ones skipped (RFC 9110 §5.6.1).
    public func listValues(for name: String) -> [Substring] {
        var out: [Substring] = []
        for value in values(for: name) {
            for part in value.splitASCII(UInt8(ascii: ",")) {
                let trimmed = part.trimmingOWS()
                if !trimmed.isEmpty { out.append(trimmed) }
            }
        }
        return out
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Whether the comma-separated list in `name` contains `token`, compared case-insensitively.
    public func hasToken(_ token: String, in name: String) -> Bool {
        // Runs for every request (`Connection`): compares in place, without building the list.
        for field in fields where field.name.asciiCaseInsensitiveEquals(name) {
            for part in field.value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true)
            where Self.trimmedEqualsIgnoringCase(part, token) {
                return true
            }
        }
        return false
    }

    /// Whether `part`, without surrounding spaces and tabs, is `token` up to ASCII case.
    static func trimmedEqualsIgnoringCase(_ part: Substring.UTF8View, _ token: String) -> Bool {
        let isOWS: (UInt8) -> Bool = { $0 == 32 || $0 == 9 }
        guard let start = part.firstIndex(where: { !isOWS($0) }), let last = part.lastIndex(where: { !isOWS($0) })
        else { return token.isEmpty }
        let trimmed = part[start...last]
        let expected = token.utf8
        guard trimmed.count == expected.count else { return false }
        return zip(trimmed, expected).allSatisfy { String.asciiLowercased($0) == String.asciiLowercased($1) }
    }

    public mutating func add(name: String, value: String) { fields.append((name: name, value: value)) }

    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        fields.append((name: name, value: value))
    }

    public mutating func remove(name: String) { fields.removeAll { $0.name.asciiCaseInsensitiveEquals(name) } }
}

extension String {
    /// ASCII case-insensitive comparison, as header names and tokens need; no allocation.
    @inlinable
    public func asciiCaseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        // Native strings are contiguous: compare the buffers (the zip of two UTF8Views below costs ~4x more).
        let contiguous = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in
                for i in 0..<x.count where x[i] != y[i] {
                    if Self.asciiLowercased(x[i]) != Self.asciiLowercased(y[i]) { return false }
                }
                return true
            }
        }
        if let contiguous, let result = contiguous { return result }
        for (x, y) in zip(a, b) where x != y {
            if Self.asciiLowercased(x) != Self.asciiLowercased(y) { return false }
        }
        return true
    }

    @inlinable
    static func asciiLowercased(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c | 0x20 : c }
}

extension Substring {
    /// Drops leading and trailing spaces and tabs (OWS, RFC 9110 §5.6.3).
    public func trimmingOWS() -> Substring {
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start != end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        while start != end {
            let last = bytes.index(before: end)
            guard bytes[last] == 0x20 || bytes[last] == 0x09 else { break }
            end = last
        }
        return self[start..<end]
    }
}

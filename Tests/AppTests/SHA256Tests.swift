import App
import Foundation
import Testing

/// Charter's own SHA-256 (`App/Access/SHA256.swift`): the published vectors, then every length 0...300 and a few large
/// inputs beside coreutils' `sha256sum`, an independent implementation run as a real process.
@Suite struct SHA256Tests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Deterministic pseudo-random bytes (SplitMix64), different for each seed.
    static func pseudoRandomBytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9e37_79b9_7f4a_7c15 &+ 0x632b_e59b_d9b4_e019
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            z ^= z >> 31
            for shift in stride(from: 0, to: 64, by: 8) where bytes.count < count {
                bytes.append(UInt8(truncatingIfNeeded: z >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// `sha256sum` of each input, in order: the inputs are written to files in a fresh folder and hashed by one run.
    static func sha256sum(_ inputs: [[UInt8]]) throws -> [String] {
        let tool = "/usr/bin/sha256sum"
        try #require(FileManager.default.isExecutableFile(atPath: tool), "coreutils' sha256sum is the reference")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "charter-sha256-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths = [String]()
        for (index, input) in inputs.enumerated() {
            let path = folder.appendingPathComponent("input-\(index)").path
            try Data(input).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--binary", "--"] + paths
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        // One line per file: 64 hex digits, a space, `*` (binary mode), the path.
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        try #require(lines.count == inputs.count)
        return try zip(lines, paths).map { line, path in
            try #require(line.hasSuffix(" *" + path), "sha256sum's line for \(path): \(line)")
            let digest = String(line.prefix(64))
            try #require(digest.count == 64 && digest.allSatisfy { "0123456789abcdef".contains($0) })
            return digest
        }
    }

    /// FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf") and RFC 6234 §8.5 TEST1, TEST2_1, TEST3.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func publishedVectors(message: String, expected: String) {
        #expect(Self.hex(SHA256.hash(Array(message.utf8))) == expected)
        #expect(Self.hex(SHA256.hash(message.utf8)) == expected)
    }

    @Test func oneMillionLetterA() {
        let digest = SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000))
        #expect(digest.count == 32)
        #expect(Self.hex(digest) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Collections without contiguous storage take the copying path and give the same digest.
    @Test func nonContiguousCollections() {
        let message = Self.pseudoRandomBytes(count: 200, seed: 7)
        let lazy = message.lazy.map { $0 }
        #expect(lazy.withContiguousStorageIfAvailable { _ in true } == nil, "the lazy map is not contiguous")
        #expect(SHA256.hash(lazy) == SHA256.hash(message))
        #expect(SHA256.hash(message[10..<150]) == SHA256.hash(Array(message[10..<150])))
        #expect(Self.hex(SHA256.hash(repeatElement(UInt8(0x61), count: 3))) == Self.hex(SHA256.hash(Array("aaa".utf8))))
    }

    /// Every length from 0 to 300 bytes (so one and two padding blocks, and the edges 55/56, 63/64, 119/120, 127/128,
    /// 183/184, 191/192, 247/248, 255/256), then large inputs, each beside `sha256sum` of the same bytes.
    @Test func everyLengthTo300AndLargeInputsMatchSha256sum() throws {
        var inputs = (0...300).map { Self.pseudoRandomBytes(count: $0, seed: UInt64($0)) }
        for count in [1_000, 4_096, 65_535, 65_536, 65_537, 1_000_003] {
            inputs.append(Self.pseudoRandomBytes(count: count, seed: UInt64(count) &* 31))
        }
        inputs.append([UInt8](repeating: 0x00, count: 10_000))
        inputs.append([UInt8](repeating: 0xff, count: 10_001))
        let reference = try Self.sha256sum(inputs)
        // The reference is itself right: its digest of the empty input is the published one.
        #expect(reference[0] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var mismatches = [Int]()
        for (input, expected) in zip(inputs, reference) where Self.hex(SHA256.hash(input)) != expected {
            mismatches.append(input.count)
        }
        #expect(mismatches.isEmpty, "lengths whose digest differs from sha256sum's: \(mismatches)")
        // The inputs differ from each other, so an implementation that ignored its input could not pass.
        #expect(Set(reference).count == inputs.count)
    }

    /// What the keys table stores: 64 lowercase hex digits, the same text `sha256sum` prints for the key's bytes.
    @Test func apiKeyHashIsLowercaseHexOfTheDigest() throws {
        let keys = (0..<5).map { _ in APIKeySecret.generate() } + ["chk_", "abc", "é"]
        let reference = try Self.sha256sum(keys.map { Array($0.utf8) })
        for (key, expected) in zip(keys, reference) {
            #expect(APIKeySecret.hash(key) == expected)
            #expect(APIKeySecret.hash(key) == Self.hex(SHA256.hash(Array(key.utf8))))
        }
    }

    /// One changed bit anywhere changes the digest (a weak check, but one a broken message schedule fails).
    @Test func everySingleBitFlipOfA64ByteBlockChangesTheDigest() {
        let message = Self.pseudoRandomBytes(count: 64, seed: 64)
        let original = SHA256.hash(message)
        var digests = Set([original])
        for bit in 0..<(64 * 8) {
            var flipped = message
            flipped[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
            digests.insert(SHA256.hash(flipped))
        }
        #expect(digests.count == 64 * 8 + 1)
    }
}

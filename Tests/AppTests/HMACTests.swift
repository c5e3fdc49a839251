import App
import Testing

/// HMAC-SHA256 over Charter's SHA-256, against RFC 4231's test cases.
@Suite struct HMACTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func rfc4231TestCase2() {
        #expect(
            HMACSHA256.hex(key: "Jefe", message: "what do ya want for nothing?")
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        )
    }

    /// Test case 6: a key longer than the block is hashed first.
    @Test func rfc4231TestCase6() {
        let key = [UInt8](repeating: 0xaa, count: 131)
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(
            Self.hex(HMACSHA256.mac(key: key, message: message))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        )
    }
}

/// HMAC-SHA256 (RFC 2104 over FIPS 180-4 SHA-256), for signing webhook deliveries (`WebhookDispatcher`).
/// Checked by `HMACTests` against RFC 4231's test cases.
public enum HMACSHA256 {
    /// SHA-256's block size in bytes.
    static let blockSize = 64

    /// The 32-byte MAC of `message` under `key`.
    public static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        // A key longer than a block is hashed first; a shorter one is padded with zeros (RFC 2104 §2).
        var block = key.count > blockSize ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = SHA256.hash(block.map { $0 ^ 0x36 } + message)
        return SHA256.hash(block.map { $0 ^ 0x5c } + inner)
    }

    /// The MAC as lowercase hex.
    public static func hex(key: String, message: String) -> String {
        mac(key: Array(key.utf8), message: Array(message.utf8)).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
        }.joined()
    }
}

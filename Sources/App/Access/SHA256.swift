/// SHA-256 as FIPS 180-4 defines it (§4.1.2 functions, §4.2.2 constants, §5.1.1 padding, §5.3.3 initial value,
/// §6.2.2 computation), for the one digest Charter needs: the hash of an API key that the database stores.
///
/// Written here instead of depending on swift-crypto, whose Linux build compiles all of BoringSSL for this one call.
/// It is checked by `SHA256Tests` against the NIST vectors and against `sha256sum` on every length 0...300 (all the
/// padding boundaries) and on large inputs. Not constant-time with respect to the message length, which is not
/// secret here; there are no secret-dependent branches or table lookups.
public enum SHA256 {
    /// Bytes in a digest.
    public static let byteCount = 32

    /// The 32-byte digest of `message`.
    public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        if let digest = message.withContiguousStorageIfAvailable({ hash(buffer: $0) }) {
            return digest
        }
        return Array(message).withUnsafeBufferPointer { hash(buffer: $0) }
    }

    private static func hash(buffer message: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Scratch space on the stack: H (8 words), the message schedule W (64 words), the padded tail (128 bytes).
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 8 + 64) { words in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                roundConstants.withUnsafeBufferPointer { k in
                    let state = UnsafeMutableBufferPointer(rebasing: words[0..<8])
                    let schedule = UnsafeMutableBufferPointer(rebasing: words[8..<72])
                    _ = state.initialize(from: initialState)
                    schedule.initialize(repeating: 0)
                    tail.initialize(repeating: 0)

                    // Every whole 64-byte block of the message as it is.
                    let wholeBlocks = message.count / 64
                    for index in 0..<wholeBlocks {
                        let block = UnsafeBufferPointer(rebasing: message[(index * 64)..<(index * 64 + 64)])
                        compress(block, state: state, schedule: schedule, constants: k)
                    }

                    // The rest, then the bit 1, zeros, and the length in bits as a 64-bit big-endian number
                    // (§5.1.1): one block if the rest leaves room for the 0x80 byte and the 8 length bytes
                    // (rest <= 55), two otherwise.
                    let rest = message.count - wholeBlocks * 64
                    let tailCount = rest + 1 + 8 <= 64 ? 64 : 128
                    for offset in 0..<rest {
                        tail[offset] = message[wholeBlocks * 64 + offset]
                    }
                    tail[rest] = 0x80
                    let bitLength = UInt64(message.count) &* 8
                    for offset in 0..<8 {
                        tail[tailCount - 1 - offset] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(offset)))
                    }
                    for start in stride(from: 0, to: tailCount, by: 64) {
                        let block = UnsafeBufferPointer(rebasing: tail[start..<(start + 64)])
                        compress(block, state: state, schedule: schedule, constants: k)
                    }

                    // H0 ... H7, each big-endian (§6.2.2 step 4 and the note on the digest).
                    return [UInt8](unsafeUninitializedCapacity: byteCount) { digest, count in
                        for (index, word) in state.enumerated() {
                            digest[4 * index] = UInt8(truncatingIfNeeded: word >> 24)
                            digest[4 * index + 1] = UInt8(truncatingIfNeeded: word >> 16)
                            digest[4 * index + 2] = UInt8(truncatingIfNeeded: word >> 8)
                            digest[4 * index + 3] = UInt8(truncatingIfNeeded: word)
                        }
                        count = byteCount
                    }
                }
            }
        }
    }

    /// One 512-bit block (§6.2.2 steps 1 to 4): `block` has exactly 64 bytes, `state` holds H (8 words), `schedule`
    /// has room for W (64 words), `constants` is K (64 words).
    private static func compress(
        _ block: UnsafeBufferPointer<UInt8>,
        state: UnsafeMutableBufferPointer<UInt32>,
        schedule w: UnsafeMutableBufferPointer<UInt32>,
        constants k: UnsafeBufferPointer<UInt32>
    ) {
        precondition(block.count == 64 && state.count == 8 && w.count == 64 && k.count == 64)
        // Step 1: the message schedule; the first 16 words are the block read big-endian.
        for t in 0..<16 {
            let b0 = UInt32(block[4 * t]) << 24
            let b1 = UInt32(block[4 * t + 1]) << 16
            let b2 = UInt32(block[4 * t + 2]) << 8
            let b3 = UInt32(block[4 * t + 3])
            w[t] = b0 | b1 | b2 | b3
        }
        for t in 16..<64 {
            w[t] = smallSigma1(w[t - 2]) &+ w[t - 7] &+ smallSigma0(w[t - 15]) &+ w[t - 16]
        }

        // Step 2: the working variables.
        var a = state[0]
        var b = state[1]
        var c = state[2]
        var d = state[3]
        var e = state[4]
        var f = state[5]
        var g = state[6]
        var h = state[7]

        // Step 3: 64 rounds.
        for t in 0..<64 {
            let t1 = h &+ bigSigma1(e) &+ choose(e, f, g) &+ k[t] &+ w[t]
            let t2 = bigSigma0(a) &+ majority(a, b, c)
            h = g
            g = f
            f = e
            e = d &+ t1
            d = c
            c = b
            b = a
            a = t1 &+ t2
        }

        // Step 4: the intermediate hash value.
        state[0] &+= a
        state[1] &+= b
        state[2] &+= c
        state[3] &+= d
        state[4] &+= e
        state[5] &+= f
        state[6] &+= g
        state[7] &+= h
    }

    // §4.1.2, with ROTR^n(x) = (x >> n) | (x << (32 - n)) and SHR^n(x) = x >> n.

    @inline(__always) private static func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x >> n) | (x << (32 - n))
    }

    @inline(__always) private static func choose(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        (x & y) ^ (~x & z)
    }

    @inline(__always) private static func majority(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        (x & y) ^ (x & z) ^ (y & z)
    }

    @inline(__always) private static func bigSigma0(_ x: UInt32) -> UInt32 {
        rotateRight(x, 2) ^ rotateRight(x, 13) ^ rotateRight(x, 22)
    }

    @inline(__always) private static func bigSigma1(_ x: UInt32) -> UInt32 {
        rotateRight(x, 6) ^ rotateRight(x, 11) ^ rotateRight(x, 25)
    }

    @inline(__always) private static func smallSigma0(_ x: UInt32) -> UInt32 {
        rotateRight(x, 7) ^ rotateRight(x, 18) ^ (x >> 3)
    }

    @inline(__always) private static func smallSigma1(_ x: UInt32) -> UInt32 {
        rotateRight(x, 17) ^ rotateRight(x, 19) ^ (x >> 10)
    }

    /// H(0) (§5.3.3): the first 32 bits of the fractional parts of the square roots of the first 8 primes.
    private static let initialState: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    /// K (§4.2.2): the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}

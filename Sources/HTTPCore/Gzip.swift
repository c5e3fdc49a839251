import CZlib
import Synchronization

/// gzip compression and decompression through the system zlib.
public enum Gzip {
    /// Compresses `input` into a gzip member (RFC 1952) at `level` (1–9).
    /// - Throws: `GzipError` when zlib fails (it does not for valid levels and available memory).
    public static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        let stream = DeflatePool.shared.take(level: level)
        defer { DeflatePool.shared.give(stream) }
        return try stream.compress(input)
    }

    /// Inflates a gzip member; `limit` bounds the output (a small input can inflate enormously).
    public static func decompress(_ input: [UInt8], limit: Int = 64 << 20) throws -> [UInt8] {
        var stream = z_stream()
        guard charter_inflateInit2(&stream, 15 + 16) == Z_OK else { throw GzipError.zlib("inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = input
        let count = input.count
        return try input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { c -> (Int32, Int) in
                    stream.next_out = c.baseAddress
                    stream.avail_out = uInt(c.count)
                    let s = inflate(&stream, Z_NO_FLUSH)
                    return (s, c.count - Int(stream.avail_out))
                }
                out.append(contentsOf: chunk[0..<produced])
                if out.count > limit { throw GzipError.tooLarge(limit: limit) }
                if status == Z_STREAM_END { return out }
                if status != Z_OK || (produced == 0 && stream.avail_in == 0) {
                    throw GzipError.zlib("inflate failed (\(status))")
                }
            }
        }
    }
}

public enum GzipError: Error, Equatable {
    case zlib(String)
    case tooLarge(limit: Int)
}

/// A zlib deflate stream set up for gzip, reused through `deflateReset` (its init allocates ~260 KB).
final class DeflateStream {
    var stream = z_stream()
    let level: Int32

    init?(level: Int32) {
        self.level = level
        // windowBits 15 + 16 asks zlib for a gzip wrapper; memLevel 8 is zlib's default.
        guard charter_deflateInit2(&stream, level, 15 + 16, 8) == Z_OK else { return nil }
    }
    deinit { deflateEnd(&stream) }

    func compress(_ input: [UInt8]) throws -> [UInt8] {
        defer { deflateReset(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        var input = input
        let written: Int = try input.withUnsafeMutableBufferPointer { inBuf in
            try output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                let status = deflate(&stream, Z_FINISH)
                guard status == Z_STREAM_END else { throw GzipError.zlib("deflate failed (\(status))") }
                return outBuf.count - Int(stream.avail_out)
            }
        }
        output.removeLast(bound - written)
        return output
    }
}

/// A few idle deflate streams, so that a request does not pay for `deflateInit2` and its allocations.
final class DeflatePool: Sendable {
    static let shared = DeflatePool()
    // The streams are owned by whoever took them; the mutex guards only the idle list.
    private let idle = LockedValue<[UnsafeSendable<DeflateStream>]>([])

    func take(level: Int32) -> DeflateStream {
        let reused = idle.withLock { list -> DeflateStream? in
            guard let i = list.lastIndex(where: { $0.value.level == level }) else { return nil }
            return list.remove(at: i).value
        }
        return reused ?? DeflateStream(level: level)!
    }

    func give(_ stream: DeflateStream) {
        idle.withLock { list in
            if list.count < 8 { list.append(UnsafeSendable(stream)) }
        }
    }
}

/// Moves a non-Sendable value across threads where the code guarantees a single owner at a time.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

import CSystem

#if canImport(Glibc)
import Glibc
#endif

/// IMF-fixdate formatting and parsing (RFC 9110 §5.6.7) through the C library: `strftime` costs about 60 ns
/// where a `DateFormatter` costs about 900.
public enum HTTPDate {
    /// Formats seconds since the epoch, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func format(_ seconds: Int) -> String {
        var buf = [CChar](repeating: 0, count: 40)
        let n = charter_http_date(Int64(seconds), &buf, buf.count)
        return String(decoding: buf[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Parses an IMF-fixdate; nil for anything else.
    public static func parse(_ text: String) -> Int? {
        let t = charter_parse_http_date(text)
        return t < 0 ? nil : Int(t)
    }

    /// Seconds since the epoch, now.
    @inline(__always)
    public static func now() -> Int { Int(time(nil)) }
}

/// The `Date` header's bytes, recomputed at most once a second. One per event loop, touched only on its queue.
struct DateCache {
    private var second = -1
    private(set) var bytes: [UInt8] = []

    mutating func current() -> [UInt8] {
        let now = HTTPDate.now()
        if now != second {
            second = now
            bytes = Array(HTTPDate.format(now).utf8)
        }
        return bytes
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Reads request heads from raw bytes. It holds no state between calls: a connection passes everything it has
/// buffered and, to avoid rescanning under a byte-at-a-time client, where the previous scan stopped (`HeadScan`).
public enum RequestParser {
    /// The outcome of looking at the buffered bytes.
    public enum HeadResult: Sendable {
        /// No complete head yet; resume scanning at `scanFrom` next time.
        case incomplete(scanFrom: Int)
        /// A head that ends after `consumed` bytes (leading empty lines included).
        case complete(RequestHead, consumed: Int)
        case failure(HTTPParseError)
    }

    /// Where a connection's scan of a partial head stopped, so that each read costs only its new bytes: the search
    /// for the empty line resumes near the end, the request-line check where it stopped. A connection keeps one per
    /// head and starts afresh after each (and passes a buffer that starts at the head: no empty lines before it).
    public struct HeadScan: Sendable, Equatable {
        /// Where the search for the end of the head resumes.
        public var scanFrom = 0
        var line = RequestLineCheck()
        public init() {}
    }

    /// Looks for a complete head in `buffer`, validating as it goes, so that garbage (a TLS handshake on the plain
    /// port, say) is refused from its first bytes instead of after a timeout. Stateless form: the request line is
    /// checked again from its start (a connection uses `parseHead(_:scan:limits:)`).
    public static func parseHead(_ buffer: UnsafeRawBufferPointer, scanFrom: Int = 0, limits: HTTPLimits) -> HeadResult
    {
        var scan = HeadScan()
        scan.scanFrom = scanFrom
        return parseHead(buffer, scan: &scan, limits: limits)
    }

    /// Looks for a complete head in `buffer`, resuming where `scan` stopped on the previous, shorter, buffer of the
    /// same head; on `.incomplete` the scan is updated (and `.incomplete` carries its `scanFrom` too).
    public static func parseHead(
        _ buffer: UnsafeRawBufferPointer,
        scan: inout HeadScan,
        limits: HTTPLimits
    ) -> HeadResult {
        let count = buffer.count
        // RFC 9112 §2.2: ignore empty lines received before the request line (a bounded number of them).
        var start = 0
        while start < count, buffer[start] == 13 || buffer[start] == 10 {
            start += 1
            if start > limits.maxLeadingEmptyLineBytes {
                return .failure(.tooManyEmptyLines(limit: limits.maxLeadingEmptyLineBytes))
            }
        }
        if start == count { return .incomplete(scanFrom: 0) }
        if let error = scan.line.check(buffer, from: start, limits: limits) { return .failure(error) }

        var i = max(scan.scanFrom, start)
        while i < count {
            guard let nl = memchrIndex(buffer, 10, from: i) else { break }
            // A head ends with an empty line: "\n\n" or "\n\r\n".
            if nl + 1 < count, buffer[nl + 1] == 10 {
                return finish(buffer, start: start, end: nl + 2, limits: limits)
            }
            if nl + 2 < count, buffer[nl + 1] == 13, buffer[nl + 2] == 10 {
                return finish(buffer, start: start, end: nl + 3, limits: limits)
            }
            i = nl + 1
        }
        if count - start > limits.maxHeaderBytes { return .failure(.headersTooLarge(limit: limits.maxHeaderBytes)) }
        // Resume a little before the end: the terminator may straddle two reads.
        scan.scanFrom = max(start, count - 3)
        return .incomplete(scanFrom: scan.scanFrom)
    }

    /// Validates the request line as far as it has arrived, resuming where the previous call stopped: a method of
    /// token characters, one space, a target of visible ASCII no longer than the limit, one space, then the start
    /// of an HTTP version. The whole line is parsed again, once, when the head is complete.
    struct RequestLineCheck: Sendable, Equatable {
        enum Phase: Sendable, Equatable {
            case method, target
            case version(matched: Int)
            case done
        }
        var phase = Phase.method
        /// The next byte to look at; 0 means "from the start of the request line".
        var position = 0
        var targetStart = 0
        static let versionPrefix: [UInt8] = Array("HTTP/".utf8)

        mutating func check(_ b: UnsafeRawBufferPointer, from start: Int, limits: HTTPLimits) -> HTTPParseError? {
            let count = b.count
            var i = max(position, start)
            defer { position = i }
            while true {
                switch phase {
                case .method:
                    while i < count, isTokenChar(b[i]) { i += 1 }
                    // Judged on the method's length alone, so that the answer does not depend on how the bytes
                    // arrived (fuzzing found `49 token bytes, then \x16`: 400 in one read, 501 byte by byte).
                    if i - start > 32 { return .methodNotImplemented("(a method longer than 32 characters)") }
                    if i == count { return nil }
                    if i == start || b[i] != 32 {
                        return .badRequest("malformed request line: the method is not a token")
                    }
                    i += 1
                    targetStart = i
                    phase = .target
                case .target:
                    while i < count, b[i] > 32, b[i] < 127 { i += 1 }
                    if i - targetStart > limits.maxURILength { return .uriTooLong(limit: limits.maxURILength) }
                    if i == count { return nil }
                    if i == targetStart || b[i] != 32 {
                        if b[i] == 13 || b[i] == 10 { return .badRequest("malformed request line: no HTTP version") }
                        return .badRequest("malformed request line: invalid character in the request target")
                    }
                    i += 1
                    phase = .version(matched: 0)
                case .version(var k):
                    while i < count, k < Self.versionPrefix.count {
                        if b[i] != Self.versionPrefix[k] {
                            return .badRequest("malformed request line: not an HTTP version")
                        }
                        i += 1
                        k += 1
                    }
                    phase = k == Self.versionPrefix.count ? .done : .version(matched: k)
                    if i == count || phase != .done { return nil }
                case .done:
                    return nil
                }
            }
        }
    }

    static func finish(_ b: UnsafeRawBufferPointer, start: Int, end: Int, limits: HTTPLimits) -> HeadResult {
        if end - start > limits.maxHeaderBytes { return .failure(.headersTooLarge(limit: limits.maxHeaderBytes)) }
        do {
            let head = try parseLines(UnsafeRawBufferPointer(rebasing: b[start..<end]), limits: limits)
            return .complete(head, consumed: end)
        } catch let error as HTTPParseError {
            return .failure(error)
        } catch {
            return .failure(.badRequest("unreadable request"))
        }
    }

    /// Splits the head into lines (CRLF, or a bare LF as RFC 9112 §2.2 allows) and parses them.
    static func parseLines(_ b: UnsafeRawBufferPointer, limits: HTTPLimits) throws -> RequestHead {
        var lines: [Range<Int>] = []
        var lineStart = 0
        for i in 0..<b.count where b[i] == 10 {
            var lineEnd = i
            if lineEnd > lineStart, b[lineEnd - 1] == 13 { lineEnd -= 1 }
            lines.append(lineStart..<lineEnd)
            lineStart = i + 1
        }
        // The last line is the empty terminator.
        guard lines.count >= 1 else { throw HTTPParseError.badRequest("empty request") }
        let headerLines = lines.dropFirst().dropLast()
        if headerLines.count > limits.maxHeaderCount {
            throw HTTPParseError.headersTooLarge(limit: limits.maxHeaderBytes)
        }

        let (method, target, version) = try parseRequestLine(
            UnsafeRawBufferPointer(rebasing: b[lines[0]]),
            limits: limits
        )
        var headers = HTTPHeaders()
        for range in headerLines {
            let (name, value) = try parseField(UnsafeRawBufferPointer(rebasing: b[range]))
            headers.add(name: name, value: value)
        }
        return try RequestSemantics.decide(
            method: method,
            target: target,
            version: version,
            headers: headers,
            limits: limits
        )
    }

    static func parseRequestLine(
        _ line: UnsafeRawBufferPointer,
        limits: HTTPLimits
    ) throws -> (HTTPMethod, String, HTTPVersion) {
        if line.contains(13) { throw HTTPParseError.badRequest("malformed request line: bare CR") }
        let parts = line.split(separator: 32, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw HTTPParseError.badRequest("malformed request line: expected 'METHOD target HTTP/1.1'")
        }
        let v = Array(parts[2])
        guard v.count == 8, v.starts(with: Array("HTTP/".utf8)), isDigit(v[5]), v[6] == UInt8(ascii: "."), isDigit(v[7])
        else { throw HTTPParseError.badRequest("malformed request line: bad HTTP version") }
        let version = HTTPVersion(major: Int(v[5] - 48), minor: Int(v[7] - 48))
        guard version == .http1_1 || version == .http1_0 else {
            throw HTTPParseError.versionNotSupported(version.description)
        }
        if parts[1].count > limits.maxURILength { throw HTTPParseError.uriTooLong(limit: limits.maxURILength) }
        let method = HTTPMethod(String(decoding: parts[0], as: UTF8.self))
        guard HTTPMethod.known.contains(method) else { throw HTTPParseError.methodNotImplemented(method.rawValue) }
        let target = String(decoding: parts[1], as: UTF8.self)
        try checkTargetForm(target, method: method)
        return (method, target, version)
    }

    /// RFC 9112 §3.2: origin-form, absolute-form (http or https), asterisk-form for OPTIONS, authority-form for CONNECT.
    static func checkTargetForm(_ target: String, method: HTTPMethod) throws {
        if target.hasPrefix("/") { return }
        if method == .connect { return }
        if target == "*" {
            if method == .options { return }
            throw HTTPParseError.badRequest("the asterisk target is only for OPTIONS")
        }
        let lower = target.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return }
        throw HTTPParseError.badRequest(
            "malformed request target: expected a path starting with '/' or an absolute URI"
        )
    }

    /// One `name: value` line (RFC 9112 §5): no space before the colon, no obs-fold, no control characters.
    static func parseField(_ line: UnsafeRawBufferPointer) throws -> (String, String) {
        guard let first = line.first else { throw HTTPParseError.badRequest("empty header line") }
        if first == 32 || first == 9 {
            throw HTTPParseError.badRequest("obsolete line folding in the header section is not accepted")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw HTTPParseError.badRequest("malformed header line: no colon")
        }
        guard colon > 0 else { throw HTTPParseError.badRequest("malformed header line: empty field name") }
        for i in 0..<colon where !isTokenChar(line[i]) {
            if line[i] == 32 || line[i] == 9 {
                throw HTTPParseError.badRequest("whitespace between a header field name and the colon")
            }
            throw HTTPParseError.badRequest("invalid character in a header field name")
        }
        var vs = colon + 1
        var ve = line.count
        while vs < ve, line[vs] == 32 || line[vs] == 9 { vs += 1 }
        while ve > vs, line[ve - 1] == 32 || line[ve - 1] == 9 { ve -= 1 }
        for i in vs..<ve {
            let c = line[i]
            if (c < 32 && c != 9) || c == 127 {
                throw HTTPParseError.badRequest("control character in the value of a header field")
            }
        }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<colon]), as: UTF8.self)
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: line[vs..<ve]), as: UTF8.self)
        return (name, value)
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// tchar (RFC 9110 §5.6.2).
    @inline(__always)
    static func isTokenChar(_ c: UInt8) -> Bool { tokenTable[Int(c)] }

    static let tokenTable: [Bool] = (0..<256).map { c in
        if c >= 48 && c <= 57 || c >= 65 && c <= 90 || c >= 97 && c <= 122 { return true }
        return "!#$%&'*+-.^_`|~".utf8.contains(UInt8(c))
    }

    @inline(__always)
    static func memchrIndex(_ b: UnsafeRawBufferPointer, _ byte: UInt8, from: Int) -> Int? {
        guard from < b.count, let base = b.baseAddress else { return nil }
        guard let p = memchr(base + from, Int32(byte), b.count - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(p))
    }
}

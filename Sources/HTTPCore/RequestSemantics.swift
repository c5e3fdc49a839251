/// Decisions taken once the header section is parsed: Host, framing, expectations (RFC 9112 §3.2, §6; RFC 9110 §10.1.1).
enum RequestSemantics {
    static func decide(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion,
        headers: HTTPHeaders,
        limits: HTTPLimits
    ) throws -> RequestHead {
        // RFC 9112 §3.2: exactly one Host on HTTP/1.1, and a valid one.
        let hosts = headers.values(for: "Host")
        if hosts.count > 1 { throw HTTPParseError.badRequest("more than one Host header") }
        if version == .http1_1 && hosts.isEmpty {
            throw HTTPParseError.badRequest("missing Host header (required in HTTP/1.1)")
        }
        if let host = hosts.first, host.utf8.contains(where: { invalidHostByte($0) }) {
            throw HTTPParseError.badRequest("invalid Host header")
        }

        // Fields that carry one value: two lines of one are ambiguous (which one did a proxy in front act on?),
        // so the request is refused rather than read as the first (RFC 9110 §5.3 allows combining lines only for
        // list-based fields).
        for name in singletonFields where headers.values(for: name).count > 1 {
            throw HTTPParseError.badRequest("more than one \(name) header; send it once")
        }

        let framing = try decideFraming(headers: headers, version: version, limits: limits)

        var expectsContinue = false
        let expectations = headers.listValues(for: "Expect")
        for expectation in expectations {
            guard String(expectation).asciiCaseInsensitiveEquals("100-continue") else {
                throw HTTPParseError.expectationFailed(String(expectation))
            }
            // RFC 9110 §10.1.1: an HTTP/1.0 client cannot understand 100 Continue.
            expectsContinue = version == .http1_1
        }
        return RequestHead(
            method: method,
            target: target,
            version: version,
            headers: headers,
            framing: framing,
            expectsContinue: expectsContinue
        )
    }

    /// Header fields a request may carry at most once. Host is checked above, Content-Length in `decideFraming`
    /// (repeated identical values are allowed there, RFC 9112 §6.3). List-based fields (`If-Match`,
    /// `If-None-Match`, `Accept-Encoding`, `Expect`, `Transfer-Encoding`) may repeat: their lines are combined.
    static let singletonFields = ["Authorization", "Origin", "Content-Type", "Idempotency-Key", "If-Modified-Since"]

    /// RFC 9112 §6.1–6.3: chunked, a single Content-Length, or no body; anything ambiguous is refused.
    static func decideFraming(
        headers: HTTPHeaders,
        version: HTTPVersion,
        limits: HTTPLimits
    ) throws -> RequestHead.BodyFraming {
        let te = headers.values(for: "Transfer-Encoding")
        let cl = headers.values(for: "Content-Length")
        if !te.isEmpty {
            if !cl.isEmpty { throw HTTPParseError.badRequest("both Content-Length and Transfer-Encoding are present") }
            if version == .http1_0 { throw HTTPParseError.badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            let codings = headers.listValues(for: "Transfer-Encoding").map { $0.lowercased() }
            if codings.isEmpty {
                throw HTTPParseError.badRequest(
                    "Transfer-Encoding is empty; send 'Transfer-Encoding: chunked' or no Transfer-Encoding at all"
                )
            }
            for coding in codings where coding != "chunked" {
                throw HTTPParseError.transferCodingNotImplemented(coding)
            }
            guard codings.count == 1 else { throw HTTPParseError.badRequest("chunked may be applied only once") }
            return .chunked
        }
        guard !cl.isEmpty else { return .none }
        var length: Int?
        for value in cl {
            for element in value.splitASCII(UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let digits = element.trimmingOWS()
                guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                    throw HTTPParseError.badRequest("Content-Length is not a non-negative integer")
                }
                guard digits.count <= 18, let n = Int(digits) else {
                    throw HTTPParseError.bodyTooLarge(limit: limits.maxBodyBytes)
                }
                if let length, length != n { throw HTTPParseError.badRequest("differing Content-Length values") }
                length = n
            }
        }
        let n = length ?? 0
        if n > limits.maxBodyBytes { throw HTTPParseError.bodyTooLarge(limit: limits.maxBodyBytes) }
        return n == 0 ? .none : .length(n)
    }

    /// Host is `uri-host [":" port]`; a few bytes can never appear in it (RFC 3986 §3.2.2).
    static func invalidHostByte(_ c: UInt8) -> Bool {
        c <= 32 || c >= 127 || c == UInt8(ascii: "/") || c == UInt8(ascii: "?") || c == UInt8(ascii: "#")
            || c == UInt8(ascii: "@") || c == UInt8(ascii: "\\") || c == UInt8(ascii: "\"")
    }
}

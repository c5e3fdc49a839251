import Testing

@testable import HTTPCore

@Suite("RequestParser: rejected requests")
struct RequestParserRejectionTests {
    static func limits(
        uri: Int = 8 * 1024,
        headerBytes: Int = 16 * 1024,
        fields: Int = 100,
        body: Int = 1 << 20
    )
        -> HTTPLimits
    {
        var limits = HTTPLimits()
        limits.maxURILength = uri
        limits.maxHeaderBytes = headerBytes
        limits.maxHeaderCount = fields
        limits.maxBodyBytes = body
        return limits
    }

    @Test(
        arguments: [
            // Malformed request lines.
            "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /  HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1 \r\nHost: a\r\n\r\n",
            " GET / HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /\r\nHost: a\r\n\r\n",
            "GET / http/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.10\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\rHost: a\r\n\r\n",
            "GET * HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET relative/path HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /a\u{0}b HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /caf\u{E9} HTTP/1.1\r\nHost: a\r\n\r\n",
            // Malformed header fields.
            "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n folded\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tfolded\r\n\r\n",
            "GET / HTTP/1.1\r\n Host: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{01}c\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{7F}\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n: empty name\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nBad(name): x\r\n\r\n",
            // Body framing.
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
            // Host.
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n",
        ]
    )
    func rejectsMalformedRequestsWith400(text: String) {
        #expect(parse(text).failureStatus == 400)
    }

    @Test(
        arguments: [
            ("BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", HTTPParseError.methodNotImplemented("BREW")),
            ("get / HTTP/1.1\r\nHost: a\r\n\r\n", .methodNotImplemented("get")),
            ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", .versionNotSupported("HTTP/2.0")),
            ("GET / HTTP/1.2\r\nHost: a\r\n\r\n", .versionNotSupported("HTTP/1.2")),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", .transferCodingNotImplemented("gzip")),
            (
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                .transferCodingNotImplemented("gzip")
            ),
            ("PUT / HTTP/1.1\r\nHost: a\r\nExpect: something-else\r\n\r\n", .expectationFailed("something-else")),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n", .bodyTooLarge(limit: 1 << 20)),
        ]
    )
    func rejectsWithSpecificError(text: String, error: HTTPParseError) {
        #expect(parse(text) == .failure(error))
    }

    @Test func parseErrorsMapToTheirStatuses() {
        #expect(HTTPParseError.badRequest("x").status.code == 400)
        #expect(HTTPParseError.uriTooLong(limit: 1).status.code == 414)
        #expect(HTTPParseError.headersTooLarge(limit: 1).status.code == 431)
        #expect(HTTPParseError.bodyTooLarge(limit: 1).status.code == 413)
        #expect(HTTPParseError.versionNotSupported("x").status.code == 505)
        #expect(HTTPParseError.methodNotImplemented("x").status.code == 501)
        #expect(HTTPParseError.transferCodingNotImplemented("x").status.code == 501)
        #expect(HTTPParseError.expectationFailed("x").status.code == 417)
    }

    @Test func uriLongerThanTheLimitIs414() {
        let limits = Self.limits(uri: 16)
        let atLimit = "/" + String(repeating: "a", count: 15)
        #expect(parse("GET \(atLimit) HTTP/1.1\r\nHost: a\r\n\r\n", limits: limits).head?.target == atLimit)
        #expect(
            parse("GET \(atLimit)b HTTP/1.1\r\nHost: a\r\n\r\n", limits: limits) == .failure(.uriTooLong(limit: 16))
        )
    }

    @Test func uriTooLongIsDetectedBeforeTheRequestLineEnds() {
        let target = "/" + String(repeating: "a", count: 8 * 1024)
        #expect(parse("GET " + target) == .failure(.uriTooLong(limit: 8 * 1024)))
        let (outcome, reads) = parseArriving(
            "GET /" + String(repeating: "a", count: 100),
            chunkSize: 10,
            limits: Self.limits(uri: 32)
        )
        #expect(outcome == .failure(.uriTooLong(limit: 32)))
        #expect(reads == 4)
    }

    @Test func headerSectionOverTheLimitIs431EvenWhenIncomplete() {
        let limits = Self.limits(headerBytes: 64)
        let big = "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "v", count: 40)
        #expect(parse(big + "\r\n\r\n", limits: limits) == .failure(.headersTooLarge(limit: 64)))
        #expect(parse(big, limits: limits) == .failure(.headersTooLarge(limit: 64)))
        let (outcome, _) = parseArriving(big + String(repeating: "v", count: 100), chunkSize: 7, limits: limits)
        #expect(outcome == .failure(.headersTooLarge(limit: 64)))
    }

    @Test func tooManyHeaderFieldsIs431() {
        let limits = Self.limits(fields: 3)
        let three = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n"
        #expect(parse(three + "\r\n", limits: limits).head != nil)
        #expect(parse(three + "C: 3\r\n\r\n", limits: limits).failureStatus == 431)
    }

    @Test func bodyOverTheLimitIs413FromContentLength() {
        let limits = Self.limits(body: 10)
        let request = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: "
        #expect(parse(request + "10\r\n\r\n", limits: limits).head?.framing == .length(10))
        #expect(parse(request + "11\r\n\r\n", limits: limits) == .failure(.bodyTooLarge(limit: 10)))
        #expect(parse(request + "99999999999999999999\r\n\r\n", limits: limits).failureStatus == 413)
    }

    @Test func tlsClientHelloIsRefusedFromItsFirstBytes() {
        let hello: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0xa5, 0x01]
        #expect(parse(Array(hello.prefix(3))).failureStatus == 400)
        #expect(parse(hello).failureStatus == 400)
    }

    @Test func overlongMethodIsRefusedBeforeItsEnd() {
        #expect(parse(String(repeating: "A", count: 33)).failureStatus == 501)
        #expect(parse(String(repeating: "A", count: 32)) == .incomplete(scanFrom: 29))
    }
}

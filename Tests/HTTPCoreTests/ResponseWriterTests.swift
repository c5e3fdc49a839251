import Testing

@testable import HTTPCore

@Suite("ResponseWriter")
struct ResponseWriterTests {
    static let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    static func write(
        _ response: Response,
        requestID: String = "req-1",
        version: HTTPVersion = .http1_1,
        includeBody: Bool = true,
        keepAlive: Bool = true
    ) -> String {
        var out: [UInt8] = [0x41]  // bytes already in the buffer stay in front
        ResponseWriter.write(
            response,
            requestID: requestID,
            version: version,
            includeBody: includeBody,
            keepAlive: keepAlive,
            date: Array(date.utf8),
            serverName: Array("Server: Charter\r\n".utf8),
            into: &out
        )
        #expect(out.first == 0x41)
        return String(decoding: out.dropFirst(), as: UTF8.self)
    }

    static let trailer = "Date: \(date)\r\nServer: Charter\r\nX-Request-Id: req-1\r\n"

    @Test func serializesStatusHeadersAndBody() {
        let response = Response(
            status: .ok,
            headers: ["Content-Type": "text/plain", "X-A": "1"],
            body: Array("hi".utf8)
        )
        let expected =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-A: 1\r\nContent-Length: 2\r\n" + Self.trailer + "\r\nhi"
        #expect(Self.write(response) == expected)
    }

    @Test func addsConnectionCloseWhenNotKeepingAlive() {
        let expected = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n" + Self.trailer + "Connection: close\r\n\r\n"
        #expect(Self.write(Response(status: .notFound), keepAlive: false) == expected)
        let http10 = Self.write(Response(status: .notFound), version: .http1_0, keepAlive: false)
        #expect(http10 == expected)
    }

    @Test func announcesKeepAliveToHTTP10Clients() {
        let expected = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n" + Self.trailer + "Connection: keep-alive\r\n\r\nx"
        #expect(Self.write(Response(body: [0x78]), version: .http1_0) == expected)
    }

    @Test func omitsRequestIDWhenEmptyAndWritesOtherStatuses() {
        let response = Response(status: .methodNotAllowed, headers: ["Allow": "GET"])
        let expected =
            "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET\r\nContent-Length: 0\r\nDate: \(Self.date)\r\n"
            + "Server: Charter\r\n\r\n"
        #expect(Self.write(response, requestID: "") == expected)
        #expect(Self.write(Response(status: HTTPStatus(code: 418))).hasPrefix("HTTP/1.1 418 Status 418\r\n"))
        #expect(Self.write(Response(status: .created)).hasPrefix("HTTP/1.1 201 Created\r\n"))
    }

    @Test func dropsHeadersTheWriterOwns() {
        let headers: HTTPHeaders = [
            "content-length": "999", "Connection": "keep-alive", "Transfer-Encoding": "chunked", "DATE": "x",
            "Server": "evil", "x-request-id": "spoofed", "X-Kept": "yes",
        ]
        let expected = "HTTP/1.1 200 OK\r\nX-Kept: yes\r\nContent-Length: 3\r\n" + Self.trailer + "\r\nabc"
        #expect(Self.write(Response(headers: headers, body: Array("abc".utf8))) == expected)
    }

    @Test func controlCharactersInValuesCannotSplitTheResponse() {
        let response = Response(headers: ["Location": "/a\r\nSet-Cookie: x=1\r\n\r\n<html>", "X-T": "a\tb\u{7F}c\u{0}"])
        let expected =
            "HTTP/1.1 200 OK\r\nLocation: /a  Set-Cookie: x=1    <html>\r\nX-T: a\tb c \r\nContent-Length: 0\r\n"
            + Self.trailer + "\r\n"
        #expect(Self.write(response) == expected)
    }

    @Test func headKeepsContentLengthButSendsNoBody() {
        let response = Response(body: Array(repeating: 0x7a, count: 12_345))
        let expected = "HTTP/1.1 200 OK\r\nContent-Length: 12345\r\n" + Self.trailer + "\r\n"
        #expect(Self.write(response, includeBody: false) == expected)
    }

    @Test(arguments: [204, 304])
    func bodylessStatusesHaveNoContentLengthAndNoBody(code: Int) {
        let status = HTTPStatus(code: code)
        let response = Response(status: status, headers: ["ETag": "\"t\""], body: Array("leak".utf8))
        let expected = "HTTP/1.1 \(status)\r\nETag: \"t\"\r\n" + Self.trailer + "\r\n"
        #expect(Self.write(response) == expected)
    }

    @Test(arguments: [0, 7, 10, 99, 100, 65_536, 1_000_000])
    func contentLengthIsTheDecimalBodyCount(count: Int) {
        let written = Self.write(Response(body: [UInt8](repeating: 1, count: count)), includeBody: false)
        #expect(written.contains("\r\nContent-Length: \(count)\r\n"))
    }
}

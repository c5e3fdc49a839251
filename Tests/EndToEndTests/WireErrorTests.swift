import Foundation
import HTTPCore
import TestSupport
import Testing

@Suite struct WireErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let request: String
        let status: Int
        let closes: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "malformed request line", request: "GET  / HTTP/1.1\r\nHost: t\r\n\r\n", status: 400, closes: true),
        Case(name: "no version", request: "GET /\r\nHost: t\r\n\r\n", status: 400, closes: true),
        Case(
            name: "malformed header",
            request: "GET / HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n",
            status: 400,
            closes: true
        ),
        Case(
            name: "both framings",
            request:
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            status: 400,
            closes: true
        ),
        Case(
            name: "differing lengths",
            request: "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            status: 400,
            closes: true
        ),
        Case(
            name: "non-numeric length",
            request: "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3a\r\n\r\n",
            status: 400,
            closes: true
        ),
        Case(
            name: "obs-fold",
            request: "GET / HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n  2\r\n\r\n",
            status: 400,
            closes: true
        ),
        Case(
            name: "control character",
            request: "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\u{01}b\r\n\r\n",
            status: 400,
            closes: true
        ),
        Case(name: "missing Host", request: "GET /items/1 HTTP/1.1\r\n\r\n", status: 400, closes: true),
        Case(name: "unknown method", request: "BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n", status: 501, closes: true),
        Case(name: "HTTP/2.0", request: "GET / HTTP/2.0\r\nHost: t\r\n\r\n", status: 505, closes: true),
        Case(
            name: "unknown transfer coding",
            request: "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n",
            status: 501,
            closes: true
        ),
        Case(
            name: "bad chunk",
            request: "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            status: 400,
            closes: true
        ),
        Case(
            name: "unknown expectation",
            request: "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: tea\r\nContent-Length: 1\r\n\r\nx",
            status: 417,
            closes: true
        ),
        Case(name: "unknown path", request: "GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n", status: 404, closes: false),
        Case(
            name: "method not on route",
            request: "DELETE /items/1 HTTP/1.1\r\nHost: t\r\n\r\n",
            status: 405,
            closes: false
        ),
        Case(name: "TRACE", request: "TRACE /items/1 HTTP/1.1\r\nHost: t\r\n\r\n", status: 405, closes: false),
        Case(
            name: "CONNECT",
            request: "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
            status: 405,
            closes: false
        ),
    ]

    @Test(arguments: cases)
    func answersWithAProblemBody(_ c: Case) throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            try client.send(c.request)
            let response = try client.readResponse()
            #expect(response.status == c.status)
            #expect(response.headers["Content-Type"] == "application/problem+json")
            let problem = try response.json()
            #expect(problem["status"] as? Int == c.status)
            #expect((problem["detail"] as? String)?.isEmpty == false)
            #expect(problem["title"] as? String == HTTPStatus(code: c.status).reasonPhrase)
            #expect(response.headers["Content-Length"] == String(response.body.count))
            if c.closes {
                #expect(response.headers["Connection"] == "close")
                #expect(client.isClosedByServer())
            } else {
                try client.send("GET /items/ok HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().text == "item ok")
            }
        }
    }

    @Test func tellsWhichMethodsAreAllowed() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("PUT /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 405)
            #expect(response.headers["Allow"] == "OPTIONS, POST")
        }
    }

    @Test func refusesATLSHandshakeAtOnce() throws {
        // "At once": from its first bytes, not when the (here very long) header timeout ends the connection.
        try TestRoutes.withServer({ $0.headerTimeout = 600 }) { server in
            let client = try RawClient(port: server.port, timeout: 10)
            try client.send([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03])
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(client.isClosedByServer())
        }
    }

    @Test func refusesAnOverlongTargetBeforeTheLineEnds() throws {
        try TestRoutes.withServer({ $0.limits.maxURILength = 100 }) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /" + String(repeating: "a", count: 200))
            let response = try client.readResponse()
            #expect(response.status == 414)
        }
    }

    @Test func refusesAnOversizedHeaderSection() throws {
        try TestRoutes.withServer({ $0.limits.maxHeaderBytes = 1024 }) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 2000) + "\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 431)
            #expect(client.isClosedByServer())
        }
    }

    @Test func answersOptionsAsteriskAndAbsoluteTargets() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n")
            let options = try client.readResponse()
            #expect(options.status == 204)
            #expect(options.headers["Allow"]?.contains("GET") == true)
            try client.send("GET http://localhost:1/items/abs?x=1 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "item abs")
        }
    }

    @Test func echoesASaneRequestIdAndReplacesAnInsaneOne() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /items/1 HTTP/1.1\r\nHost: t\r\nX-Request-Id: abc-123\r\n\r\n")
            #expect(try client.readResponse().headers["X-Request-Id"] == "abc-123")
            try client.send("GET /items/1 HTTP/1.1\r\nHost: t\r\nX-Request-Id: has space<script>\r\n\r\n")
            let replaced = try client.readResponse().headers["X-Request-Id"]
            #expect(replaced != nil && replaced != "has space<script>")
        }
    }
}

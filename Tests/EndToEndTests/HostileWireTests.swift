import Foundation
import HTTPCore
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The wire rows of issue 16: what a hostile client could make the server buffer, scan or tolerate.
@Suite struct HostileWireTests {
    /// Sends `piece` repeatedly, up to `limit` bytes, until the server stops taking it (it answered and closed);
    /// returns the bytes sent. Sends give up after a second without progress instead of blocking the test.
    static func flood(_ client: RawClient, with piece: [UInt8], upTo limit: Int) -> Int {
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(client.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var sent = 0
        while sent < limit {
            do { try client.send(piece) } catch { break }
            sent += piece.count
        }
        return sent
    }

    static func detail(_ response: RawResponse) throws -> String {
        try response.json()["detail"] as? String ?? ""
    }

    @Test func endlessEmptyLinesBeforeARequestLineGet400() throws {
        // Issue 16: `\r\n` x 32,768 in a loop was buffered without limit (69 MiB in 40 s) and rescanned on every
        // read; no 408, and /health probes timed out. Now they are skipped as they arrive and bounded.
        try TestRoutes.withServer({ $0.eventLoops = 1 }) { server in
            let client = try RawClient(port: server.port)
            _ = Self.flood(client, with: Array(String(repeating: "\r\n", count: 32_768).utf8), upTo: 4 << 20)
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(try Self.detail(response).contains("maxLeadingEmptyLineBytes"))
            #expect(response.headers["Connection"] == "close")
            // The one loop was not held: another client is served.
            let other = try RawClient(port: server.port)
            try other.send("GET /items/after HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.readResponse().text == "item after")
        }
    }

    @Test func emptyLinesUnderTheLimitAreSkippedEvenWhenTrickled() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            for _ in 0..<20 { try client.send("\r\n") }
            try client.send("GET /items/1 HTTP/1.1\r\nHost: t\r\n\r\n\r\n\nGET /items/2 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "item 1")
            #expect(try client.readResponse().text == "item 2")
        }
    }

    @Test func aClientSendingOnlyEmptyLinesMeetsTheHeaderTimeout() throws {
        // A keep-alive connection whose client trickles empty lines, fewer bytes than the limit: the header timeout
        // runs from the first of them (not reset by the next) and ends it with 408, long before the idle timeout.
        try TestRoutes.withServer({
            $0.headerTimeout = 0.5
            $0.idleTimeout = 60
        }) { server in
            let client = try RawClient(port: server.port, timeout: 5)
            try client.send("GET /items/1 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            // At most 100 empty lines (200 bytes, under the 256-byte limit, so only the timeout can end it), one
            // every 100 ms: the connection must be closed by the server (the event), not outlast them all.
            var sendFailed = false
            for _ in 0..<100 {
                do { try client.send("\r\n") } catch {
                    sendFailed = true
                    break
                }
                usleep(100_000)  // the trickle itself: the client's pace, not a wait for the server
            }
            let response = try? client.readResponse()
            #expect(response?.status == 408 || sendFailed)
        }
    }

    @Test func endlessTrailerFieldsGet431() throws {
        // Issue 16: `0\r\n` then endless `X-T: y\r\n` was accepted until the 30 s body timeout (6.6-7.9 GB).
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n")
            let lines = Array(String(repeating: "X-T: y\r\n", count: 8192).utf8)
            _ = Self.flood(client, with: lines, upTo: 4 << 20)
            let response = try client.readResponse()
            #expect(response.status == 431)
            #expect(try Self.detail(response).contains("maxTrailerBytes"))
        }
    }

    @Test func endlessChunkExtensionsGet400() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunks = Array(
                String(repeating: "1;" + String(repeating: "e", count: 100) + "\r\nx\r\n", count: 100).utf8
            )
            _ = Self.flood(client, with: chunks, upTo: 1 << 20)
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(try Self.detail(response).contains("maxChunkExtensionBytes"))
        }
    }

    @Test func aTrailerWithinItsLimitIsAcceptedAndDropped() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            try client.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3;name=\"v\"\r\nabc\r\n0\r\nX-Checksum: 1\r\n\r\n"
            )
            let response = try client.readResponse()
            #expect(response.text == "abc")
            #expect(response.headers["X-Checksum"] == nil)
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let request: String
        let detail: String
        var testDescription: String { name }
    }

    static let ambiguous: [Case] = [
        Case(
            name: "garbage after the chunk size",
            request: "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5 3\r\nhello\r\n0\r\n\r\n",
            detail: "only ';' and a chunk extension may follow"
        ),
        Case(
            name: "bare-LF chunk lines",
            request: "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\n0\n\n",
            detail: "CRLF, not a bare LF"
        ),
        Case(
            name: "a trailer line that is no field",
            request: "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnot a field\r\n\r\n",
            detail: "in the trailer section"
        ),
        Case(
            name: "two Authorization headers",
            request: "GET /items/1 HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer a\r\nAuthorization: Bearer b\r\n\r\n",
            detail: "more than one Authorization header"
        ),
        Case(
            name: "two Origin headers",
            request:
                "GET /items/1 HTTP/1.1\r\nHost: t\r\nOrigin: https://a.example\r\nOrigin: https://b.example\r\n\r\n",
            detail: "more than one Origin header"
        ),
        Case(
            name: "two Content-Type headers",
            request:
                "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: a/b\r\nContent-Type: c/d\r\nContent-Length: 1\r\n\r\nx",
            detail: "more than one Content-Type header"
        ),
        Case(
            name: "an empty Transfer-Encoding",
            request: "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding:\r\n\r\n",
            detail: "Transfer-Encoding is empty"
        ),
    ]

    @Test(arguments: ambiguous)
    func ambiguousFramingAndHeadersGet400(_ c: Case) throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            try client.send(c.request)
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(try Self.detail(response).contains(c.detail))
            #expect(client.isClosedByServer())
        }
    }
}

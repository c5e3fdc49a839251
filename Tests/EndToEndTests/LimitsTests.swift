import Foundation
import HTTPCore
import TestSupport
import Testing

@Suite struct LimitsTests {
    @Test func closesASlowlorisClientWhileServingOthers() throws {
        try TestRoutes.withServer({ $0.headerTimeout = 0.6 }) { server in
            let slow = try RawClient(port: server.port)
            let started = Date()
            try slow.send("GET /items/1 HTTP/1.1\r\n")
            // Trickle a header byte every 100 ms: always active, never finished.
            var closedAfter: TimeInterval?
            for byte in Array("X-Trickle: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8) {
                do { try slow.send([byte]) } catch {
                    closedAfter = Date().timeIntervalSince(started)
                    break
                }
                // Meanwhile a well-behaved client is served at once.
                let fast = try RawClient(port: server.port)
                try fast.send("GET /items/2 HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try fast.readResponse().status == 200)
                usleep(100_000)
                if Date().timeIntervalSince(started) > 3 { break }
            }
            let response = try? slow.readResponse()
            // The event, not a duration: the header timeout closed the trickling client (408, or a reset).
            #expect(response?.status == 408 || closedAfter != nil)
        }
    }

    @Test func closesIdleKeepAliveConnections() throws {
        try TestRoutes.withServer({ $0.idleTimeout = 0.4 }) { server in
            let client = try RawClient(port: server.port, timeout: 3)
            try client.send("GET /items/1 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            let started = Date()
            #expect(client.isClosedByServer())
            // Not closed before its idle time (a lower bound holds under any slowdown); closed within the client's
            // 3 s wait, the event `isClosedByServer` waited for.
            #expect(Date().timeIntervalSince(started) > 0.2)
        }
    }

    @Test func refusesConnectionsOverTheLimitWith503() throws {
        try TestRoutes.withServer({ $0.maxConnections = 2 }) { server in
            let a = try RawClient(port: server.port)
            let b = try RawClient(port: server.port)
            try a.send("GET /items/a HTTP/1.1\r\nHost: t\r\n\r\n")
            try b.send("GET /items/b HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try a.readResponse().status == 200)
            #expect(try b.readResponse().status == 200)
            let c = try RawClient(port: server.port)
            let refused = try c.readResponse()
            #expect(refused.status == 503)
            #expect(refused.headers["Retry-After"] == "1")
            #expect(c.isClosedByServer())
            // The two admitted connections keep working.
            try a.send("GET /items/again HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try a.readResponse().text == "item again")
        }
    }

    @Test func stopsReadingWhileASlowReaderOwesResponses() throws {
        try TestRoutes.withServer({ $0.writeHighWater = 64 * 1024 }) { server in
            let client = try RawClient(port: server.port, timeout: 10)
            // 64 requests for 1 MiB each, sent before reading anything: 64 MiB the server must not buffer.
            let count = 64
            let counter = UUID().uuidString
            try client.send(String(repeating: "GET /big?counter=\(counter) HTTP/1.1\r\nHost: t\r\n\r\n", count: count))
            // The bound itself: while the client reads nothing, the server answers only what fits its write
            // high-water mark and the socket buffers (a few MiB), not 64 MiB of responses. Wait until the count
            // stops moving (three still polls), however slow the machine: without the mark it climbs to all 64.
            var servedBeforeReading = -1
            var still = 0
            for _ in 0..<100 where still < 3 {
                usleep(100_000)
                let now = TestRoutes.bigServed.withLock { $0[counter] ?? 0 }
                still = now == servedBeforeReading ? still + 1 : 0
                servedBeforeReading = now
            }
            // At most the requests one connection may have in progress (`pipelineDepth`, 16), plus what fits the
            // high-water mark and the socket buffers.
            #expect(servedBeforeReading < 24, "answered \(servedBeforeReading) of \(count) before the client read any")
            for _ in 0..<count {
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body.count == TestRoutes.big.count)
                #expect(response.body == TestRoutes.big)
            }
            try client.send("GET /items/end HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "item end")
            #expect(TestRoutes.bigServed.withLock { $0[counter] } == count)
        }
    }
}

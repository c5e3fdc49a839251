import Foundation
import HTTPCore
import TestSupport
import Testing

@Suite struct KeepAliveTests {
    @Test func reusesOneConnectionForSeveralRequests() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            for i in 1...5 {
                try client.send("GET /items/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "item \(i)")
                #expect(response.headers["Connection"] == nil)
            }
            #expect(server.connectionCount == 1)
        }
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            var batch = ""
            for i in 1...20 { batch += "GET /items/\(i) HTTP/1.1\r\nHost: t\r\nX-Request-Id: req-\(i)\r\n\r\n" }
            batch += "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
            batch += "GET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /items/last HTTP/1.1\r\nHost: t\r\n\r\n"
            try client.send(batch)
            for i in 1...20 {
                let response = try client.readResponse()
                #expect(response.text == "item \(i)")
                #expect(response.headers["X-Request-Id"] == "req-\(i)")
            }
            #expect(try client.readResponse().text == "hello")
            #expect(try client.readResponse().text == "slow done")
            #expect(try client.readResponse().text == "item last")
        }
    }

    @Test func closesAfterConnectionClose() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /items/1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["Connection"] == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        try TestRoutes.withServer { server in
            let plain = try RawClient(port: server.port)
            try plain.send("GET /items/1 HTTP/1.0\r\n\r\n")
            #expect(try plain.readResponse().headers["Connection"] == "close")
            #expect(plain.isClosedByServer())

            let kept = try RawClient(port: server.port)
            try kept.send("GET /items/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().headers["Connection"] == "keep-alive")
            try kept.send("GET /items/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().text == "item 2")
        }
    }

    @Test func answersARequestSentByteByByte() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            for byte in Array("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc".utf8) {
                try client.send([byte])
            }
            let response = try client.readResponse()
            #expect(response.text == "abc")
        }
    }

    @Test func readsChunkedBodies() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            try client.send(
                "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: yes\r\n\r\n"
                    + "GET /items/after HTTP/1.1\r\nHost: t\r\n\r\n"
            )
            let echoed = try client.readResponse()
            #expect(echoed.text == "hello world")
            #expect(echoed.headers["X-Body-Length"] == "11")
            #expect(try client.readResponse().text == "item after")
        }
    }

    @Test func sendsContinueBeforeTheBody() throws {
        try TestRoutes.withServer { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("data")
            let final = try client.readResponse()
            #expect(final.status == 200)
            #expect(final.text == "data")
        }
    }

    @Test func refusesAnOversizedBodyBeforeReadingIt() throws {
        try TestRoutes.withServer({ $0.limits.maxBodyBytes = 1000 }) { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.headers["Connection"] == "close")
            #expect(client.isClosedByServer())
        }
    }
}

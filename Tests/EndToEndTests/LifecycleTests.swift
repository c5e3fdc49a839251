import App
import Foundation
import HTTPCore
import TestSupport
import Testing

@Suite struct LifecycleTests {
    @Test func shutdownLetsInFlightRequestsFinish() throws {
        var config = ServerConfiguration()
        config.port = 0
        config.shutdownGrace = 5
        var router = Router()
        TestRoutes.register(&router)
        let entered = DispatchSemaphore(value: 0)
        router.get("/hold") { _ in
            entered.signal()
            usleep(400_000)
            return Response.text("slow done")
        }
        let server = HTTPServer(configuration: config, responder: router.build(), logger: TestServer.logger)
        try server.start()
        let port = server.port

        let busy = try RawClient(port: port)
        let idle = try RawClient(port: port)
        try idle.send("GET /items/1 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        try busy.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(entered.wait(timeout: .now() + 5) == .success)

        let stopped = DispatchSemaphore(value: 0)
        // A thread of its own: under parallel tests the global queue's few workers may all be blocked.
        Thread {
            server.shutdown()
            stopped.signal()
        }.start()
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "slow done")
        #expect(response.headers["Connection"] == "close")
        #expect(idle.isClosedByServer())
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        #expect(throws: SocketError.self) { _ = try RawClient(port: port) }
    }

    @Test func healthReportsStatusVersionAndUptime() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            try client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
            #expect(response.headers["Server"]?.hasPrefix("Charter/") == true)
            #expect(response.headers["Date"].flatMap(HTTPDate.parse) != nil)
            let json = try response.json()
            #expect(json["status"] as? String == "ok")
            #expect(json["version"] as? String == App.CharterVersion.current)
            #expect(json["uptimeSeconds"] as? Int == 0)
            #expect(json["database"] as? String == "ok")
        }
    }

    @Test func healthIs503WhenTheDatabaseCannotBeRead() throws {
        try TestServer.withCharter { service in
            service.database.close()
            let client = try RawClient(port: service.port)
            try client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 503)
            #expect(try response.json()["database"] as? String == "unavailable")
        }
    }
}

import Foundation
import HTTPCore
import Synchronization
import TestSupport
import Testing

/// A handler that blocks until the test opens it: `entered` says it is running, and it cannot return before `open()`.
/// Nothing here is timed: each gives up after 20 s only so that a broken server fails the test instead of hanging it.
final class Gate: Sendable {
    private let enteredSignal = DispatchSemaphore(value: 0)
    private let openSignal = DispatchSemaphore(value: 0)

    func pass() {
        enteredSignal.signal()
        _ = openSignal.wait(timeout: .now() + 20)
    }
    func waitUntilEntered() -> Bool { enteredSignal.wait(timeout: .now() + 20) == .success }
    func open() { openSignal.signal() }
}

/// Events in the order they happened, from any thread.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])
    func record(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
    /// Waits (bounded) until `event` was recorded.
    func waitFor(_ event: String) -> Bool {
        for _ in 0..<2000 {
            if all.contains(event) { return true }
            usleep(10_000)
        }
        return false
    }
}

@Suite struct WorkerPoolWireTests {
    @Test func aSlowHandlerDoesNotDelayAnotherRequestOnTheSameLoop() throws {
        let gate = Gate()
        let log = EventLog()
        try TestServer.withServer(
            { $0.eventLoops = 1 },
            routes: { router in
                TestRoutes.register(&router)
                router.get("/gate") { _ in
                    gate.pass()
                    log.record("slow handler returned")
                    return Response.text("slow done")
                }
            }
        ) { server in
            let slow = try RawClient(port: server.port)
            try slow.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(gate.waitUntilEntered())
            // The only loop read the slow request and its handler is still running (it cannot return before open()):
            // another client on that loop is answered all the same.
            let other = try RawClient(port: server.port)
            try other.send("GET /items/7 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.readResponse().text == "item 7")
            try other.send("GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.readResponse().status == 404)
            #expect(log.all.isEmpty)
            gate.open()
            #expect(try slow.readResponse().text == "slow done")
            #expect(log.all == ["slow handler returned"])
        }
    }

    @Test func pipelinedResponsesStayInOrderWhenHandlersFinishOutOfOrder() throws {
        let gates = (0...3).map { _ in Gate() }
        let log = EventLog()
        try TestServer.withServer(
            {
                $0.eventLoops = 1
                $0.workers = 3
            },
            routes: { router in
                router.get("/gate/:n") { request in
                    let n = Int(request.parameters["n"] ?? "") ?? 0
                    gates[n].pass()
                    log.record("finished \(n)")
                    return Response.text("gate \(n)")
                }
            }
        ) { server in
            let client = try RawClient(port: server.port)
            try client.send(
                (1...3).map { "GET /gate/\($0) HTTP/1.1\r\nHost: t\r\nX-Request-Id: r\($0)\r\n\r\n" }.joined()
            )
            // All three run at once…
            for n in 1...3 { #expect(gates[n].waitUntilEntered()) }
            // …and finish last to first.
            gates[3].open()
            #expect(log.waitFor("finished 3"))
            gates[2].open()
            #expect(log.waitFor("finished 2"))
            gates[1].open()
            for n in 1...3 {
                let response = try client.readResponse()
                #expect(response.text == "gate \(n)")
                #expect(response.headers["X-Request-Id"] == "r\(n)")
            }
            #expect(log.all == ["finished 3", "finished 2", "finished 1"])
        }
    }

    @Test func aPipelinedUnsafeRequestWaitsForTheAnswersBeforeIt() throws {
        let gate = Gate()
        let log = EventLog()
        try TestServer.withServer(
            {
                $0.eventLoops = 1
                $0.workers = 4
            },
            routes: { router in
                router.get("/gate") { _ in
                    gate.pass()
                    log.record("GET returned")
                    return Response.text("read")
                }
                router.post("/record") { _ in
                    log.record("POST ran")
                    return Response.text("written")
                }
                router.get("/after") { _ in
                    log.record("later GET ran")
                    return Response.text("after")
                }
            }
        ) { server in
            let client = try RawClient(port: server.port)
            try client.send(
                "GET /gate HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "POST /record HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi"
                    + "GET /after HTTP/1.1\r\nHost: t\r\n\r\n"
            )
            #expect(gate.waitUntilEntered())
            // Workers are free, yet neither the POST nor the GET behind it may start while the first GET runs.
            usleep(200_000)
            #expect(log.all.isEmpty)
            gate.open()
            #expect(try client.readResponse().text == "read")
            #expect(try client.readResponse().text == "written")
            #expect(try client.readResponse().text == "after")
            #expect(log.all == ["GET returned", "POST ran", "later GET ran"])
        }
    }

    @Test func aContinueForAPipelinedRequestWaitsForTheAnswersBeforeIt() throws {
        let gate = Gate()
        try TestServer.withServer(
            { $0.eventLoops = 1 },
            routes: { router in
                TestRoutes.register(&router)
                router.get("/gate") { _ in
                    gate.pass()
                    return Response.text("first")
                }
            }
        ) { server in
            let client = try RawClient(port: server.port)
            try client.send(
                "GET /gate HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"
            )
            #expect(gate.waitUntilEntered())
            gate.open()
            // The interim response belongs to the second request: it follows the first one's answer.
            #expect(try client.readResponse().text == "first")
            #expect(try client.readResponse().status == 100)
            try client.send("body")
            #expect(try client.readResponse().text == "body")
        }
    }

    @Test func aRequestPastItsDeadlineGets503AndItsLateAnswerIsDropped() throws {
        let gate = Gate()
        let log = EventLog()
        try TestServer.withServer(
            {
                $0.eventLoops = 1
                $0.requestTimeout = 0.3
            },
            routes: { router in
                TestRoutes.register(&router)
                router.get("/late") { _ in
                    gate.pass()
                    log.record("late handler returned")
                    return Response.text("too late")
                }
            }
        ) { server in
            let client = try RawClient(port: server.port, timeout: 20)
            try client.send("GET /late HTTP/1.1\r\nHost: t\r\nX-Request-Id: late-1\r\n\r\n")
            #expect(gate.waitUntilEntered())
            let response = try client.readResponse()
            #expect(response.status == 503)
            #expect(response.headers["Content-Type"] == "application/problem+json")
            #expect(response.headers["X-Request-Id"] == "late-1")
            #expect((try response.json()["detail"] as? String)?.contains("not answered within 0.3 s") == true)
            #expect(log.all.isEmpty)
            // The handler finishes afterwards; its answer must never reach the client.
            gate.open()
            #expect(log.waitFor("late handler returned"))
            try client.send("GET /items/next HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "item next")
        }
    }

    @Test func aFullQueueIsAnswered503WithRetryAfterAtOnce() throws {
        let gates = [Gate(), Gate()]
        try TestServer.withServer(
            {
                $0.eventLoops = 1
                $0.workers = 1
                $0.maxQueuedRequests = 1
            },
            routes: { router in
                TestRoutes.register(&router)
                router.get("/gate/:n") { request in
                    let n = Int(request.parameters["n"] ?? "") ?? 0
                    gates[n].pass()
                    return Response.text("gate \(n)")
                }
            }
        ) { server in
            let running = try RawClient(port: server.port)
            try running.send("GET /gate/0 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(gates[0].waitUntilEntered())
            let queued = try RawClient(port: server.port)
            try queued.send("GET /gate/1 HTTP/1.1\r\nHost: t\r\n\r\n")
            for _ in 0..<2000 where server.queuedRequestCount < 1 { usleep(10_000) }
            #expect(server.queuedRequestCount == 1)

            let refused = try RawClient(port: server.port)
            try refused.send("GET /items/1 HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try refused.readResponse()
            #expect(response.status == 503)
            #expect(response.headers["Retry-After"] == "1")
            #expect(response.headers["Content-Type"] == "application/problem+json")
            #expect(response.headers["Connection"] == nil)  // a refusal does not cost the connection

            gates[0].open()
            #expect(try running.readResponse().text == "gate 0")
            #expect(gates[1].waitUntilEntered())
            gates[1].open()
            #expect(try queued.readResponse().text == "gate 1")
            try refused.send("GET /items/1 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try refused.readResponse().text == "item 1")
        }
    }
}

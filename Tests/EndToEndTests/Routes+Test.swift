import Foundation
import HTTPCore
import Synchronization
import TestSupport

/// Routes the wire tests need beyond Charter's own: echo a body, answer slowly, answer big.
enum TestRoutes {
    static let big: [UInt8] = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    /// How many `/big?counter=NAME` requests were answered, by name: what a test counts to see how far the server
    /// read ahead of a client that reads nothing.
    static let bigServed = LockedValue<[String: Int]>([:])

    static func register(_ router: inout Router) {
        router.post("/echo") { request in
            var response = Response.bytes(request.body, contentType: "application/octet-stream")
            response.headers["X-Body-Length"] = String(request.body.count)
            return response
        }
        router.get("/slow") { _ in
            usleep(300_000)
            return Response.text("slow done")
        }
        router.get("/big") { request in
            if let counter = request.query["counter"] { bigServed.withLock { $0[counter, default: 0] += 1 } }
            return Response.bytes(big, contentType: "application/octet-stream")
        }
        router.get("/items/:id") { request in Response.text("item \(request.parameters["id"] ?? "?")") }
    }

    /// Runs `body` with a bare server carrying the test routes.
    static func withServer<T>(
        _ configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: (HTTPServer) throws -> T
    ) throws -> T {
        try TestServer.withServer(configure, routes: { register(&$0) }, body)
    }
}

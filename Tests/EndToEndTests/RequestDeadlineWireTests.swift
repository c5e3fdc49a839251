import App
import Foundation
import HTTPCore
import Storage
import TestSupport
import Testing

/// Request deadlines end to end: the real server, the app's deadline middleware and error mapping, and a real
/// SQLite file that is checked afterwards.
@Suite struct RequestDeadlineWireTests {
    /// Counts to a billion: minutes of work, unless interrupted.
    static let endless =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000000000) SELECT count(*) FROM c"

    /// A server whose routes write a note and then take too long in three ways.
    static func withNotesServer(_ body: (HTTPServer, DatabasePool, EventLog) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("charter-deadline-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pool = try DatabasePool(path: folder + "/notes.sqlite")
        defer { pool.close() }
        try pool.write { db in try db.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT") }
        let log = EventLog()

        var router = Router()
        // Still inside its transaction when the deadline comes: the statement is interrupted.
        router.post("/notes/endless") { _ in
            do {
                try pool.write { db in
                    try db.execute("INSERT INTO notes(body) VALUES ('endless')")
                    _ = try db.scalar(Int.self, endless)
                }
                log.record("endless committed")
            } catch let error as SQLiteError where error.isInterrupted {
                log.record("endless interrupted")
                throw error
            }
            return Response.text("written")
        }
        // Outside SQLite, but about to commit, after the client was told 503: the commit is refused.
        router.post("/notes/after-expiry") { request in
            do {
                try pool.write { db in
                    try db.execute("INSERT INTO notes(body) VALUES ('after expiry')")
                    for _ in 0..<2000 where request.deadline?.isExpired != true { usleep(10_000) }
                }
                log.record("after-expiry committed")
            } catch let error as SQLiteError where error.isInterrupted {
                log.record("after-expiry rolled back")
                throw error
            }
            return Response.text("written")
        }
        // Committed in time, then slow: the client gets the real answer, never a 503 for a kept write.
        router.post("/notes/commit-then-dawdle") { request in
            try pool.write { db in try db.execute("INSERT INTO notes(body) VALUES ('kept')") }
            for _ in 0..<2000 where request.deadline?.hasPassed != true { usleep(10_000) }
            usleep(300_000)  // a few of the loop's deadline sweeps
            return Response.text("kept")
        }

        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.eventLoops = 1
        configuration.requestTimeout = 0.4
        configuration.shutdownGrace = 2
        let responder = MiddlewareChain(
            [
                DeadlineMiddleware(),
                ErrorMiddleware(logger: TestServer.logger, map: ErrorMapping.make(logger: TestServer.logger)),
            ],
            around: router.build()
        )
        let server = HTTPServer(configuration: configuration, responder: responder, logger: TestServer.logger)
        try server.start()
        defer { server.shutdown() }
        try body(server, pool, log)
    }

    static func notes(_ pool: DatabasePool) throws -> [String] {
        try pool.read { db in try db.query("SELECT body FROM notes ORDER BY id").map { try $0.get(0, as: String.self) }
        }
    }

    @Test func aWriteCutByTheDeadlineIs503AndRolledBack() throws {
        try Self.withNotesServer { server, pool, log in
            let client = try RawClient(port: server.port, timeout: 20)
            try client.send("POST /notes/endless HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 503)
            #expect(response.headers["Content-Type"] == "application/problem+json")
            // The statement was interrupted (it would otherwise run for minutes) and nothing was kept.
            #expect(log.waitFor("endless interrupted"))
            #expect(try Self.notes(pool) == [])
            // The writer works again at once.
            try client.send("POST /notes/commit-then-dawdle HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            #expect(try client.readResponse().text == "kept")
            #expect(try Self.notes(pool) == ["kept"])
        }
    }

    @Test func aWriteFinishingAfterItsClientWasAnswered503DoesNotCommit() throws {
        try Self.withNotesServer { server, pool, log in
            let client = try RawClient(port: server.port, timeout: 20)
            try client.send("POST /notes/after-expiry HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            #expect(try client.readResponse().status == 503)
            #expect(log.waitFor("after-expiry rolled back"))
            #expect(!log.all.contains("after-expiry committed"))
            #expect(try Self.notes(pool) == [])
        }
    }

    @Test func aCommittedWriteIsAnsweredEvenPastItsDeadline() throws {
        try Self.withNotesServer { server, pool, _ in
            let client = try RawClient(port: server.port, timeout: 20)
            try client.send("POST /notes/commit-then-dawdle HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "kept")
            #expect(try Self.notes(pool) == ["kept"])
        }
    }
}

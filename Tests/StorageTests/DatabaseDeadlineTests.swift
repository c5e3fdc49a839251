import Foundation
import Storage
import Testing

@Suite struct DatabaseDeadlineTests {
    /// A statement that would run for minutes: counts to a billion.
    static let endless =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000000000) SELECT count(*) FROM c"

    static func makePool(_ dir: TemporaryDirectory) throws -> DatabasePool {
        let pool = try DatabasePool(path: dir.file())
        try pool.write { db in try db.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT") }
        return pool
    }

    static func deadline(in seconds: Double, beginCommit: @escaping @Sendable () -> Bool = { true }) -> DatabaseDeadline
    {
        DatabaseDeadline(
            monotonicNanoseconds: DatabaseDeadline.now() + UInt64(seconds * 1_000_000_000),
            beginCommit: beginCommit
        )
    }

    @Test func aWriteCutByItsDeadlineRollsBack() throws {
        try TemporaryDirectory.with { dir in
            let pool = try Self.makePool(dir)
            #expect {
                try DatabaseDeadline.$current.withValue(Self.deadline(in: 0.2)) {
                    try pool.write { db in
                        try db.execute("INSERT INTO notes(body) VALUES ('half-written')")
                        _ = try db.scalar(Int.self, Self.endless)
                    }
                }
            } throws: { error in
                (error as? SQLiteError)?.isInterrupted == true
            }
            #expect(try pool.read { db in try db.scalar(Int.self, "SELECT count(*) FROM notes") } == 0)
            // The writer is usable again, without the deadline.
            try pool.write { db in try db.execute("INSERT INTO notes(body) VALUES ('later')") }
            #expect(try pool.read { db in try db.scalar(Int.self, "SELECT count(*) FROM notes") } == 1)
        }
    }

    @Test func aReadCutByItsDeadlineThrowsInterrupted() throws {
        try TemporaryDirectory.with { dir in
            let pool = try Self.makePool(dir)
            #expect {
                try DatabaseDeadline.$current.withValue(Self.deadline(in: 0.2)) {
                    try pool.read { db in try db.scalar(Int.self, Self.endless) }
                }
            } throws: { error in
                (error as? SQLiteError)?.isInterrupted == true
            }
            // The reader's deadline was disarmed: a read without one runs to its end.
            #expect(try pool.read { db in try db.scalar(Int.self, "SELECT count(*) FROM notes") } == 0)
        }
    }

    @Test func aWriteWhoseRequestExpiredDoesNotCommit() throws {
        try TemporaryDirectory.with { dir in
            let pool = try Self.makePool(dir)
            let asked = Locked(0)
            let refuse = Self.deadline(in: 60) {
                asked.withLock { $0 += 1 }
                return false
            }
            #expect {
                try DatabaseDeadline.$current.withValue(refuse) {
                    try pool.write { db in try db.execute("INSERT INTO notes(body) VALUES ('answered 503')") }
                }
            } throws: { error in
                (error as? SQLiteError)?.isInterrupted == true
            }
            #expect(asked.current == 1)
            #expect(try pool.read { db in try db.scalar(Int.self, "SELECT count(*) FROM notes") } == 0)

            try DatabaseDeadline.$current.withValue(Self.deadline(in: 60)) {
                try pool.write { db in try db.execute("INSERT INTO notes(body) VALUES ('in time')") }
            }
            #expect(try pool.read { db in try db.scalar(Int.self, "SELECT count(*) FROM notes") } == 1)
        }
    }

    @Test func workPastItsDeadlineDoesNotStart() throws {
        try TemporaryDirectory.with { dir in
            let pool = try Self.makePool(dir)
            let passed = DatabaseDeadline(monotonicNanoseconds: DatabaseDeadline.now() - 1)
            #expect {
                try DatabaseDeadline.$current.withValue(passed) {
                    try pool.write { db in try db.execute("INSERT INTO notes(body) VALUES ('late')") }
                }
            } throws: { error in
                (error as? SQLiteError)?.isInterrupted == true
            }
            #expect(throws: SQLiteError.self) {
                try DatabaseDeadline.$current.withValue(passed) { try pool.read { _ in 1 } }
            }
            #expect(try pool.read { db in try db.scalar(Int.self, "SELECT count(*) FROM notes") } == 0)
        }
    }

    @Test func readIfFreeDoesNotWaitForABusyReader() throws {
        try TemporaryDirectory.with { dir in
            var configuration = DatabasePool.Configuration()
            configuration.readerCount = 1
            let pool = try DatabasePool(path: dir.file(), configuration: configuration)
            #expect(try pool.readIfFree { db in try db.scalar(Int.self, "SELECT 1") } == 1)
            let entered = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let reader = startThread {
                _ = try? pool.read { _ in
                    entered.signal()
                    _ = release.wait(timeout: .now() + 10)
                }
            }
            #expect(entered.wait(timeout: .now() + 10) == .success)
            #expect(try pool.readIfFree { _ in 1 } == nil)
            release.signal()
            #expect(reader.wait(timeout: .now() + 10) == .success)
            #expect(try pool.readIfFree { _ in 1 } == 1)
        }
    }
}

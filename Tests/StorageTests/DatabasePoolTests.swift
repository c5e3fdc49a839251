import Foundation
import Storage
import Testing

@Suite struct DatabasePoolTests {
    @Test func readersSeeOnlyWholeCommittedTransactions() throws {
        try TemporaryDirectory.with { dir in
            let pool = try DatabasePool(path: dir.file())
            try pool.write { db in
                try db.execute("CREATE TABLE pairs(id INTEGER PRIMARY KEY, n INTEGER NOT NULL) STRICT")
            }
            let transactions = 300
            let writerDone = Locked(false)
            let problems = Locked([String]())
            let reads = Locked(0)

            let writer = startThread {
                do {
                    for n in 0..<transactions {
                        try pool.write { db in
                            try db.execute("INSERT INTO pairs(n) VALUES (?)", [n])
                            try db.execute("INSERT INTO pairs(n) VALUES (?)", [n])
                        }
                    }
                } catch {
                    problems.withLock { $0.append("writer: \(error)") }
                }
                writerDone.withLock { $0 = true }
            }
            let readers = (0..<6).map { reader in
                startThread {
                    var lastCount = 0
                    repeat {
                        do {
                            try pool.read { db in
                                let count = try db.scalar(Int.self, "SELECT count(*) FROM pairs")
                                let sum = try db.scalar(Int.self, "SELECT coalesce(sum(n), 0) FROM pairs")
                                // Same snapshot for both queries: count rows hold 0, 0, 1, 1, …
                                let pairs = count / 2
                                if count % 2 != 0 { problems.withLock { $0.append("reader \(reader): odd \(count)") } }
                                if sum != pairs * (pairs - 1) {
                                    problems.withLock { $0.append("reader \(reader): sum \(sum) for \(count)") }
                                }
                                if count < lastCount { problems.withLock { $0.append("reader \(reader): went back") } }
                                lastCount = count
                            }
                            reads.withLock { $0 += 1 }
                        } catch {
                            problems.withLock { $0.append("reader \(reader): \(error)") }
                        }
                    } while !writerDone.current
                }
            }
            #expect(writer.wait(timeout: .now() + 60) == .success)
            for reader in readers { #expect(reader.wait(timeout: .now() + 60) == .success) }
            #expect(problems.current == [])
            #expect(reads.current >= 6)
            #expect(try pool.read { try $0.scalar(Int.self, "SELECT count(*) FROM pairs") } == transactions * 2)
        }
    }

    @Test func readDoesNotWaitForAnOpenWriteTransaction() throws {
        try TemporaryDirectory.with { dir in
            let pool = try DatabasePool(path: dir.file())
            try pool.write { db in
                try db.execute("CREATE TABLE t(x INTEGER) STRICT")
                try db.execute("INSERT INTO t VALUES (1)")
            }
            let writeStarted = DispatchSemaphore(value: 0)
            let releaseWrite = DispatchSemaphore(value: 0)
            let writer = startThread {
                _ = try? pool.write { db in
                    try db.execute("INSERT INTO t VALUES (2)")
                    writeStarted.signal()
                    _ = releaseWrite.wait(timeout: .now() + 30)
                }
            }
            #expect(writeStarted.wait(timeout: .now() + 10) == .success)

            let seen = Locked<Int?>(nil)
            let reader = startThread {
                seen.withLock { $0 = try? pool.read { try $0.scalar(Int.self, "SELECT count(*) FROM t") } }
            }
            let readFinishedDuringWrite = reader.wait(timeout: .now() + 10) == .success
            releaseWrite.signal()
            #expect(readFinishedDuringWrite)
            #expect(seen.current == 1)  // the uncommitted row is invisible
            #expect(writer.wait(timeout: .now() + 10) == .success)
            #expect(try pool.read { try $0.scalar(Int.self, "SELECT count(*) FROM t") } == 2)
        }
    }

    @Test func writesAreSerializedAcrossThreads() throws {
        try TemporaryDirectory.with { dir in
            let pool = try DatabasePool(path: dir.file())
            try pool.write { db in
                try db.execute("CREATE TABLE counter(n INTEGER NOT NULL) STRICT; INSERT INTO counter VALUES (0)")
            }
            let failures = Locked(0)
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                for _ in 0..<50 {
                    do {
                        try pool.write { db in
                            // Read-modify-write: loses updates unless writes are serialized.
                            let n = try db.scalar(Int.self, "SELECT n FROM counter")
                            try db.execute("UPDATE counter SET n = ?", [n + 1])
                        }
                    } catch {
                        failures.withLock { $0 += 1 }
                    }
                }
            }
            #expect(failures.current == 0)
            #expect(try pool.read { try $0.scalar(Int.self, "SELECT n FROM counter") } == 400)
        }
    }

    @Test func nestedWorkInsideReadAndWriteUsesSavepoints() throws {
        try TemporaryDirectory.with { dir in
            let pool = try DatabasePool(path: dir.file())
            struct Skip: Error {}
            try pool.write { db in
                try db.execute("CREATE TABLE t(x INTEGER) STRICT")
                try db.execute("INSERT INTO t VALUES (1)")
                try? db.transaction(.immediate) { db in
                    try db.execute("INSERT INTO t VALUES (2)")
                    throw Skip()
                }
            }
            let (count, nested) = try pool.read { db in
                let count = try db.scalar(Int.self, "SELECT count(*) FROM t")
                let nested = try db.transaction { db in try db.scalar(Int.self, "SELECT max(x) FROM t") }
                return (count, nested)
            }
            #expect(count == 1)
            #expect(nested == 1)
        }
    }

    /// On the writer's thread the pool is re-entrant: a nested `write` is a savepoint (its throw undoes only its
    /// own work), a nested `read` sees the outer transaction's uncommitted rows, and nothing commits until the
    /// outer write returns. Another thread's read meanwhile sees none of it.
    @Test func nestedCallsOnTheWriterThreadJoinItsTransaction() throws {
        try TemporaryDirectory.with { dir in
            let pool = try DatabasePool(path: dir.file())
            struct Skip: Error {}
            try pool.write { db in try db.execute("CREATE TABLE t(x INTEGER) STRICT") }
            let seen = try pool.write { db -> (inner: Int, outside: Int) in
                try db.execute("INSERT INTO t VALUES (1)")
                try pool.write { db in try db.execute("INSERT INTO t VALUES (2)") }
                try? pool.write { db in
                    try db.execute("INSERT INTO t VALUES (3)")
                    throw Skip()
                }
                let inner = try pool.read { db in try db.scalar(Int.self, "SELECT count(*) FROM t") }
                final class Box: @unchecked Sendable {  // written by the other thread before `done` is signalled
                    var count = -1
                }
                let box = Box()
                let done = DispatchSemaphore(value: 0)
                Thread {
                    box.count = (try? pool.read { db in try db.scalar(Int.self, "SELECT count(*) FROM t") }) ?? -2
                    done.signal()
                }.start()
                done.wait()
                let outside = box.count
                return (inner, outside)
            }
            #expect(seen.inner == 2)
            #expect(seen.outside == 0)
            #expect(try pool.read { db in try db.scalar(Int.self, "SELECT sum(x) FROM t") } == 3)
            #expect(pool.isWriterThread == false)
        }
    }

    @Test func readersCannotWrite() throws {
        try TemporaryDirectory.with { dir in
            let pool = try DatabasePool(path: dir.file())
            try pool.write { db in try db.execute("CREATE TABLE t(x INTEGER) STRICT") }
            let error = #expect(throws: SQLiteError.self) {
                try pool.read { db in try db.execute("INSERT INTO t VALUES (1)") }
            }
            #expect(error?.code == 8)  // SQLITE_READONLY
        }
    }

    @Test func closedPoolRefusesWorkAndHealthCheckFails() throws {
        try TemporaryDirectory.with { dir in
            let pool = try DatabasePool(path: dir.file())
            try pool.quickHealthCheck()
            pool.close()
            pool.close()
            #expect(throws: SQLiteError.self) { try pool.quickHealthCheck() }
            #expect(throws: SQLiteError.self) { try pool.write { _ in } }
        }
    }
}

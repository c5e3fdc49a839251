import Storage
import Testing

private struct Boom: Error {}

@Suite struct TransactionTests {
    private func makeDatabase(_ dir: TemporaryDirectory) throws -> Database {
        let db = try Database(path: dir.file())
        try db.execute("CREATE TABLE items(name TEXT NOT NULL) STRICT")
        return db
    }

    private func names(_ db: Database) throws -> [String] {
        try db.query("SELECT name FROM items ORDER BY rowid").map { try $0.get(0) }
    }

    @Test func transactionCommitsWhenTheBodyReturns() throws {
        try TemporaryDirectory.with { dir in
            let db = try makeDatabase(dir)
            let rowID = try db.transaction(.immediate) { db in
                #expect(db.isInTransaction)
                try db.execute("INSERT INTO items VALUES ('a')")
                try db.execute("INSERT INTO items VALUES ('b')")
                return db.lastInsertRowID
            }
            #expect(rowID == 2)
            #expect(!db.isInTransaction)
            // Another connection sees the commit.
            let other = try Database(path: dir.file())
            #expect(try names(other) == ["a", "b"])
        }
    }

    @Test func transactionRollsBackEverythingWhenTheBodyThrows() throws {
        try TemporaryDirectory.with { dir in
            let db = try makeDatabase(dir)
            try db.execute("INSERT INTO items VALUES ('before')")
            #expect(throws: Boom.self) {
                try db.transaction(.immediate) { db in
                    try db.execute("INSERT INTO items VALUES ('a')")
                    try db.execute("UPDATE items SET name = 'changed'")
                    throw Boom()
                }
            }
            #expect(!db.isInTransaction)
            #expect(try names(db) == ["before"])
        }
    }

    @Test func failingStatementRollsBackTheTransaction() throws {
        try TemporaryDirectory.with { dir in
            let db = try makeDatabase(dir)
            #expect(throws: SQLiteError.self) {
                try db.transaction(.immediate) { db in
                    try db.execute("INSERT INTO items VALUES ('a')")
                    try db.execute("INSERT INTO items VALUES (NULL)")
                }
            }
            #expect(try names(db).isEmpty)
        }
    }

    @Test func innerSavepointThatThrowsUndoesOnlyItsOwnWork() throws {
        try TemporaryDirectory.with { dir in
            let db = try makeDatabase(dir)
            try db.transaction(.immediate) { db in
                try db.execute("INSERT INTO items VALUES ('outer-1')")
                #expect(throws: Boom.self) {
                    try db.savepoint { db in
                        try db.execute("INSERT INTO items VALUES ('inner')")
                        try db.execute("UPDATE items SET name = 'clobbered' WHERE name = 'outer-1'")
                        throw Boom()
                    }
                }
                // A nested transaction() is a savepoint too, and commits with the outer one.
                try db.transaction(.immediate) { db in
                    try db.execute("INSERT INTO items VALUES ('nested')")
                }
                try db.execute("INSERT INTO items VALUES ('outer-2')")
            }
            #expect(try names(db) == ["outer-1", "nested", "outer-2"])
        }
    }

    @Test func outerThrowUndoesReleasedSavepoints() throws {
        try TemporaryDirectory.with { dir in
            let db = try makeDatabase(dir)
            #expect(throws: Boom.self) {
                try db.transaction(.immediate) { db in
                    try db.savepoint { db in
                        try db.savepoint { db in try db.execute("INSERT INTO items VALUES ('deep')") }
                    }
                    throw Boom()
                }
            }
            #expect(try names(db).isEmpty)
        }
    }

    @Test func inMemoryDatabaseWorksWithoutWal() throws {
        let db = try Database(path: ":memory:")
        #expect(try db.scalar(String.self, "PRAGMA journal_mode") == "memory")
        try db.execute("CREATE TABLE items(name TEXT NOT NULL) STRICT")
        try db.transaction(.immediate) { db in try db.execute("INSERT INTO items VALUES ('m')") }
        #expect(try names(db) == ["m"])
    }

    @Test func savepointOutsideATransactionCommitsOnReturn() throws {
        try TemporaryDirectory.with { dir in
            let db = try makeDatabase(dir)
            try db.savepoint { db in try db.execute("INSERT INTO items VALUES ('x')") }
            #expect(!db.isInTransaction)
            #expect(try names(Database(path: dir.file())) == ["x"])
        }
    }

    /// Work registered with `beforeCommit` runs once per key, inside the transaction, right before the commit; a
    /// throw from it rolls the whole transaction back; a rolled-back transaction forgets what it registered.
    @Test func beforeCommitRunsOncePerKeyInsideTheTransaction() throws {
        try TemporaryDirectory.with { dir in
            let db = try makeDatabase(dir)
            try db.transaction(.immediate) { db in
                for n in 1...3 {
                    try db.execute("INSERT INTO items VALUES (?)", ["w\(n)"])
                    try db.beforeCommit("summary") { db in
                        let count = try db.scalar(Int.self, "SELECT count(*) FROM items")
                        try db.execute("INSERT INTO items VALUES (?)", ["after \(count)"])
                    }
                }
            }
            #expect(try names(db) == ["w1", "w2", "w3", "after 3"])
            #expect(throws: Boom.self) {
                try db.transaction(.immediate) { db in
                    try db.execute("INSERT INTO items VALUES ('undone')")
                    try db.beforeCommit("fails") { _ in throw Boom() }
                }
            }
            #expect(try names(db) == ["w1", "w2", "w3", "after 3"])
            #expect(throws: Boom.self) {
                try db.transaction(.immediate) { db in
                    try db.beforeCommit("left over") { db in try db.execute("INSERT INTO items VALUES ('stale')") }
                    throw Boom()
                }
            }
            try db.transaction(.immediate) { db in try db.execute("INSERT INTO items VALUES ('next')") }
            #expect(try names(db) == ["w1", "w2", "w3", "after 3", "next"])
        }
    }
}

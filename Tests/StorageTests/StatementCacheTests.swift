import Storage
import Testing

@Suite struct StatementCacheTests {
    @Test func sameSQLReturnsTheSameStatement() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            try db.execute("CREATE TABLE t(x INTEGER) STRICT")
            let baseline = db.cachedStatementCount
            let sql = "INSERT INTO t VALUES (?)"
            let first = try db.cachedStatement(sql)
            let second = try db.cachedStatement(sql)
            #expect(first === second)
            #expect(db.cachedStatementCount == baseline + 1)
            for value in 0..<100 { try db.execute(sql, [value]) }
            #expect(db.cachedStatementCount == baseline + 1)
            #expect(try db.cachedStatement(sql) === first)
            #expect(try db.scalar(Int.self, "SELECT count(*) FROM t") == 100)
            #expect(try db.prepare(sql) !== first)  // prepare() is never cached
        }
    }

    @Test func reusedStatementHasItsBindingsCleared() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            let statement = try db.cachedStatement("SELECT ?")
            try statement.bind(.text("left over"), at: 1)
            let again = try db.cachedStatement("SELECT ?")
            #expect(again === statement)
            #expect(try again.queryOne()?[0] == .null)
        }
    }

    @Test func cachedStatementInUseIsNotHandedOutTwice() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            let series = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?) SELECT x FROM n"
            var pairs = [[Int]]()
            try db.forEach(series, [3]) { outer in
                let inner = try db.query(series, [2]).map { try $0.get(0, as: Int.self) }
                pairs.append([try outer.get(0, as: Int.self)] + inner)
            }
            #expect(pairs == [[1, 1, 2], [2, 1, 2], [3, 1, 2]])
        }
    }

    @Test func scriptsRunEveryStatementAndAreNotCached() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            let before = db.cachedStatementCount
            try db.execute("CREATE TABLE a(x INTEGER) STRICT; INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);")
            #expect(db.cachedStatementCount == before)
            #expect(try db.scalar(Int.self, "SELECT sum(x) FROM a") == 3)
            #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO a VALUES (?); SELECT 1", [1]) }
            #expect(throws: SQLiteError.self) { try db.prepare("SELECT 1; SELECT 2") }
        }
    }

    @Test func cacheIsEmptiedWhenFull() throws {
        try TemporaryDirectory.with { dir in
            var configuration = Database.Configuration()
            configuration.statementCacheCapacity = 4
            let db = try Database(path: dir.file(), configuration: configuration)
            db.clearStatementCache()
            for value in 0..<10 { _ = try db.scalar(Int.self, "SELECT \(value)") }
            #expect(db.cachedStatementCount <= 4)
            #expect(db.cachedStatementCount >= 1)
        }
    }
}

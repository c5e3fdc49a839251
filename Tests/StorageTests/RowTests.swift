import Storage
import Testing

private struct Project: RowDecodable, Equatable {
    var id: Int64
    var name: String
    var budget: Double?

    init(id: Int64, name: String, budget: Double?) {
        self.id = id
        self.name = name
        self.budget = budget
    }

    init(row: Row) throws {
        id = try row.get("id")
        name = try row.get("name")
        budget = try row.get("budget")
    }
}

@Suite struct RowTests {
    private func makeDatabase(_ dir: TemporaryDirectory) throws -> Database {
        let db = try Database(path: dir.file())
        try db.execute(
            """
            CREATE TABLE projects(id INTEGER PRIMARY KEY, name TEXT NOT NULL, budget REAL) STRICT;
            INSERT INTO projects VALUES (1, 'Apollo', 2.5e6), (2, 'Gemini', NULL);
            """
        )
        return db
    }

    @Test func columnsAreReadByNameOrPositionWithTypes() throws {
        try TemporaryDirectory.with { dir in
            let db = try makeDatabase(dir)
            let row = try #require(try db.queryOne("SELECT id, name, budget FROM projects WHERE id = ?", [2]))
            #expect(row.columnNames == ["id", "name", "budget"])
            #expect(try row.get("ID", as: Int.self) == 2)  // names are case-insensitive, as in SQL
            #expect(try row.get(1, as: String.self) == "Gemini")
            #expect(try row.get("budget", as: Double?.self) == nil)
            #expect(row["budget"] == .null)
            #expect(row["nope"] == nil)
            #expect(row.hasColumn("Name"))
        }
    }

    @Test func readingTheWrongTypeOrNullThrowsAClearError() throws {
        try TemporaryDirectory.with { dir in
            let db = try makeDatabase(dir)
            let row = try #require(try db.queryOne("SELECT id, name, budget FROM projects WHERE id = 2"))
            #expect(throws: RowDecodingError.unexpectedNull(column: "budget", expected: "Double")) {
                try row.get("budget", as: Double.self)
            }
            #expect(throws: RowDecodingError.typeMismatch(column: "name", expected: "Int", found: "TEXT")) {
                try row.get("name", as: Int.self)
            }
            #expect(throws: RowDecodingError.columnNotFound("title", available: ["id", "name", "budget"])) {
                try row.get("title", as: String.self)
            }
            #expect(throws: RowDecodingError.indexOutOfRange(3, count: 3)) { try row.get(3, as: String.self) }
            #expect(throws: RowDecodingError.noRow) {
                try db.scalar(Int.self, "SELECT id FROM projects WHERE id = 99")
            }
        }
    }

    @Test func rowsDecodeIntoSwiftValues() throws {
        try TemporaryDirectory.with { dir in
            let db = try makeDatabase(dir)
            let projects = try db.query(Project.self, "SELECT * FROM projects ORDER BY id")
            #expect(
                projects == [
                    Project(id: 1, name: "Apollo", budget: 2.5e6), Project(id: 2, name: "Gemini", budget: nil),
                ]
            )
            let one = try db.queryOne(Project.self, "SELECT * FROM projects WHERE name = :name", ["name": "Apollo"])
            #expect(one?.id == 1)
            #expect(try db.queryOne(Project.self, "SELECT * FROM projects WHERE id = 3") == nil)
        }
    }

    @Test func forEachStepsThroughALargeResultAndStopsOnThrow() throws {
        try TemporaryDirectory.with { dir in
            let db = try makeDatabase(dir)
            var sum = 0
            var count = 0
            let series = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?) SELECT x FROM n"
            try db.forEach(series, [50_000]) { row in
                sum += try row.get(0, as: Int.self)
                count += 1
            }
            #expect(count == 50_000)
            #expect(sum == 50_000 * 50_001 / 2)

            struct Stop: Error {}
            var seen = 0
            #expect(throws: Stop.self) {
                try db.forEach(series, [1000]) { _ in
                    seen += 1
                    if seen == 10 { throw Stop() }
                }
            }
            #expect(seen == 10)
            #expect(!db.isInTransaction)  // the statement was reset: no read left open
        }
    }
}

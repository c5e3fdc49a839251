import Foundation
import Storage
import Testing

@Suite struct BindingTests {
    @Test func eachSwiftTypeBindsToItsStorageClassAndReadsBack() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            let date = Date(timeIntervalSince1970: 1_714_566_600.25)
            let bytes: [UInt8] = [0, 1, 0xFF, 0x7F]
            let row = try #require(
                try db.queryOne(
                    "SELECT ?, typeof(?), ?, typeof(?), ?, typeof(?), ?, typeof(?), ?, typeof(?), ?, ?, ?, ?",
                    [42, 42, 2.5, 2.5, "héllo ✓", "héllo ✓", bytes, bytes, true, true, Int64.min, Int32.max, date, nil]
                )
            )
            #expect(try row.get(0, as: Int.self) == 42)
            #expect(try row.get(1, as: String.self) == "integer")
            #expect(try row.get(2, as: Double.self) == 2.5)
            #expect(try row.get(3, as: String.self) == "real")
            #expect(try row.get(4, as: String.self) == "héllo ✓")
            #expect(try row.get(5, as: String.self) == "text")
            #expect(try row.get(6, as: [UInt8].self) == bytes)
            #expect(try row.get(7, as: String.self) == "blob")
            #expect(try row.get(8, as: Bool.self) == true)
            #expect(try row.get(9, as: String.self) == "integer")
            #expect(try row.get(10, as: Int64.self) == Int64.min)
            #expect(try row.get(11, as: Int32.self) == Int32.max)
            #expect(try row.get(12, as: Date.self) == date)
            #expect(try row.get(12, as: String.self) == "2024-05-01T12:30:00.250Z")
            #expect(row[13] == .null)
            #expect(try row.get(13, as: String?.self) == nil)
        }
    }

    @Test func valuesRoundTripThroughAStrictTable() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            try db.execute(
                "CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, d TEXT, n INTEGER, e TEXT, z BLOB) STRICT"
            )
            let date = Date(timeIntervalSince1970: -86_400.5)  // before 1970, half a second
            let missing: String? = nil
            try db.execute(
                "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [Int.max, -0.125, "a\u{0}b", [UInt8](repeating: 9, count: 3), date, missing, "", [UInt8]()]
            )
            let row = try #require(try db.queryOne("SELECT * FROM t"))
            #expect(try row.get("i", as: Int.self) == Int.max)
            #expect(try row.get("r", as: Double.self) == -0.125)
            #expect(try row.get("s", as: String.self) == "a\u{0}b")
            #expect(try row.get("b", as: [UInt8].self) == [9, 9, 9])
            #expect(try row.get("d", as: String.self) == "1969-12-30T23:59:59.500Z")
            #expect(try row.get("d", as: Date.self) == date)
            #expect(try row.get("n", as: Int?.self) == nil)
            #expect(row["e"] == .text(""))  // an empty string is not NULL
            #expect(row["z"] == .blob([]))  // nor is an empty blob
        }
    }

    @Test(arguments: [":", "@", "$"])
    func namedParametersBindWithOrWithoutPrefix(prefix: String) throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            let sql = "SELECT \(prefix)a || '-' || \(prefix)b, \(prefix)a"
            let bare = try #require(try db.queryOne(sql, ["a": "x", "b": 7]))
            #expect(try bare.get(0, as: String.self) == "x-7")
            let prefixed = try #require(try db.queryOne(sql, StatementArguments(["\(prefix)a": "y", "b": 8])))
            #expect(try prefixed.get(0, as: String.self) == "y-8")
            #expect(try prefixed.get(1, as: String.self) == "y")
        }
    }

    @Test func statementBindsSingleValuesByIndexAndName() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            let statement = try db.prepare("SELECT :first, @second, ?3")
            #expect(statement.parameterCount == 3)
            try statement.bind("one", named: "first")
            try statement.bind(2, named: "@second")
            try statement.bind(.double(3.5), at: 3)
            #expect(try statement.queryOne()?.values == ["one", 2, 3.5])
            // Bindings survive a run (nil arguments keep them) until cleared.
            #expect(try statement.queryOne()?.values == ["one", 2, 3.5])
            statement.clearBindings()
            #expect(try statement.queryOne()?.values == [nil, nil, nil])
            let error = #expect(throws: SQLiteError.self) { try statement.bind(1, named: "missing") }
            #expect(error?.code == 25)
        }
    }

    @Test func positionalArgumentsFromAnArrayOfValues() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            let values: [SQLiteValue] = [1, 2.5, "three", nil, .blob([4])]
            let row = try #require(try db.queryOne("SELECT ?, ?, ?, ?, ?", StatementArguments(values)))
            #expect(row.values == values)
        }
    }

    @Test func wrongArgumentsAreRejectedWithoutBindingNull() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            let tooFew = #expect(throws: SQLiteError.self) { try db.execute("SELECT ?, ?", [1]) }
            #expect(tooFew?.code == 25)  // SQLITE_RANGE
            #expect(tooFew?.message == "expected 2 arguments, got 1")
            let missing = #expect(throws: SQLiteError.self) { try db.execute("SELECT :a, :b", ["a": 1]) }
            #expect(missing?.message == "no value for parameter :b")
            let unknown = #expect(throws: SQLiteError.self) { try db.execute("SELECT :a", ["a": 1, "typo": 2]) }
            #expect(unknown?.message == "no parameter for typo")
            #expect(throws: SQLiteError.self) { try db.execute("SELECT 1", [1]) }
        }
    }

    @Test func datesParseSQLiteOwnFormats() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            let row = try #require(
                try db.queryOne(
                    "SELECT '2024-02-29 23:59:58', strftime('%Y-%m-%dT%H:%M:%fZ', 1714566600.5, 'unixepoch'), 'nope'"
                )
            )
            #expect(try row.get(0, as: Date.self) == Date(timeIntervalSince1970: 1_709_251_198))
            #expect(try row.get(1, as: Date.self) == Date(timeIntervalSince1970: 1_714_566_600.5))
            #expect(throws: RowDecodingError.typeMismatch(column: "'nope'", expected: "Date", found: "TEXT")) {
                try row.get(2, as: Date.self)
            }
            // Milliseconds that binary doubles cannot hold exactly still print as written.
            #expect(Date(timeIntervalSince1970: 1_714_566_600.123).sqliteValue == .text("2024-05-01T12:30:00.123Z"))
        }
    }
}

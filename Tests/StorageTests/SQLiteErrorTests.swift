import Storage
import Testing

@Suite struct SQLiteErrorTests {
    private func makeSchema(_ db: Database) throws {
        try db.execute(
            """
            CREATE TABLE owners(id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE) STRICT;
            CREATE TABLE projects(
                id INTEGER PRIMARY KEY,
                owner_id INTEGER NOT NULL REFERENCES owners(id),
                budget INTEGER CHECK (budget >= 0)
            ) STRICT;
            INSERT INTO owners(id, email) VALUES (1, 'ada@example.com');
            """
        )
    }

    @Test func duplicateUniqueValueIsAUniqueViolation() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            try makeSchema(db)
            let secret = "ada@example.com"
            let error = #expect(throws: SQLiteError.self) {
                try db.execute("INSERT INTO owners(email) VALUES (?)", [secret])
            }
            #expect(error?.code == 19)  // SQLITE_CONSTRAINT
            #expect(error?.extendedCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE
            #expect(error?.isConstraint == true)
            #expect(error?.isUniqueViolation == true)
            #expect(error?.isForeignKeyViolation == false)
            #expect(error?.message == "UNIQUE constraint failed: owners.email")
            #expect(error?.sql == "INSERT INTO owners(email) VALUES (?)")
            #expect(error?.description.contains(secret) == false)  // bound values never appear
        }
    }

    @Test func duplicatePrimaryKeyIsAUniqueViolation() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            try makeSchema(db)
            try db.execute("CREATE TABLE tags(name TEXT PRIMARY KEY) WITHOUT ROWID, STRICT")
            try db.execute("INSERT INTO tags VALUES ('a')")
            let error = #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO tags VALUES ('a')") }
            #expect(error?.extendedCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
            #expect(error?.isUniqueViolation == true)
        }
    }

    @Test func missingParentIsAForeignKeyViolation() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            try makeSchema(db)
            let error = #expect(throws: SQLiteError.self) {
                try db.execute("INSERT INTO projects(owner_id) VALUES (?)", [99])
            }
            #expect(error?.extendedCode == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY
            #expect(error?.isForeignKeyViolation == true)
            #expect(error?.isUniqueViolation == false)
        }
    }

    @Test func nullInNotNullColumnAndFailedCheckAreReported() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            try makeSchema(db)
            let notNull = #expect(throws: SQLiteError.self) {
                try db.execute("INSERT INTO owners(email) VALUES (?)", [nil])
            }
            #expect(notNull?.extendedCode == 1299)  // SQLITE_CONSTRAINT_NOTNULL
            #expect(notNull?.isNotNullViolation == true)
            let check = #expect(throws: SQLiteError.self) {
                try db.execute("INSERT INTO projects(owner_id, budget) VALUES (1, -5)")
            }
            #expect(check?.extendedCode == 275)  // SQLITE_CONSTRAINT_CHECK
            #expect(check?.isCheckViolation == true)
            let strictType = #expect(throws: SQLiteError.self) {
                try db.execute("INSERT INTO projects(owner_id, budget) VALUES (1, ?)", ["lots"])
            }
            #expect(strictType?.extendedCode == 3091)  // SQLITE_CONSTRAINT_DATATYPE, from STRICT
            #expect(strictType?.isConstraint == true)
        }
    }

    @Test func syntaxErrorNamesTheTokenAndTheSQL() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            let error = #expect(throws: SQLiteError.self) { try db.execute("SELEC 1") }
            #expect(error?.code == 1)  // SQLITE_ERROR
            #expect(error?.message == #"near "SELEC": syntax error"#)
            #expect(error?.sql == "SELEC 1")
            #expect(error?.description == #"SQLite error 1: near "SELEC": syntax error; SQL: SELEC 1"#)
        }
    }

    @Test func lockHeldByAnotherConnectionIsBusy() throws {
        try TemporaryDirectory.with { dir in
            let first = try Database(path: dir.file())
            var impatient = Database.Configuration()
            impatient.busyTimeout = .zero
            let second = try Database(path: dir.file(), configuration: impatient)
            try first.transaction(.immediate) { _ in
                let error = #expect(throws: SQLiteError.self) {
                    try second.transaction(.immediate) { _ in }
                }
                #expect(error?.code == 5)  // SQLITE_BUSY
                #expect(error?.isBusy == true)
            }
        }
    }

    @Test func closedDatabaseRefusesWork() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            db.close()
            let error = #expect(throws: SQLiteError.self) { try db.execute("SELECT 1") }
            #expect(error?.code == 21)  // SQLITE_MISUSE
        }
    }
}

import Foundation
import Storage
import Testing

@Suite struct MigratorTests {
    static let v1 = Migration(
        version: 1,
        name: "create projects",
        sql: """
            CREATE TABLE projects(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
            """
    )
    static let v2 = Migration(version: 2, name: "add project slugs") { db in
        try db.execute("ALTER TABLE projects ADD COLUMN slug TEXT")
        try db.execute("UPDATE projects SET slug = lower(name)")
    }
    static let v3 = Migration(
        version: 3,
        name: "create risks",
        sql: "CREATE TABLE risks(id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects(id)) STRICT"
    )

    private func recorded(_ db: Database) throws -> [String] {
        try db.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").map { row in
            let appliedAt = try row.get("applied_at", as: Date.self)
            #expect(abs(appliedAt.timeIntervalSinceNow) < 60)
            return "\(try row.get("version", as: Int.self)) \(try row.get("name", as: String.self))"
        }
    }

    @Test func freshDatabaseGetsEveryMigration() throws {
        try TemporaryDirectory.with { dir in
            let pool = try DatabasePool(path: dir.file())
            let migrator = Migrator([Self.v1, Self.v2, Self.v3])
            #expect(try migrator.pendingMigrations(pool).map(\.version) == [1, 2, 3])
            let applied = try migrator.migrate(pool)
            #expect(applied.map(\.version) == [1, 2, 3])
            #expect(try migrator.currentVersion(pool) == 3)
            try pool.read { db throws in
                #expect(try migrator.currentVersion(db) == 3)
                #expect(try migrator.pendingMigrations(db).isEmpty)
                #expect(try recorded(db) == ["1 create projects", "2 add project slugs", "3 create risks"])
                #expect(
                    try db.scalar(String.self, "SELECT sql FROM sqlite_schema WHERE name = 'risks'").hasSuffix("STRICT")
                )
            }
        }
    }

    @Test func upgradeFromVersionOneKeepsTheData() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            try Migrator([Self.v1]).migrate(db)
            try db.execute("INSERT INTO projects(name) VALUES (?), (?)", ["Apollo", "Gemini"])
            let migrator = Migrator([Self.v1, Self.v2])
            #expect(try migrator.pendingMigrations(db).map(\.name) == ["add project slugs"])
            let applied = try migrator.migrate(db)
            #expect(applied.map(\.version) == [2])
            #expect(try migrator.currentVersion(db) == 2)
            let rows = try db.query("SELECT name, slug FROM projects ORDER BY id")
            #expect(try rows.map { try $0.get("name", as: String.self) } == ["Apollo", "Gemini"])
            #expect(try rows.map { try $0.get("slug", as: String.self) } == ["apollo", "gemini"])
        }
    }

    @Test func migratingTwiceIsANoOp() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            let migrator = Migrator([Self.v1, Self.v2])
            try migrator.migrate(db)
            let changesBefore = db.totalChanges
            let schemaBefore = try db.scalar(Int.self, "PRAGMA schema_version")
            #expect(try migrator.migrate(db).isEmpty)
            #expect(db.totalChanges == changesBefore)
            #expect(try db.scalar(Int.self, "PRAGMA schema_version") == schemaBefore)
            #expect(try recorded(db).count == 2)
        }
    }

    @Test func newerDatabaseIsRefusedAndLeftByteIdentical() throws {
        try TemporaryDirectory.with { dir in
            do {
                let db = try Database(path: dir.file())
                try Migrator([Self.v1, Self.v2, Self.v3]).migrate(db)
                try db.execute("INSERT INTO projects(name) VALUES ('Apollo')")
            }  // closed: the WAL is checkpointed and removed
            let filesBefore = try dir.contents()
            let bytesBefore = try Data(contentsOf: URL(fileURLWithPath: dir.file()))

            let db = try Database(path: dir.file())
            let migrator = Migrator([Self.v1, Self.v2])
            #expect(throws: MigrationError.databaseIsNewer(found: 3, supported: 2)) { try migrator.migrate(db) }
            #expect(throws: MigrationError.databaseIsNewer(found: 3, supported: 2)) {
                try migrator.pendingMigrations(db)
            }
            db.close()

            #expect(try dir.contents() == filesBefore)
            #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file())) == bytesBefore)
        }
    }

    @Test func failingMigrationLeavesThePreviousVersion() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            struct Broken: Error {}
            let bad = Migration(version: 2, name: "half done") { db in
                try db.execute("CREATE TABLE half(x INTEGER) STRICT")
                throw Broken()
            }
            #expect(throws: Broken.self) { try Migrator([Self.v1, bad]).migrate(db) }
            #expect(try Migrator([]).currentVersion(db) == 1)
            #expect(try db.queryOne("SELECT name FROM sqlite_schema WHERE name = 'half'") == nil)
            #expect(try recorded(db) == ["1 create projects"])
        }
    }

    @Test func malformedMigrationListIsRejected() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            #expect(throws: MigrationError.self) { try Migrator([Self.v2, Self.v1]).migrate(db) }
            #expect(throws: MigrationError.self) { try Migrator([Self.v1, Self.v1]).migrate(db) }
            #expect(try Migrator([]).currentVersion(db) == 0)
        }
    }
}

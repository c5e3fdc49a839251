import Foundation
import Storage
import Testing

@Suite struct MaintenanceTests {
    @Test func backupWhileWritesContinueIsConsistentAndComplete() throws {
        try TemporaryDirectory.with { dir in
            let pool = try DatabasePool(path: dir.file())
            try pool.write { db throws in
                try db.execute(
                    "CREATE TABLE rows(id INTEGER PRIMARY KEY, tag TEXT NOT NULL, payload BLOB NOT NULL) STRICT"
                )
                for _ in 0..<2000 {
                    try db.execute(
                        "INSERT INTO rows(tag, payload) VALUES ('before', ?)",
                        [[UInt8](repeating: 7, count: 1024)]
                    )
                }
            }
            let stop = Locked(false)
            let written = Locked(0)
            let writer = startThread {
                while !stop.current {
                    // Pairs, so a torn copy would show an odd count.
                    _ = try? pool.write { db in
                        try db.execute("INSERT INTO rows(tag, payload) VALUES ('during', x'00')")
                        try db.execute("INSERT INTO rows(tag, payload) VALUES ('during', x'00')")
                    }
                    written.withLock { $0 += 2 }
                }
            }
            while written.current < 20 { usleep(1000) }  // writes are flowing before the backup starts
            // Each copy must be one consistent snapshot; on a loaded machine the writer may not get a turn during
            // one copy, so up to five are taken until one has writes committed while it ran.
            var interleaved = false
            for attempt in 0..<5 where !interleaved {
                let backupPath = dir.file("backup-\(attempt).sqlite")
                let writtenBefore = written.current
                try pool.backup(to: backupPath, pagesPerStep: 16)  // dozens of steps, so writes interleave
                let writtenDuringBackup = written.current
                interleaved = writtenDuringBackup > writtenBefore

                let copy = try Database(path: backupPath)
                #expect(try copy.integrityCheck() == ["ok"])
                #expect(try copy.scalar(Int.self, "SELECT count(*) FROM rows WHERE tag = 'before'") == 2000)
                let during = try copy.scalar(Int.self, "SELECT count(*) FROM rows WHERE tag = 'during'")
                #expect(during % 2 == 0)
                // The copy is one snapshot taken after `writtenBefore` rows and before the backup returned.
                #expect(during >= writtenBefore)
                #expect(during <= writtenDuringBackup)
                #expect(!FileManager.default.fileExists(atPath: backupPath + ".partial"))
            }
            stop.withLock { $0 = true }
            #expect(writer.wait(timeout: .now() + 30) == .success)
            #expect(interleaved, "the writer kept committing during a copy")
        }
    }

    @Test func integrityAndForeignKeyChecksReportProblems() throws {
        try TemporaryDirectory.with { dir in
            let pool = try DatabasePool(path: dir.file())
            try pool.write { db throws in
                try db.execute(
                    """
                    CREATE TABLE owners(id INTEGER PRIMARY KEY) STRICT;
                    CREATE TABLE projects(id INTEGER PRIMARY KEY, owner_id INTEGER REFERENCES owners(id)) STRICT;
                    INSERT INTO owners VALUES (1);
                    INSERT INTO projects VALUES (10, 1);
                    """
                )
            }
            #expect(try pool.integrityCheck() == ["ok"])
            #expect(try pool.foreignKeyCheck().isEmpty)
            // Sneak in an orphan with enforcement off, as a careless import might.
            try pool.writeWithoutTransaction { db in
                try db.execute("PRAGMA foreign_keys = OFF")
                try db.execute("INSERT INTO projects VALUES (11, 99)")
                try db.execute("PRAGMA foreign_keys = ON")
            }
            let violations = try pool.foreignKeyCheck()
            #expect(
                violations == [
                    Database.ForeignKeyViolation(table: "projects", rowID: 11, parent: "owners", foreignKeyIndex: 0)
                ]
            )
        }
    }

    @Test(arguments: [(Database.Durability.normal, 1), (.full, 2)])
    func durabilitySettingIsAppliedToEveryConnection(durability: Database.Durability, expected: Int) throws {
        try TemporaryDirectory.with { dir in
            var configuration = DatabasePool.Configuration()
            configuration.connection.durability = durability
            configuration.connection.busyTimeout = .milliseconds(1234)
            configuration.connection.walAutocheckpointPages = 2500
            configuration.readerCount = 2
            let pool = try DatabasePool(path: dir.file(), configuration: configuration)
            try pool.write { db throws in
                #expect(try db.scalar(Int.self, "PRAGMA synchronous") == expected)
                #expect(try db.scalar(String.self, "PRAGMA journal_mode") == "wal")
                #expect(try db.scalar(Int.self, "PRAGMA foreign_keys") == 1)
                #expect(try db.scalar(Int.self, "PRAGMA busy_timeout") == 1234)
                #expect(try db.scalar(Int.self, "PRAGMA wal_autocheckpoint") == 2500)
            }
            try pool.read { db throws in
                #expect(try db.scalar(Int.self, "PRAGMA synchronous") == expected)
                #expect(try db.scalar(Int.self, "PRAGMA foreign_keys") == 1)
            }
        }
    }

    @Test func defaultsAreWalNormalAndFiveSecondTimeout() throws {
        try TemporaryDirectory.with { dir in
            let db = try Database(path: dir.file())
            #expect(try db.scalar(String.self, "PRAGMA journal_mode") == "wal")
            #expect(try db.scalar(Int.self, "PRAGMA synchronous") == 1)
            #expect(try db.scalar(Int.self, "PRAGMA busy_timeout") == 5000)
        }
    }

    @Test func readOnlyOpenOfMissingFileFails() throws {
        try TemporaryDirectory.with { dir throws in
            var configuration = Database.Configuration()
            configuration.mode = .readOnly
            let error = #expect(throws: SQLiteError.self) {
                try Database(path: dir.file("missing.sqlite"), configuration: configuration)
            }
            #expect(error?.code == 14)  // SQLITE_CANTOPEN
            #expect(try dir.contents().isEmpty)
        }
    }
}

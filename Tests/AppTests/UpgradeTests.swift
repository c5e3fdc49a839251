import Foundation
import Storage
import Testing

@testable import App

/// A database written by an earlier release migrates to this one with its data intact and usable.
@Suite struct UpgradeTests {
    /// Version 22 was the schema before the search index moved to occupation rowids (23) and the optional
    /// work-package references got partial indexes (24). Its index rows could sit under any rowid: here they are
    /// deliberately put under others, as an older import could leave them.
    @Test func aVersion22DatabaseMigratesWithSearchAndWorkPackagesIntact() throws {
        let folder = NSTemporaryDirectory() + "charter-upgrade-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pool = try DatabasePool(path: folder + "/old.sqlite")
        defer { pool.close() }
        try Migrator(AppSchema.migrations.filter { $0.version <= 22 }).migrate(pool)
        try CareerSeed.seedIfEmpty(pool)
        try pool.write { db in
            try db.execute(
                """
                CREATE TEMP TABLE old_rows AS SELECT rowid + 5000 AS r, code, title, job_titles, description, tasks
                    FROM occupations_fts;
                DELETE FROM occupations_fts;
                INSERT INTO occupations_fts (rowid, code, title, job_titles, description, tasks) SELECT * FROM old_rows;
                DROP TABLE old_rows;
                INSERT INTO people (version, created_at, updated_at, name, email) VALUES (1, 'x', 'x', 'Ada', 'a@b.c');
                INSERT INTO projects (version, created_at, updated_at, key, name, status)
                    VALUES (1, 'x', 'x', 'OLD', 'Old project', 'active');
                INSERT INTO work_packages (version, created_at, updated_at, project_id, position, wbs_code, wbs_path,
                    name, status, assignee_id) VALUES (1, 'x', 'x', 1, 1, '1', '0000001', 'Kept', 'not_started', 1);
                """
            )
        }

        let applied = try AppSchema.migrator.migrate(pool)
        #expect(applied.map(\.version) == AppSchema.migrations.map(\.version).filter { $0 > 22 })
        try pool.read { db in
            let misplaced = try db.scalar(
                Int.self,
                "SELECT count(*) FROM occupations_fts f LEFT JOIN occupations o ON o.rowid = f.rowid WHERE o.code IS NOT f.code"
            )
            #expect(misplaced == 0)
            let indexes = try db.query(
                "SELECT sql FROM sqlite_master WHERE name IN ('work_packages_assignee', 'work_packages_milestone')"
            )
            .map { try $0.get(0, as: String.self) }
            #expect(indexes.count == 2 && indexes.allSatisfy { $0.contains("IS NOT NULL") })
            #expect(try db.scalar(String.self, "SELECT name FROM work_packages WHERE assignee_id = 1") == "Kept")
            // The full-text indexes rebuilt with prefix indexes (migrations 80–85) kept their rows.
            #expect(try db.scalar(Int.self, "SELECT rowid FROM people_fts WHERE people_fts MATCH '\"ad\"*'") == 1)
            #expect(
                try db.scalar(Int.self, "SELECT rowid FROM work_packages_fts WHERE work_packages_fts MATCH 'kep*'") == 1
            )
        }
        let store = CareerStore(database: pool)
        #expect(try store.search(CareerSearchQuery(text: "it project manager")).hits.first?.code == "15-1299.09")
        #expect(try store.search(CareerSearchQuery(text: "proj manag")).hits.contains { $0.code == "15-1299.09" })
    }
}

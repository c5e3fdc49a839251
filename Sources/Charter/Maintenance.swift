import App
import ArgumentParser
import Foundation
import Storage

/// `charter migrate`: applies pending migrations and exits, without serving.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations, then exit.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        let config = try options.load()
        try withOpenDatabase(config) { pool in
            let before = try AppSchema.migrator.currentVersion(pool)
            let applied = try AppSchema.migrator.migrate(pool)
            if applied.isEmpty {
                print("\(config.databasePath): schema version \(before), up to date")
            }
            for migration in applied { print("applied \(migration.version): \(migration.name)") }
        }
    }
}

/// `charter check`: integrity and foreign-key checks; exit status 1 when anything is wrong.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database: PRAGMA integrity_check and foreign_key_check."
    )
    @OptionGroup var options: CommonOptions

    func run() throws {
        let config = try options.load()
        try withOpenDatabase(config, mustExist: true) { pool in
            let version = try AppSchema.migrator.currentVersion(pool)
            let integrity = try pool.integrityCheck()
            let violations = try pool.foreignKeyCheck()
            print("database: \(config.databasePath)")
            print("schema version: \(version) (this binary knows up to \(AppSchema.migrator.latestVersion))")
            print("integrity_check: \(integrity.joined(separator: "; "))")
            print("foreign_key_check: \(violations.isEmpty ? "ok" : "\(violations.count) violation(s)")")
            for v in violations.prefix(20) { print("  \(v)") }
            if integrity != ["ok"] || !violations.isEmpty { throw ExitCode(1) }
        }
    }
}

/// `charter backup DEST`: a consistent copy of a live database through SQLite's online backup API.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to DEST while the server may keep serving; restore by serving DEST."
    )
    @OptionGroup var options: CommonOptions
    @Argument(help: "Destination file.") var destination: String

    func run() throws {
        let config = try options.load()
        try withOpenDatabase(config, mustExist: true, failurePrefix: "backup failed") { pool in
            try pool.backup(to: destination)
            let copy = try DatabasePool(path: destination)
            defer { copy.close() }
            let integrity = try copy.integrityCheck()
            guard integrity == ["ok"] else { fail("backup written but integrity_check says: \(integrity)") }
            print("backed up \(config.databasePath) to \(destination) (integrity ok)")
        }
    }
}

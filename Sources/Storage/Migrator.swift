#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Brings a database's schema up to date by applying, in order, the migrations it has not seen.
///
/// The schema version is `PRAGMA user_version`. Each migration runs in its own `IMMEDIATE` transaction, which
/// also sets `user_version` and appends a row (`version`, `name`, `applied_at`) to the `schema_migrations`
/// table, so a failing migration leaves the database at the previous version with nothing half-applied.
/// Migrating an up-to-date database changes nothing; a database newer than the list is refused untouched.
///
/// ```swift
/// let migrator = Migrator(AppSchema.migrations)
/// let applied = try migrator.migrate(pool)  // at startup, before serving
/// ```
public struct Migrator: Sendable {
    /// The migrations, in the order given.
    public let migrations: [Migration]

    /// Creates a migrator. The list is checked when it is used (`MigrationError.invalidMigrations`).
    public init(_ migrations: [Migration]) {
        self.migrations = migrations
    }

    /// The highest version in the list, or 0 when it is empty.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The database's schema version (`PRAGMA user_version`; 0 for a new database).
    public func currentVersion(_ db: Database) throws -> Int {
        try db.scalar(Int.self, "PRAGMA user_version")
    }

    /// The migrations `migrate` would apply, in order.
    /// - Throws: `MigrationError` for a malformed list or a database newer than the list; `SQLiteError`.
    public func pendingMigrations(_ db: Database) throws -> [Migration] {
        try validate()
        let current = try currentVersion(db)
        guard current <= latestVersion else {
            throw MigrationError.databaseIsNewer(found: current, supported: latestVersion)
        }
        return migrations.filter { $0.version > current }
    }

    /// The schema version, read on one of the pool's readers.
    public func currentVersion(_ pool: DatabasePool) throws -> Int {
        try pool.read { db in try currentVersion(db) }
    }

    /// The migrations `migrate(pool)` would apply, read on one of the pool's readers.
    /// - Throws: `MigrationError` for a malformed list or a database newer than the list; `SQLiteError`.
    public func pendingMigrations(_ pool: DatabasePool) throws -> [Migration] {
        try pool.read { db in try pendingMigrations(db) }
    }

    /// Applies the pending migrations on the pool's writer, blocking other writes meanwhile.
    /// - Returns: The migrations applied, in order (empty when the database was up to date).
    /// - Throws: `MigrationError`, `SQLiteError`, or what a migration throws (that migration is rolled back;
    ///   the earlier ones stay applied).
    @discardableResult
    public func migrate(_ pool: DatabasePool) throws -> [Migration] {
        try pool.writeWithoutTransaction { db in try migrate(db) }
    }

    /// Applies the pending migrations on one connection, which must not be inside a transaction.
    /// - Returns: The migrations applied, in order.
    /// - Throws: `MigrationError`, `SQLiteError`, or what a migration throws.
    @discardableResult
    public func migrate(_ db: Database) throws -> [Migration] {
        guard !db.isInTransaction else {
            throw SQLiteError.misuse("migrate must run outside a transaction: each migration opens its own")
        }
        // Reading user_version writes nothing, so a newer file is refused before anything touches it.
        var applied = [Migration]()
        for migration in try pendingMigrations(db) {
            let didApply = try db.transaction(.immediate) { db -> Bool in
                // Another process may have migrated between our read and our write lock: look again.
                let current = try currentVersion(db)
                guard current < migration.version else { return false }
                try db.execute(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations(
                        version INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        applied_at TEXT NOT NULL
                    ) STRICT
                    """
                )
                try migration.apply(db)
                try db.execute(
                    "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                    [migration.version, migration.name, Date()]
                )
                // PRAGMA takes no parameters; the version is an Int, so the text is safe.
                try db.execute("PRAGMA user_version = \(migration.version)")
                return true
            }
            if didApply { applied.append(migration) }
        }
        return applied
    }

    private func validate() throws {
        var previous = 0
        for migration in migrations {
            guard migration.version > previous else {
                throw MigrationError.invalidMigrations(
                    "version \(migration.version) (\(migration.name)) must be positive and greater than \(previous)"
                )
            }
            previous = migration.version
        }
    }
}

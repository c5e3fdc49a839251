/// One step of the schema: a version number, a name, and the SQL (or code) that takes the database from the
/// previous version to this one.
///
/// Write tables as `STRICT` so SQLite enforces the declared column types:
///
/// ```swift
/// let migrations = [
///     Migration(version: 1, name: "create projects", sql: """
///         CREATE TABLE projects(
///             id INTEGER PRIMARY KEY,
///             name TEXT NOT NULL UNIQUE,
///             created_at TEXT NOT NULL
///         ) STRICT;
///         """),
///     Migration(version: 2, name: "backfill slugs") { db in
///         try db.execute("ALTER TABLE projects ADD COLUMN slug TEXT")
///         for row in try db.query("SELECT id, name FROM projects") { … }
///     },
/// ]
/// ```
///
/// A migration runs inside an `IMMEDIATE` transaction opened by `Migrator`; it must not `BEGIN` or `COMMIT`.
/// Once released, never edit a migration: add a new one.
public struct Migration: Sendable {
    /// The schema version this migration produces; versions are positive and strictly increasing.
    public let version: Int
    /// A short description, recorded in `schema_migrations`.
    public let name: String
    /// The SQL text, for migrations given as SQL: what a test pins, so a released migration cannot change.
    public let sql: String?
    let apply: @Sendable (Database) throws -> Void

    /// A migration given as SQL text, which may hold several statements.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.apply = { db in try db.execute(sql) }
    }

    /// A migration given as code, for data changes that SQL alone cannot express. Code that a later change can
    /// edit makes the migration's effect unpinnable: keep it self-contained (no calls into live helpers).
    public init(version: Int, name: String, _ apply: @escaping @Sendable (Database) throws -> Void) {
        self.version = version
        self.name = name
        self.sql = nil
        self.apply = apply
    }
}

/// Why `Migrator` refused to migrate.
public enum MigrationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file's `user_version` is newer than any migration this build knows: it was written by a newer release.
    /// Nothing in the file was changed.
    case databaseIsNewer(found: Int, supported: Int)
    /// The migration list is malformed (versions not positive, duplicated or out of order).
    case invalidMigrations(String)

    /// A message naming the versions involved.
    public var description: String {
        switch self {
        case .databaseIsNewer(let found, let supported):
            "database schema version \(found) is newer than this build supports (\(supported)); "
                + "refusing to touch it: upgrade the application"
        case .invalidMigrations(let reason):
            "invalid migration list: \(reason)"
        }
    }
}

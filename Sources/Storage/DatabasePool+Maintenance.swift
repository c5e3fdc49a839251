extension DatabasePool {
    /// Runs `SELECT 1` on a reader: cheap, and proves that the file is open and readable. For `/health`.
    /// - Throws: `SQLiteError` when the database cannot answer (or the pool is closed).
    public func quickHealthCheck() throws {
        try read { db in try db.quickHealthCheck() }
    }

    /// Runs `PRAGMA integrity_check` on a reader, without blocking writes.
    /// - Returns: `["ok"]` for a sound database, otherwise one message per problem.
    public func integrityCheck(maxErrors: Int = 100) throws -> [String] {
        try read { db in try db.integrityCheck(maxErrors: maxErrors) }
    }

    /// Runs `PRAGMA foreign_key_check` on a reader, without blocking writes.
    /// - Returns: The rows whose foreign keys point at no parent; empty when all is well.
    public func foreignKeyCheck() throws -> [Database.ForeignKeyViolation] {
        try read { db in try db.foreignKeyCheck() }
    }

    /// Copies the database as of one committed moment to `path`, from a reader, while writes go on.
    ///
    /// ```swift
    /// try pool.backup(to: "/data/backups/charter-2024-05-01.sqlite")
    /// ```
    /// See `Database.backup(to:pagesPerStep:busyRetryDelay:)`. Holds one reader for the duration.
    /// - Throws: `SQLiteError`.
    public func backup(to path: String, pagesPerStep: Int32 = 1024) throws {
        try read { db in try db.backup(to: path, pagesPerStep: pagesPerStep) }
    }
}

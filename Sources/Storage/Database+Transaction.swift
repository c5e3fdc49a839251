extension Database {
    /// How a transaction takes its locks (`BEGIN DEFERRED | IMMEDIATE | EXCLUSIVE`).
    public enum TransactionKind: String, Sendable {
        /// Takes no lock until the first read, and the write lock only at the first write. For reads.
        case deferred = "DEFERRED"
        /// Takes the write lock at once, so a write never fails half-way with `SQLITE_BUSY` on lock upgrade.
        /// For writes.
        case immediate = "IMMEDIATE"
        /// In WAL mode, the same as `immediate`.
        case exclusive = "EXCLUSIVE"
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    ///
    /// Inside an open transaction this becomes `savepoint(_:)`, so code that needs atomicity can always call
    /// `transaction` whether or not its caller already opened one. This is the only place that writes `BEGIN`.
    ///
    /// ```swift
    /// let id = try db.transaction(.immediate) { db in
    ///     try db.execute("INSERT INTO projects(name) VALUES (?)", [name])
    ///     return db.lastInsertRowID
    /// }
    /// ```
    /// - Parameters:
    ///   - kind: `.immediate` for writes, `.deferred` (the default) for reads.
    ///   - body: The work; it receives this connection.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws (after the rollback), or `SQLiteError` from `BEGIN`/`COMMIT`.
    public func transaction<T>(_ kind: TransactionKind = .deferred, _ body: (Database) throws -> T) throws -> T {
        if isInTransaction { return try savepoint(body) }
        pendingBeforeCommit = []
        try cachedStatement("BEGIN \(kind.rawValue)").execute()
        do {
            let result = try body(self)
            try runBeforeCommit()
            try cachedStatement("COMMIT").execute()
            return result
        } catch {
            rollbackIfActive()
            throw error
        }
    }

    /// Runs `body` inside a savepoint: on return the savepoint is released, on throw everything `body` did is
    /// rolled back and the error rethrown, while the enclosing transaction stays open.
    ///
    /// Outside a transaction, the savepoint starts one (deferred) and its release commits it.
    ///
    /// ```swift
    /// try db.transaction(.immediate) { db in
    ///     try db.execute("INSERT INTO projects(name) VALUES ('kept')")
    ///     try? db.savepoint { db in
    ///         try db.execute("INSERT INTO projects(name) VALUES ('undone')")
    ///         throw CancellationError()
    ///     }
    /// }
    /// ```
    /// - Throws: What `body` throws, or `SQLiteError` from `SAVEPOINT`/`RELEASE`.
    public func savepoint<T>(_ body: (Database) throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "charter_savepoint_\(savepointDepth)"
        try cachedStatement("SAVEPOINT \(name)").execute()
        do {
            let result = try body(self)
            try cachedStatement("RELEASE \(name)").execute()
            return result
        } catch {
            // SQLite may already have rolled the whole transaction back (e.g. SQLITE_FULL): then there is no
            // savepoint left, and nothing to do.
            if isInTransaction {
                try? cachedStatement("ROLLBACK TO \(name)").execute()
                try? cachedStatement("RELEASE \(name)").execute()
            }
            throw error
        }
    }

    /// Registers work to run once, inside the open transaction, right before it commits: derived data that many
    /// writes of one transaction change (a batch of 100 package writes) is then rebuilt once, not 100 times.
    /// Registering a `key` again keeps the first action. A throw from the action rolls the transaction back. Outside
    /// a transaction the action runs at once.
    ///
    /// ```swift
    /// db.beforeCommit("schedule/\(project)") { db in try ScheduleStore.refresh(db, project: project) }
    /// ```
    public func beforeCommit(_ key: String, _ action: @escaping (Database) throws -> Void) throws {
        guard isInTransaction else { return try action(self) }
        if pendingBeforeCommit.contains(where: { $0.key == key }) { return }
        pendingBeforeCommit.append((key, action))
    }

    /// Runs the registered before-commit work, in order (work that registers more runs too), and forgets it.
    public func runBeforeCommit() throws {
        while !pendingBeforeCommit.isEmpty {
            let next = pendingBeforeCommit.removeFirst()
            try next.action(self)
        }
    }

    /// Rolls back the open transaction, if SQLite has not already done so. Errors are ignored: the caller is
    /// already reporting the error that caused the rollback.
    private func rollbackIfActive() {
        pendingBeforeCommit = []
        guard isInTransaction else { return }
        try? cachedStatement("ROLLBACK").execute()
    }
}

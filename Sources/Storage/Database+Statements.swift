import CSQLite

extension Database {
    /// Prepares a new statement that only the caller holds. Prefer `cachedStatement(_:)` for SQL that runs often.
    /// - Parameter sql: Exactly one SQL statement.
    /// - Throws: `SQLiteError` for a syntax error, or `SQLITE_MISUSE` when `sql` holds several statements.
    public func prepare(_ sql: String) throws -> Statement {
        do {
            return try Statement(connection: handle(), sql: sql, persistent: false)
        } catch is ScriptDetected {
            throw SQLiteError.misuse("several SQL statements; run scripts with execute(_:) and no arguments", sql: sql)
        }
    }

    /// Returns this connection's prepared statement for `sql`, preparing it (`SQLITE_PREPARE_PERSISTENT`) on
    /// first use. The statement comes back reset, with its bindings cleared.
    ///
    /// If the cached statement is being stepped at this moment (a query inside another query's `forEach`),
    /// a fresh uncached statement is returned instead, so neither disturbs the other.
    /// - Parameter sql: Exactly one SQL statement, with parameters rather than interpolated values (each distinct
    ///   text is a cache entry).
    /// - Throws: `SQLiteError` for a syntax error, or `SQLITE_MISUSE` when `sql` holds several statements.
    public func cachedStatement(_ sql: String) throws -> Statement {
        do {
            return try cachedStatementOrScript(sql)
        } catch is ScriptDetected {
            throw SQLiteError.misuse("several SQL statements; run scripts with execute(_:) and no arguments", sql: sql)
        }
    }

    /// Like `cachedStatement(_:)`, but lets `ScriptDetected` through for `execute`.
    private func cachedStatementOrScript(_ sql: String) throws -> Statement {
        let connection = try handle()
        if let statement = statementCache[sql] {
            cacheHits.wrappingAdd(1, ordering: .relaxed)
            if statement.isInUse { return try Statement(connection: connection, sql: sql, persistent: false) }
            statement.reset()
            statement.clearBindings()
            return statement
        }
        cacheMisses.wrappingAdd(1, ordering: .relaxed)
        let statement = try Statement(connection: connection, sql: sql, persistent: true)
        if statementCache.count >= configuration.statementCacheCapacity {
            // Statements still in use stay alive through their callers' references.
            statementCache.removeAll(keepingCapacity: true)
        }
        statementCache[sql] = statement
        return statement
    }

    /// `cachedStatement` calls that found a prepared statement (any thread may ask).
    public var statementCacheHits: Int { cacheHits.load(ordering: .relaxed) }
    /// `cachedStatement` calls that had to prepare one.
    public var statementCacheMisses: Int { cacheMisses.load(ordering: .relaxed) }

    /// The number of statements in this connection's cache.
    public var cachedStatementCount: Int { statementCache.count }

    /// Finalizes every cached statement not in use elsewhere.
    public func clearStatementCache() { statementCache.removeAll() }

    /// Runs SQL that returns no rows you need: one statement (through the statement cache), or a script of
    /// several statements separated by `;` when there are no arguments.
    ///
    /// ```swift
    /// try db.execute("INSERT INTO projects(name, owner_id) VALUES (:name, :owner)", ["name": name, "owner": ownerID])
    /// try db.execute("CREATE TABLE a(x INTEGER) STRICT; CREATE INDEX a_x ON a(x);")
    /// ```
    /// - Parameters:
    ///   - sql: One statement, or a script when `arguments` is empty.
    ///   - arguments: Positional or named values; see `StatementArguments`.
    /// - Throws: `SQLiteError`; a script stops at its first failing statement.
    public func execute(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws {
        let statement: Statement
        do {
            statement = try cachedStatementOrScript(sql)
        } catch is ScriptDetected {
            guard arguments.isEmpty else {
                throw SQLiteError.misuse("arguments cannot be bound to a script of several statements", sql: sql)
            }
            return try executeScript(sql)
        }
        try statement.execute(arguments)
    }

    /// Runs every statement of `sql` in turn with `sqlite3_exec`, uncached.
    private func executeScript(_ sql: String) throws {
        let connection = try handle()
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(connection, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            var error = SQLiteError(handle: connection, resultCode: code, sql: sql)
            if let message { error.message = String(cString: message) }
            throw error
        }
    }
}

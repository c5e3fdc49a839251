extension Database {
    /// Runs a query through the statement cache and returns every row.
    /// - Throws: `SQLiteError`.
    public func query(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        try cachedStatement(sql).query(arguments)
    }

    /// Runs a query through the statement cache and returns its first row, or `nil` when it has none.
    /// - Throws: `SQLiteError`.
    public func queryOne(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws -> Row? {
        try cachedStatement(sql).queryOne(arguments)
    }

    /// Runs a query and decodes every row as `T`.
    ///
    /// ```swift
    /// let projects = try db.query(Project.self, "SELECT * FROM projects WHERE owner_id = ?", [ownerID])
    /// ```
    /// - Throws: `SQLiteError`, `RowDecodingError`, or what `T.init(row:)` throws.
    public func query<T: RowDecodable>(
        _ type: T.Type,
        _ sql: String,
        _ arguments: StatementArguments = StatementArguments()
    ) throws -> [T] {
        try cachedStatement(sql).query(type, arguments)
    }

    /// Runs a query and decodes its first row as `T`, or returns `nil` when it has no rows.
    /// - Throws: `SQLiteError`, `RowDecodingError`, or what `T.init(row:)` throws.
    public func queryOne<T: RowDecodable>(
        _ type: T.Type,
        _ sql: String,
        _ arguments: StatementArguments = StatementArguments()
    ) throws -> T? {
        try cachedStatement(sql).queryOne(arguments).map { try T(row: $0) }
    }

    /// Calls `body` with each row as it is stepped, without collecting the rows: for large results.
    ///
    /// ```swift
    /// try db.forEach("SELECT id, body FROM notes") { row in try export(row.get("id", as: Int64.self)) }
    /// ```
    /// - Throws: `SQLiteError`, or what `body` throws (which stops the iteration).
    public func forEach(
        _ sql: String,
        _ arguments: StatementArguments = StatementArguments(),
        _ body: (Row) throws -> Void
    ) throws {
        try cachedStatement(sql).forEach(arguments, body)
    }

    /// Runs a query and calls `body` with each row read in place (see `RowCursor`).
    public func forEachInPlace(
        _ sql: String,
        _ arguments: StatementArguments = StatementArguments(),
        _ body: (RowCursor) throws -> Void
    ) throws {
        try cachedStatement(sql).forEachInPlace(arguments, body)
    }

    /// Returns the first column of the first row as `T`.
    ///
    /// ```swift
    /// let count = try db.scalar(Int.self, "SELECT count(*) FROM notes")
    /// let newest = try db.scalar(String?.self, "SELECT max(created_at) FROM notes")  // nil for NULL
    /// ```
    /// - Throws: `SQLiteError`; `RowDecodingError` when there is no row (`noRow`), the value is
    ///   `NULL` and `T` is not optional, or the type does not match.
    public func scalar<T: SQLiteColumnDecodable>(
        _ type: T.Type,
        _ sql: String,
        _ arguments: StatementArguments = StatementArguments()
    ) throws -> T {
        guard let row = try cachedStatement(sql).queryOne(arguments) else {
            throw RowDecodingError.noRow
        }
        return try row.get(0, as: type)
    }
}

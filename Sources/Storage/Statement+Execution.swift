extension Statement {
    /// Binds `arguments` (when given) and runs the statement to completion, discarding any rows.
    /// - Parameter arguments: Values for the parameters; `nil` keeps the current bindings.
    /// - Throws: `SQLiteError`.
    public func execute(_ arguments: StatementArguments? = nil) throws {
        try run(arguments) {
            while try step() {}
        }
    }

    /// Binds `arguments` (when given), runs the statement and returns every row.
    /// - Throws: `SQLiteError`.
    public func query(_ arguments: StatementArguments? = nil) throws -> [Row] {
        try run(arguments) {
            var rows = [Row]()
            while try step() { rows.append(currentRow()) }
            return rows
        }
    }

    /// Binds `arguments` (when given), runs the statement and returns the first row, or `nil` when there is none.
    /// Stops after the first row.
    /// - Throws: `SQLiteError`.
    public func queryOne(_ arguments: StatementArguments? = nil) throws -> Row? {
        try run(arguments) { try step() ? currentRow() : nil }
    }

    /// Binds `arguments` (when given) and calls `body` with each row as it is stepped, without collecting them:
    /// for large results. Throwing from `body` stops the iteration and rethrows.
    /// - Throws: `SQLiteError`, or what `body` throws.
    public func forEach(_ arguments: StatementArguments? = nil, _ body: (Row) throws -> Void) throws {
        try run(arguments) {
            while try step() { try body(currentRow()) }
        }
    }

    /// Binds `arguments` (when given), runs the statement and calls `body` with each row read in place: nothing
    /// is copied out unless `body` asks, for large reads written straight into a response.
    public func forEachInPlace(_ arguments: StatementArguments? = nil, _ body: (RowCursor) throws -> Void) throws {
        try run(arguments) {
            let cursor = RowCursor(handle: handle)
            while try step() { try body(cursor) }
        }
    }

    /// Binds `arguments` (when given), runs the statement and decodes every row as `T`.
    /// - Throws: `SQLiteError`, `RowDecodingError`, or what `T.init(row:)` throws.
    public func query<T: RowDecodable>(_ type: T.Type, _ arguments: StatementArguments? = nil) throws -> [T] {
        try run(arguments) {
            var values = [T]()
            while try step() { values.append(try T(row: currentRow())) }
            return values
        }
    }

    /// Binds, marks the statement busy (so the cache will not hand it out again meanwhile), runs `body`,
    /// then resets it so no read stays open.
    private func run<R>(_ arguments: StatementArguments?, _ body: () throws -> R) throws -> R {
        guard !isInUse else {
            throw SQLiteError.misuse("statement is already being stepped (re-entrant use)", sql: sql)
        }
        if let arguments { try bind(arguments) }
        isInUse = true
        defer {
            reset()
            isInUse = false
        }
        return try body()
    }
}

import CSQLite

/// A prepared SQL statement: one `sqlite3_stmt`, finalized when the object is released.
///
/// Get one from `Database.prepare(_:)` (yours alone) or `Database.cachedStatement(_:)` (shared through the
/// connection's cache). A statement belongs to its connection and its thread, like `Database`.
///
/// ```swift
/// let insert = try db.cachedStatement("INSERT INTO tags(name) VALUES (?)")
/// for name in names { try insert.execute([name]) }
/// ```
public final class Statement {
    /// The `sqlite3_stmt` handle.
    let handle: OpaquePointer
    /// The SQL text, as given (without any bound values).
    public let sql: String
    /// Whether a `forEach`/`query`/`execute` is stepping it now; the cache then prepares a fresh copy.
    var isInUse = false
    private var cachedColumns: ColumnIndex?

    /// Prepares the first statement of `sql`.
    /// - Parameters:
    ///   - connection: The `sqlite3*` handle.
    ///   - sql: One SQL statement. Text after it, other than whitespace and comments, is an error.
    ///   - persistent: Passes `SQLITE_PREPARE_PERSISTENT`, a hint that the statement is kept and reused.
    /// - Throws: `SQLiteError` for a syntax error or no statement; `ScriptDetected` for several statements.
    init(connection: OpaquePointer, sql: String, persistent: Bool) throws {
        var statement: OpaquePointer?
        var hasMoreStatements = false
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let resultCode = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(connection, text, -1, flags, &statement, &tail)
            if code == SQLITE_OK, let tail, tail.pointee != 0 {
                hasMoreStatements = Self.containsStatement(connection, tail)
            }
            return code
        }
        guard resultCode == SQLITE_OK else {
            throw SQLiteError(handle: connection, resultCode: resultCode, sql: sql)
        }
        guard let statement else { throw SQLiteError.misuse("no SQL statement to prepare", sql: sql) }
        if hasMoreStatements {
            sqlite3_finalize(statement)
            throw ScriptDetected()
        }
        self.handle = statement
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Whether text after a prepared statement holds another statement (rather than only whitespace or comments).
    private static func containsStatement(_ connection: OpaquePointer, _ text: UnsafePointer<CChar>) -> Bool {
        var next: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, text, -1, &next, nil)
        if let next { sqlite3_finalize(next) }
        return code != SQLITE_OK || next != nil
    }

    /// The number of parameters (`?`, `:name`, …), counting `?NNN` as its largest index.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// The number of result columns (0 for statements that return no rows).
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The result column names, in order.
    public var columnNames: [String] { columns.names }

    /// Whether the statement makes no direct change to the database (`sqlite3_stmt_readonly`).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    /// The column names with a name-to-index table, built once and shared by every row.
    var columns: ColumnIndex {
        let count = sqlite3_column_count(handle)
        // A schema change can recompile `SELECT *` with other columns: rebuild when the count moves.
        if let cachedColumns, cachedColumns.names.count == Int(count) { return cachedColumns }
        let names = (0..<count).map { String(cString: sqlite3_column_name(handle, $0)) }
        let index = ColumnIndex(names: names)
        cachedColumns = index
        return index
    }

    /// Advances to the next result row.
    /// - Returns: `true` when a row is available, `false` when the statement is done.
    /// - Throws: `SQLiteError` (constraint violations, `SQLITE_BUSY`, …). Call `reset()` afterwards.
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw SQLiteError(handle: sqlite3_db_handle(handle), resultCode: code, sql: sql)
        }
    }

    /// Rewinds the statement so it can run again; bindings are kept. Ends any read it held open.
    public func reset() {
        // Returns the last step's error again, which was already thrown.
        sqlite3_reset(handle)
    }

    /// Sets every parameter back to `NULL`, releasing copies of bound text and blobs.
    public func clearBindings() {
        sqlite3_clear_bindings(handle)
    }

    /// The value of column `index` in the current row.
    func value(at index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .double(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    /// The current row, copied out of the statement.
    func currentRow() -> Row {
        let columns = self.columns
        var values = [SQLiteValue]()
        values.reserveCapacity(columns.names.count)
        for index in 0..<Int32(columns.names.count) { values.append(value(at: index)) }
        return Row(columns: columns, values: values)
    }
}

/// Thrown by `Statement.init` when the text holds more than one statement: `Database.execute` then runs it
/// as a script, `Database.prepare` reports `SQLITE_MISUSE`.
struct ScriptDetected: Error {}

/// A statement is bound to one connection used by one thread at a time.
@available(*, unavailable)
extension Statement: Sendable {}

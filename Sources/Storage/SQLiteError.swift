import CSQLite

/// An error reported by SQLite, with its primary and extended result codes.
///
/// The description names the codes, SQLite's message and the SQL text, never the bound arguments,
/// so it can be logged as is.
///
/// ```swift
/// do {
///     try db.execute("INSERT INTO users(email) VALUES (?)", [email])
/// } catch let error as SQLiteError where error.isUniqueViolation {
///     // map to 409 Conflict
/// }
/// ```
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, …): the low 8 bits of `extendedCode`.
    public var code: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, …); equals `code` when SQLite gives no detail.
    public var extendedCode: Int32
    /// SQLite's message (`sqlite3_errmsg`), or a message from this library for misuse it detects itself.
    public var message: String
    /// The SQL text of the statement that failed, when there is one.
    public var sql: String?

    /// Creates an error from explicit values.
    /// - Parameters:
    ///   - extendedCode: An extended or primary result code; the primary code is derived from it.
    ///   - message: What went wrong.
    ///   - sql: The statement's SQL text, if any. Never pass bound values here.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.code = extendedCode & 0xFF
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// Reads the extended code and message of the most recent failure on `handle`.
    ///
    /// Call right after the failing call, on the same thread (the connection is opened with `SQLITE_OPEN_NOMUTEX`).
    init(handle: OpaquePointer?, resultCode: Int32, sql: String? = nil) {
        var extended = resultCode
        var text = String(cString: sqlite3_errstr(resultCode))
        if let handle {
            let reported = sqlite3_extended_errcode(handle)
            // The connection's last error may describe another call when `resultCode` came from elsewhere
            // (e.g. sqlite3_backup_step); trust it only when the primary codes agree.
            if reported & 0xFF == resultCode & 0xFF {
                extended = reported
                text = String(cString: sqlite3_errmsg(handle))
            }
        }
        self.init(extendedCode: extended, message: text, sql: sql)
    }

    /// A misuse detected by this library rather than by SQLite (`SQLITE_MISUSE`).
    static func misuse(_ message: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_MISUSE, message: message, sql: sql)
    }

    /// A bad parameter index or name, or a wrong number of arguments (`SQLITE_RANGE`).
    static func range(_ message: String, sql: String?) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_RANGE, message: message, sql: sql)
    }

    /// Any constraint violation (`SQLITE_CONSTRAINT`).
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }
    /// A `UNIQUE` or `PRIMARY KEY` violation (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_CONSTRAINT_PRIMARYKEY`).
    public var isUniqueViolation: Bool {
        extendedCode == SQLITE_CONSTRAINT_UNIQUE_CODE || extendedCode == SQLITE_CONSTRAINT_PRIMARYKEY_CODE
    }
    /// A foreign key violation (`SQLITE_CONSTRAINT_FOREIGNKEY`).
    public var isForeignKeyViolation: Bool { extendedCode == SQLITE_CONSTRAINT_FOREIGNKEY_CODE }
    /// A `CHECK` constraint violation (`SQLITE_CONSTRAINT_CHECK`).
    public var isCheckViolation: Bool { extendedCode == SQLITE_CONSTRAINT_CHECK_CODE }
    /// A `NOT NULL` violation (`SQLITE_CONSTRAINT_NOTNULL`).
    public var isNotNullViolation: Bool { extendedCode == SQLITE_CONSTRAINT_NOTNULL_CODE }
    /// The database was busy or a table was locked (`SQLITE_BUSY`, `SQLITE_LOCKED`): worth a retry, or a 503.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    /// `SQLite error 19 (extended 2067): UNIQUE constraint failed: users.email; SQL: INSERT …`
    public var description: String {
        var text = "SQLite error \(code)"
        if extendedCode != code { text += " (extended \(extendedCode))" }
        text += ": \(message)"
        if let sql { text += "; SQL: \(sql)" }
        return text
    }
}

// The extended codes are function-like macros in sqlite3.h, which Swift does not import.
private let SQLITE_CONSTRAINT_CHECK_CODE: Int32 = SQLITE_CONSTRAINT | (1 << 8)
private let SQLITE_CONSTRAINT_FOREIGNKEY_CODE: Int32 = SQLITE_CONSTRAINT | (3 << 8)
private let SQLITE_CONSTRAINT_NOTNULL_CODE: Int32 = SQLITE_CONSTRAINT | (5 << 8)
private let SQLITE_CONSTRAINT_PRIMARYKEY_CODE: Int32 = SQLITE_CONSTRAINT | (6 << 8)
private let SQLITE_CONSTRAINT_UNIQUE_CODE: Int32 = SQLITE_CONSTRAINT | (8 << 8)

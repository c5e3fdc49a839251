#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Swift type that can be bound to a statement parameter.
///
/// Conforming types: `Int`, `Int64`, `Int32`, `Double`, `Bool`, `String`, `[UInt8]`, `Date`, `SQLiteValue`,
/// and `Optional` of any of them (`nil` binds `NULL`).
///
/// `Date` is stored as UTC text `YYYY-MM-DDTHH:MM:SS.sssZ` (ISO 8601, millisecond precision, truncated
/// toward the past), the same text as SQLite's `strftime('%Y-%m-%dT%H:%M:%fZ', …)`. Such text sorts
/// chronologically and stays readable in the `sqlite3` shell.
public protocol SQLiteBindable {
    /// The value to bind.
    var sqliteValue: SQLiteValue { get }
}

extension SQLiteValue: SQLiteBindable {
    /// The value itself.
    public var sqliteValue: SQLiteValue { self }
}

extension Int: SQLiteBindable {
    /// An `INTEGER`.
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Int64: SQLiteBindable {
    /// An `INTEGER`.
    public var sqliteValue: SQLiteValue { .integer(self) }
}

extension Int32: SQLiteBindable {
    /// An `INTEGER`.
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Double: SQLiteBindable {
    /// A `REAL`.
    public var sqliteValue: SQLiteValue { .double(self) }
}

extension Bool: SQLiteBindable {
    /// The `INTEGER` 1 or 0.
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
}

extension String: SQLiteBindable {
    /// `TEXT`.
    public var sqliteValue: SQLiteValue { .text(self) }
}

extension [UInt8]: SQLiteBindable {
    /// A `BLOB`.
    public var sqliteValue: SQLiteValue { .blob(self) }
}

extension Date: SQLiteBindable {
    /// `TEXT` in the form `2024-05-01T12:30:00.250Z` (UTC, milliseconds).
    public var sqliteValue: SQLiteValue { .text(SQLiteDateFormat.format(self)) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    /// The wrapped value, or `NULL`.
    public var sqliteValue: SQLiteValue {
        switch self {
        case .none: .null
        case .some(let value): value.sqliteValue
        }
    }
}

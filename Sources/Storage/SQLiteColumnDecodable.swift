#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Swift type that can be read from a result column.
///
/// Conversions are strict: `String` reads only `TEXT`, `Int` only `INTEGER` (in range), `Double` reads `REAL`
/// or `INTEGER`, `Bool` reads `INTEGER` (non-zero is true), `[UInt8]` reads `BLOB`, `Date` reads text written
/// as by `Date.sqliteValue` (or SQLite's `datetime()`), and `SQLiteValue` reads anything.
/// `Optional` of a decodable type reads `NULL` as `nil`; a non-optional type never accepts `NULL`.
public protocol SQLiteColumnDecodable {
    /// Converts a column value, or returns `nil` when it cannot represent `Self`
    /// (including `NULL` for a non-optional type).
    static func decode(_ value: SQLiteValue) -> Self?
}

extension SQLiteValue: SQLiteColumnDecodable {
    /// The value itself, `NULL` included.
    public static func decode(_ value: SQLiteValue) -> SQLiteValue? { value }
}

extension Int64: SQLiteColumnDecodable {
    /// An `INTEGER`.
    public static func decode(_ value: SQLiteValue) -> Int64? {
        if case .integer(let integer) = value { return integer }
        return nil
    }
}

extension Int: SQLiteColumnDecodable {
    /// An `INTEGER` that fits in `Int`.
    public static func decode(_ value: SQLiteValue) -> Int? {
        if case .integer(let integer) = value { return Int(exactly: integer) }
        return nil
    }
}

extension Int32: SQLiteColumnDecodable {
    /// An `INTEGER` that fits in 32 bits.
    public static func decode(_ value: SQLiteValue) -> Int32? {
        if case .integer(let integer) = value { return Int32(exactly: integer) }
        return nil
    }
}

extension Double: SQLiteColumnDecodable {
    /// A `REAL`, or an `INTEGER` converted to `Double`.
    public static func decode(_ value: SQLiteValue) -> Double? {
        switch value {
        case .double(let double): double
        case .integer(let integer): Double(integer)
        default: nil
        }
    }
}

extension Bool: SQLiteColumnDecodable {
    /// An `INTEGER`: zero is false, anything else true.
    public static func decode(_ value: SQLiteValue) -> Bool? {
        if case .integer(let integer) = value { return integer != 0 }
        return nil
    }
}

extension String: SQLiteColumnDecodable {
    /// `TEXT`.
    public static func decode(_ value: SQLiteValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }
}

extension [UInt8]: SQLiteColumnDecodable {
    /// A `BLOB`.
    public static func decode(_ value: SQLiteValue) -> [UInt8]? {
        if case .blob(let bytes) = value { return bytes }
        return nil
    }
}

extension Date: SQLiteColumnDecodable {
    /// `TEXT` such as `2024-05-01T12:30:00.250Z` or `2024-05-01 12:30:00` (taken as UTC).
    public static func decode(_ value: SQLiteValue) -> Date? {
        if case .text(let text) = value { return SQLiteDateFormat.parse(text) }
        return nil
    }
}

extension Optional: SQLiteColumnDecodable where Wrapped: SQLiteColumnDecodable {
    /// `.some(nil)` for `NULL`, `.some(value)` when `Wrapped` accepts the value, `nil` (a mismatch) otherwise.
    public static func decode(_ value: SQLiteValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        guard let wrapped = Wrapped.decode(value) else { return nil }
        return .some(wrapped)
    }
}

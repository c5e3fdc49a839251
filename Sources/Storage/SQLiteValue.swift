/// One SQLite value, in one of SQLite's five storage classes.
///
/// Literals build values directly, so arguments can be written inline:
///
/// ```swift
/// let values: [SQLiteValue] = [1, 2.5, "text", nil, .blob([0xFF])]
/// ```
public enum SQLiteValue: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// A 64-bit signed integer (`INTEGER`).
    case integer(Int64)
    /// An IEEE 754 double (`REAL`).
    case double(Double)
    /// UTF-8 text (`TEXT`).
    case text(String)
    /// Raw bytes (`BLOB`).
    case blob([UInt8])

    /// Whether this is SQL `NULL`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The storage class name SQLite uses: `NULL`, `INTEGER`, `REAL`, `TEXT` or `BLOB`.
    public var storageClass: String {
        switch self {
        case .null: "NULL"
        case .integer: "INTEGER"
        case .double: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        }
    }
}

extension SQLiteValue: ExpressibleByNilLiteral {
    /// `nil` is SQL `NULL`.
    public init(nilLiteral: ()) { self = .null }
}

extension SQLiteValue: ExpressibleByIntegerLiteral {
    /// An integer literal is an `INTEGER`.
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension SQLiteValue: ExpressibleByFloatLiteral {
    /// A floating-point literal is a `REAL`.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension SQLiteValue: ExpressibleByStringLiteral {
    /// A string literal is `TEXT`.
    public init(stringLiteral value: String) { self = .text(value) }
}

extension SQLiteValue: ExpressibleByBooleanLiteral {
    /// `true` and `false` are the integers 1 and 0, as SQLite stores them.
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}

extension SQLiteValue: CustomStringConvertible {
    /// A short, SQL-like rendering: `NULL`, `42`, `2.5`, `'text'`, `x'FF00'`. For debugging only:
    /// values may be personal data, so never log them.
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .double(let value): return String(value)
        case .text(let value): return "'" + value.replacingAll("'", with: "''") + "'"
        case .blob(let bytes):
            let hexDigits = Array("0123456789ABCDEF".utf8)
            var hex = [UInt8]()
            hex.reserveCapacity(bytes.count * 2)
            for byte in bytes {
                hex.append(hexDigits[Int(byte >> 4)])
                hex.append(hexDigits[Int(byte & 0x0F)])
            }
            return "x'" + String(decoding: hex, as: UTF8.self) + "'"
        }
    }
}

extension String {
    /// Replaces every occurrence of a character, without Foundation.
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}

/// A result column could not be read as the requested Swift type.
public enum RowDecodingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The row has no column with this name. `available` lists the row's columns.
    case columnNotFound(String, available: [String])
    /// The column position is outside the row (`count` columns).
    case indexOutOfRange(Int, count: Int)
    /// The query returned no row where one was required (`Database.scalar`).
    case noRow
    /// The column is `NULL` and the requested type is not optional.
    case unexpectedNull(column: String, expected: String)
    /// The column holds a value of another storage class, or one out of the type's range.
    case typeMismatch(column: String, expected: String, found: String)

    /// Names the column, the expected type and the storage class found; never the value itself.
    public var description: String {
        switch self {
        case .columnNotFound(let name, let available):
            "no column named \(name) (columns: \(available.joined(separator: ", ")))"
        case .indexOutOfRange(let index, let count):
            "column index \(index) is out of range (row has \(count) columns)"
        case .noRow:
            "the query returned no row"
        case .unexpectedNull(let column, let expected):
            "column \(column) is NULL, expected \(expected); read it as \(expected)? to allow NULL"
        case .typeMismatch(let column, let expected, let found):
            "column \(column) holds \(found), which cannot be read as \(expected)"
        }
    }
}

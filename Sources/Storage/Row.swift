/// One result row, copied out of its statement: it stays valid after the statement moves on and may cross threads.
///
/// Read columns with `get`, by name or by position; the type comes from the context or from `as:`.
/// Non-optional types throw for `NULL`, optional types return `nil`:
///
/// ```swift
/// let row = try db.queryOne("SELECT id, name, closed_at FROM projects WHERE id = ?", [42])!
/// let id: Int64 = try row.get("id")
/// let name = try row.get("name", as: String.self)
/// let closedAt = try row.get(2, as: Date?.self)
/// ```
public struct Row: Sendable, Equatable {
    let columns: ColumnIndex
    /// The values, in column order.
    public let values: [SQLiteValue]

    init(columns: ColumnIndex, values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    /// The number of columns.
    public var count: Int { values.count }

    /// The column names, in order.
    public var columnNames: [String] { columns.names }

    /// Whether the row has a column called `name` (case-insensitive, as in SQL).
    public func hasColumn(_ name: String) -> Bool { columns.index(of: name) != nil }

    /// The raw value at a column position. Traps when out of range, like an array.
    public subscript(index: Int) -> SQLiteValue { values[index] }

    /// The raw value of a named column, or `nil` when there is no such column (a `NULL` column gives `.null`).
    public subscript(name: String) -> SQLiteValue? {
        columns.index(of: name).map { values[$0] }
    }

    /// Reads the column at `index` (0-based) as `T`.
    /// - Throws: `RowDecodingError` when the index is out of range, the value is `NULL` and `T` is not optional,
    ///   or the value has another type.
    public func get<T: SQLiteColumnDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(index) else { throw RowDecodingError.indexOutOfRange(index, count: count) }
        return try decode(values[index], column: columns.names[index])
    }

    /// Reads the column called `name` as `T`.
    /// - Throws: `RowDecodingError` when there is no such column, the value is `NULL` and `T` is not optional,
    ///   or the value has another type.
    public func get<T: SQLiteColumnDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let index = columns.index(of: name) else {
            throw RowDecodingError.columnNotFound(name, available: columns.names)
        }
        return try decode(values[index], column: columns.names[index])
    }

    private func decode<T: SQLiteColumnDecodable>(_ value: SQLiteValue, column: String) throws -> T {
        if let decoded = T.decode(value) { return decoded }
        if value.isNull { throw RowDecodingError.unexpectedNull(column: column, expected: String(describing: T.self)) }
        throw RowDecodingError.typeMismatch(
            column: column,
            expected: String(describing: T.self),
            found: value.storageClass
        )
    }
}

extension Row: CustomStringConvertible {
    /// `[id: 1, name: 'Ada']`. For debugging only: values may be personal data, so never log them.
    public var description: String {
        "[" + zip(columns.names, values).map { "\($0): \($1)" }.joined(separator: ", ") + "]"
    }
}

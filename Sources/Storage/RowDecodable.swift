/// A Swift value built from one result row.
///
/// ```swift
/// struct Project: RowDecodable {
///     var id: Int64
///     var name: String
///     var closedAt: Date?
///
///     init(row: Row) throws {
///         id = try row.get("id")
///         name = try row.get("name")
///         closedAt = try row.get("closed_at")
///     }
/// }
///
/// let open = try db.query(Project.self, "SELECT * FROM projects WHERE closed_at IS NULL")
/// ```
public protocol RowDecodable {
    /// Reads the value from a row.
    /// - Throws: `RowDecodingError` for a missing column, an unexpected `NULL` or a wrong type; or any error
    ///   of your own.
    init(row: Row) throws
}

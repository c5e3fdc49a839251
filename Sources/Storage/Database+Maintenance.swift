import CSQLite

extension Database {
    /// One row of `PRAGMA foreign_key_check`: a row whose foreign key points at no parent row.
    public struct ForeignKeyViolation: Sendable, Hashable, CustomStringConvertible {
        /// The table holding the offending row.
        public var table: String
        /// The offending row's rowid, or `nil` for a `WITHOUT ROWID` table.
        public var rowID: Int64?
        /// The table the foreign key refers to.
        public var parent: String
        /// Which of the table's foreign keys is violated (the `id` in `PRAGMA foreign_key_list`).
        public var foreignKeyIndex: Int

        /// Creates a violation record (`foreignKeyCheck()` makes them; tests compare against them).
        public init(table: String, rowID: Int64?, parent: String, foreignKeyIndex: Int) {
            self.table = table
            self.rowID = rowID
            self.parent = parent
            self.foreignKeyIndex = foreignKeyIndex
        }

        /// `projects rowid 7 -> owners (foreign key 0)`.
        public var description: String {
            "\(table) rowid \(rowID.map(String.init) ?? "?") -> \(parent) (foreign key \(foreignKeyIndex))"
        }
    }

    /// Runs `PRAGMA integrity_check`.
    /// - Parameter maxErrors: The most problems to report.
    /// - Returns: `["ok"]` for a sound database, otherwise one message per problem found.
    /// - Throws: `SQLiteError` (a badly damaged file may fail with `SQLITE_CORRUPT` instead).
    public func integrityCheck(maxErrors: Int = 100) throws -> [String] {
        try query("PRAGMA integrity_check(\(max(1, maxErrors)))").map { try $0.get(0, as: String.self) }
    }

    /// Runs `PRAGMA foreign_key_check` over every table.
    /// - Returns: The violations; empty when every foreign key has its parent row.
    /// - Throws: `SQLiteError`.
    public func foreignKeyCheck() throws -> [ForeignKeyViolation] {
        try query("PRAGMA foreign_key_check").map { row in
            ForeignKeyViolation(
                table: try row.get(0),
                rowID: try row.get(1),
                parent: try row.get(2),
                foreignKeyIndex: try row.get(3)
            )
        }
    }

    /// Runs `SELECT 1` and checks the answer: the cheapest proof that the connection works.
    /// - Throws: `SQLiteError` or `RowDecodingError` when it does not.
    public func quickHealthCheck() throws {
        let one = try scalar(Int.self, "SELECT 1")
        guard one == 1 else {
            throw SQLiteError(extendedCode: SQLITE_ERROR, message: "SELECT 1 returned \(one)", sql: "SELECT 1")
        }
    }
}

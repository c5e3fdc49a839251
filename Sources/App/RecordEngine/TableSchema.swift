/// What a resource's table holds beyond its fields' own column rules: indexes and multi-column unique
/// constraints. Together with the fields (`Field.sqlType`, `isNotNull`, `unique`, references) it is the whole
/// table: `SchemaSQL` generates it, and `SchemaConformanceTests` compares it with the live schema.
public struct TableIndex: Sendable, Equatable {
    public let name: String
    /// Column names, in index order.
    public let columns: [String]
    public var unique = false
    /// A partial index's condition (`assignee_id IS NOT NULL`).
    public var condition: String?
    /// The migration that creates it, for indexes added after the table (nil: with the table).
    public var since: Int?

    public init(
        _ name: String,
        on columns: [String],
        unique: Bool = false,
        where condition: String? = nil,
        since: Int? = nil
    ) {
        self.name = name
        self.columns = columns
        self.unique = unique
        self.condition = condition
        self.since = since
    }
}

extension Field {
    /// The column's SQLite type (tables are STRICT).
    public var sqlType: String {
        switch kind {
        case .integer, .boolean, .reference: "INTEGER"
        case .number: "REAL"
        default: "TEXT"
        }
    }

    /// Whether the column is `NOT NULL`: required fields, and fields the server always fills (`notNull()`).
    public var isNotNull: Bool { required || storedNotNull }

    /// The field stored `NOT NULL` although a request may leave it out: the server fills it (a status's
    /// initial state, a default).
    public func notNull() -> Field {
        var f = self
        f.storedNotNull = true
        return f
    }

    /// The column's SQL default (`DEFAULT 0`).
    public func defaultSQL(_ sql: String) -> Field {
        var f = self
        f.columnDefault = sql
        return f
    }

    /// A unique column; `ignoringCase` compares it with `COLLATE NOCASE` (emails).
    public func unique(ignoringCase: Bool = false) -> Field {
        var f = self
        f.isUnique = true
        f.uniqueIgnoringCase = ignoringCase
        return f
    }

    /// A field added to the table by migration `version` (an `ALTER TABLE ADD COLUMN` generated from it), after
    /// the migration that created the table.
    public func since(_ version: Int) -> Field {
        var f = self
        f.addedIn = version
        return f
    }
}

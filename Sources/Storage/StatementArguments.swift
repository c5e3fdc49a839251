/// The values bound to a statement's parameters: positional (`?`, `?NNN`) or named (`:name`, `@name`, `$name`).
///
/// Literals are the usual way to build them; any `SQLiteBindable` value can appear, `nil` binds `NULL`:
///
/// ```swift
/// try db.execute("INSERT INTO projects(name, budget) VALUES (?, ?)", [name, budget])
/// try db.execute("UPDATE projects SET name = :name WHERE id = :id", ["name": name, "id": id])
/// ```
///
/// Named keys may be written with or without their prefix (`"id"` matches `:id`, `@id` and `$id`).
/// Binding checks the counts: a positional list must have one value per parameter, and a named set must
/// bind every parameter and use every key, so a typo is an error rather than a silent `NULL`.
public struct StatementArguments: Sendable, Hashable {
    /// Positional values, bound to parameters 1, 2, … in order.
    public var positional: [SQLiteValue]
    /// Named values, keyed by parameter name with or without its `:`, `@` or `$` prefix.
    public var named: [String: SQLiteValue]

    /// No arguments.
    public init() {
        positional = []
        named = [:]
    }

    /// Positional arguments.
    public init(_ values: [SQLiteValue]) {
        positional = values
        named = [:]
    }

    /// Named arguments.
    public init(_ values: [String: SQLiteValue]) {
        positional = []
        named = values
    }

    /// Positional arguments from any bindable values.
    public init(_ values: [(any SQLiteBindable)?]) {
        positional = values.map { $0?.sqliteValue ?? .null }
        named = [:]
    }

    /// Whether there is nothing to bind.
    public var isEmpty: Bool { positional.isEmpty && named.isEmpty }
}

extension StatementArguments: ExpressibleByArrayLiteral {
    /// `[name, 42, nil]`: positional arguments.
    public init(arrayLiteral elements: (any SQLiteBindable)?...) {
        self.init(elements)
    }
}

extension StatementArguments: ExpressibleByDictionaryLiteral {
    /// `["name": name, "id": 42]`: named arguments.
    public init(dictionaryLiteral elements: (String, (any SQLiteBindable)?)...) {
        var named = [String: SQLiteValue](minimumCapacity: elements.count)
        for (key, value) in elements { named[key] = value?.sqliteValue ?? .null }
        self.init(named)
    }
}

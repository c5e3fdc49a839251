/// One declared field of a resource: its JSON name, column, kind and rules. The same declaration drives
/// validation, filtering, sorting, the SQL, and the OpenAPI document, so they cannot disagree.
public struct Field: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Short text (names, titles).
        case string
        /// Long text (descriptions, statements).
        case text
        case email
        case integer
        case number
        case boolean
        /// A calendar date, `YYYY-MM-DD`.
        case date
        /// An instant, ISO 8601 in UTC: `2026-11-26T09:30:00Z`.
        case datetime
        /// One of a fixed set of strings.
        case enumeration([String])
        /// The id of a record in another collection.
        case reference(collection: String)
        /// An ISO 4217 code, three capital letters; money amounts are integers in minor units beside it.
        case currency
        /// A list of short strings.
        case tags
        /// An O*NET-SOC occupation code, `NN-NNNN.NN` (e.g. `15-1299.09`).
        case onetCode
        /// A short code matching a regular expression (anchored), e.g. a project key.
        case pattern(String, example: String)
        /// Roles and head counts: `[{"role": "Developer", "count": 3}]`.
        case roleCounts
        /// Distinct values from a fixed set, kept in the set's order: `["mon", "tue"]`.
        case choices([String])
        /// Distinct calendar dates, `YYYY-MM-DD`, kept sorted.
        case dates
        /// Sentences or titles in the order given (a career's tasks): 1 to 2,000 characters each.
        case lines

        /// Whether values are JSON arrays (stored as JSON text; filters match any element).
        public var isList: Bool {
            switch self {
            case .tags, .roleCounts, .choices, .dates, .lines: true
            default: false
            }
        }
    }

    public let name: String
    public let column: String
    public let kind: Kind
    public var required = false
    public var minLength: Int?
    public var maxLength: Int?
    public var minimum: Int64?
    public var maximum: Int64?
    /// Filters on it are accepted (`name=eq.x`). Every filterable field is served by an index, and the plan of its
    /// `eq` filter is checked by `ListPlanTests`: its own (generated from the declaration, see
    /// `SchemaSQL.listIndexes`), one of the declared `indexes`, or, for `filterable(alongside:)`, the index of the
    /// field it must be combined with. `filterableByScan()` is the declared exception.
    public var filterable = true
    /// For `filterable(alongside:)`: the field whose `eq` filter must come with this one's (`project`).
    public var filterAlongside: String?
    /// For `filterableByScan()`: a filter reads every row (collections counted in hundreds, such as projects).
    public var filterScans = false
    /// Whether `sort=` accepts it. Opt-in (`sortable()`): a sortable field gets an index (with the id as the
    /// tie-breaker, which SQLite appends to every index), so no sort reads the whole table.
    public var sortable = false
    /// Whether `like`/`ilike` filters take it: served by an FTS5 trigram index over the declared fields
    /// (`{table}_trigram`), so a substring filter reads only the rows that contain the pattern.
    public var substring = false
    public var searchable = false
    public var summary = ""
    /// Set by the server, never by a request body (it is ignored there).
    public var readOnly = false
    /// A derived field: an SQL expression over the row (alias `t`) computed on read, filterable and sortable.
    public var expression: String?

    public init(_ name: String, _ kind: Kind, column: String? = nil, required: Bool = false, summary: String = "") {
        self.name = name
        self.kind = kind
        self.column = column ?? Field.snakeCase(name)
        self.required = required
        self.summary = summary
        switch kind {
        case .string, .email: maxLength = 200
        case .text: maxLength = 20_000
        case .tags: maxLength = 50
        case .roleCounts: maxLength = 100
        case .dates: maxLength = 1000
        case .lines: maxLength = 500
        case .choices(let all): maxLength = all.count
        default: break
        }
        if kind.isList || kind == .text {
            // List elements (json_each) and long text have no index to serve a filter: a declaration opts in.
            filterable = false
        }
    }

    /// The field with a length rule (strings: characters; tags: entries).
    public func length(_ range: ClosedRange<Int>) -> Field {
        var f = self
        f.minLength = range.lowerBound
        f.maxLength = range.upperBound
        return f
    }

    /// The field as one `sort=` accepts (and an index serves).
    public func sortable(_ on: Bool = true) -> Field {
        var f = self
        f.sortable = on
        return f
    }

    /// The field as one filters cannot name (long text: use `q=`; values no index can serve).
    public func notFilterable() -> Field {
        var f = self
        f.filterable = false
        return f
    }

    /// The field filterable only together with an `eq` filter on `field` (`project=eq.7&isLeaf=is.true`): that
    /// filter's index bounds the rows read to one project's, so this one needs no index of its own.
    public func filterable(alongside field: String) -> Field {
        var f = self
        f.filterable = true
        f.filterAlongside = field
        return f
    }

    /// The field filterable by reading every row the other filters leave: declared only on collections counted
    /// in hundreds (projects, calendars), for values no index can serve (list elements, derived values).
    public func filterableByScan() -> Field {
        var f = self
        f.filterable = true
        f.filterScans = true
        return f
    }

    /// The field as one `like`/`ilike` substring filters take, served by the table's trigram index.
    public func substringFilter() -> Field {
        var f = self
        f.substring = true
        return f
    }

    /// The field with a numeric range.
    public func range(_ range: ClosedRange<Int64>) -> Field {
        var f = self
        f.minimum = range.lowerBound
        f.maximum = range.upperBound
        return f
    }

    /// The field included in full-text search (`?q=`).
    public func searchable(_ on: Bool = true) -> Field {
        var f = self
        f.searchable = on
        return f
    }

    /// The field as one the server sets.
    public func serverSet() -> Field {
        var f = self
        f.readOnly = true
        return f
    }

    /// A read-only field computed on read by `sql`, an expression over the record's row `t`.
    /// - Parameters:
    ///   - reads: the other collections `sql` reads: their changes change this field, so record and list ETags
    ///     fold them in (a polling client must see the new value, not a 304).
    ///   - readsToday: whether `sql` depends on the current date (`date('now')`): ETags then change daily.
    public static func derived(
        _ name: String,
        _ kind: Kind,
        sql: String,
        reads: [String] = [],
        readsToday: Bool = false,
        summary: String = ""
    ) -> Field {
        var f = Field(name, kind, column: name, summary: summary)
        f.readOnly = true
        f.expression = sql
        f.filterable = false  // computed per row: no index serves it (see filterable(alongside:), filterableByScan())
        f.derivedReads = reads
        f.readsToday = readsToday
        return f
    }

    /// For derived fields: the collections the expression reads besides its own row.
    public var derivedReads: [String] = []
    /// For derived fields: whether the expression depends on the current date.
    public var readsToday = false

    /// For references: deleting the referenced record deletes this one too (ON DELETE CASCADE), instead of the
    /// default 409 that says where the record is still referenced.
    public var cascadeOnDelete = false

    /// The reference as one that follows its target into deletion.
    public func cascading() -> Field {
        var f = self
        f.cascadeOnDelete = true
        return f
    }

    /// For references: the record belongs to the referenced one, so it cannot be created, changed or deleted
    /// while that one is in a closed state of its lifecycle (a completed project's work packages).
    public var isOwner = false
    /// For references: the name of a field both records must agree on (`project`: a deliverable's milestone must
    /// be one of the deliverable's own project).
    public var sameAs: String?

    /// The reference as the owner of this record (see `isOwner`).
    public func owner() -> Field {
        var f = self
        f.isOwner = true
        return f
    }

    /// The reference restricted to records with the same value of `field` as this one (see `sameAs`).
    public func within(_ field: String) -> Field {
        var f = self
        f.sameAs = field
        return f
    }

    /// Column rules (see `TableSchema.swift`): stored `NOT NULL` without being required, a SQL default, unique,
    /// and the migration that added the column.
    public var storedNotNull = false
    public var columnDefault: String?
    public var isUnique = false
    public var uniqueIgnoringCase = false
    public var addedIn: Int?

    /// Whether requests may set it.
    public var writable: Bool { !readOnly && (expression == nil || storedByHook) }

    /// A field kept outside the record's row (in rows of another table, a career's titles): read by the
    /// expression, written by the resource's `ResourceHooks.storeOutside` hook. Journaled like any field.
    public var storedByHook = false
    /// A column the server keeps for itself (a search key): never shown, filtered, sorted or journaled.
    public var hidden = false
    /// A field set on create and never changed after (a 422 names it).
    public var immutable = false

    /// A writable field stored outside the row (see `storedByHook`), read by `sql` over the row `t`.
    public static func outside(_ name: String, _ kind: Kind, sql: String, summary: String = "") -> Field {
        var f = Field(name, kind, column: name, summary: summary)
        f.expression = sql
        f.storedByHook = true
        return f
    }

    /// The field as a hidden, server-kept column (see `hidden`).
    public func hiddenColumn() -> Field {
        var f = self
        f.hidden = true
        f.readOnly = true
        f.filterable = false
        f.sortable = false
        return f
    }

    /// The field as one a create sets and nothing changes after.
    public func immutableAfterCreate() -> Field {
        var f = self
        f.immutable = true
        return f
    }

    /// `firstName` → `first_name`.
    public static func snakeCase(_ name: String) -> String {
        var out = ""
        for c in name {
            if c.isUppercase {
                out += "_" + c.lowercased()
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Whether values are stored as SQLite INTEGER.
    var storesInteger: Bool {
        switch kind {
        case .integer, .boolean, .reference: true
        default: false
        }
    }

    /// The referenced collection, for reference fields.
    public var referencedCollection: String? {
        if case .reference(let c) = kind { return c }
        return nil
    }
}

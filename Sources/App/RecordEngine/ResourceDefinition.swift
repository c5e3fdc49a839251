import HTTPCore
import Storage
import Synchronization

/// A collection served at `/api/v1/{collection}`: its table and declared fields. Every record also has `id`,
/// `version` (the ETag), `createdAt` and `updatedAt`, kept by the server.
///
/// ```swift
/// ResourceDefinition(collection: "people", table: "people", title: "Person", group: .projects, fields: [
///     Field("name", .string, required: true).length(1...200).searchable(),
///     Field("email", .email, required: true),
/// ])
/// ```
public struct ResourceDefinition: Sendable {
    /// Which access rule applies (see `AccessPolicy`): careers and project records allow anonymous reads by a
    /// setting each; restricted collections (performance feedback, say) are admins' only, for reads and writes.
    public enum Group: String, Sendable {
        case careers
        case projects
        case restricted
        /// Reference data (budget categories): read like project records, written by admins only.
        case reference
    }

    /// How a record is named in paths and references.
    public enum Key: Sendable, Equatable {
        /// `id`, an integer the database assigns (`/api/v1/people/42`).
        case serial
        /// A field the client chooses on create and can never change (a custom career's `code`:
        /// `/api/v1/careers/ACME-0001.00`). The record has no `id`; the row's integer handle stays inside the engine.
        case natural(String)
    }

    public let collection: String
    public let table: String
    public let title: String
    public let group: Group
    public let key: Key
    public let fields: [Field]
    /// The JSON name of the key (`id`, or the natural key's field) and its column.
    public let keyName: String
    let keyColumn: String
    /// The SQL of the row's integer handle over the alias `t` (see `SchemaSQL.handle`).
    let handle: String
    /// What a read selects (`selectList(fields)`), and the read of one record by id: built once, not per request.
    let selectList: String
    let selectByID: String
    /// Field positions by JSON name.
    let fieldIndex: [String: Int]
    /// INSERT texts by the columns a create sets (a handful of shapes per resource), built once each.
    let insertStatements = InsertStatements()
    /// Cross-field rules run after per-field validation, in the write transaction, with the merged record.
    public var rules: (@Sendable ([String: JSONValue], Database) throws -> [FieldIssue])?
    /// Routes of one record beyond the standard ones, with their OpenAPI operations (see `ResourceRoute`).
    public var routes: [ResourceRoute] = []
    /// The list and the read of one record are the resource's own routes (careers: relevance search and whole
    /// profiles); the engine registers the writes and the history.
    public var customReads = false
    /// Domain behaviour around writes (defaults, trees, derived data); see `ResourceHooks`.
    public var hooks = ResourceHooks()
    /// The state machine of a status field, applied by the engine on every write (see `Lifecycle`).
    public var lifecycle: Lifecycle?
    /// The migrations that create and change this resource's table, numbered in the one sequence of
    /// `AppSchema` (see `ResourceMigration`). Resources released before the engine generated tables (people,
    /// projects, work packages, dependencies, milestones, deliverables) have theirs in `ReleasedMigrations`.
    public var migrations: [Migration] = []
    /// Indexes of the table (a reference column should lead one, so that deleting its target can check it fast).
    public var indexes: [TableIndex] = []
    /// The migration that adds the trigram index of the substring fields to a table created before it (nil:
    /// with the table).
    public var substringIndexSince: Int?
    /// The migration that rebuilds the full-text index with prefix indexes (`SchemaSQL.searchPrefixes`) for a table
    /// created before them (nil: with the table).
    public var searchPrefixesSince: Int?
    /// Unique constraints over several columns (column names).
    public var uniqueTogether: [[String]] = []
    /// Who keeps the table's own full-text index, when the engine does not (careers: `CareerIndexer`, with
    /// columns of other tables in it); the engine then declares none.
    public var searchKeptBy: String?
    /// The FTS5 table mirroring the searchable fields, when there are any (`{table}_fts`).
    public var searchTable: String? { fields.contains(where: \.searchable) ? table + "_fts" : nil }

    public init(
        collection: String,
        table: String,
        title: String,
        group: Group,
        key: Key = .serial,
        fields: [Field],
        rules: (@Sendable ([String: JSONValue], Database) throws -> [FieldIssue])? = nil
    ) {
        self.collection = collection
        self.table = table
        self.title = title
        self.group = group
        self.key = key
        self.fields = fields
        self.rules = rules
        switch key {
        case .serial:
            keyName = "id"
            keyColumn = "id"
        case .natural(let name):
            keyName = name
            keyColumn = fields.first { $0.name == name }?.column ?? Field.snakeCase(name)
        }
        handle = SchemaSQL.handle(key)
        let shown = fields.filter { !$0.hidden }
        selectList = Self.selectList(shown, handle: handle)
        selectedFields = shown
        fieldIndex = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        selectByID = "SELECT \(selectList) FROM \(table) t WHERE \(handle) = ?"
    }

    /// The fields a read selects and shows, in `selectList` order: all but the hidden ones.
    let selectedFields: [Field]

    /// The names a record shows: the system fields, then the declared ones.
    public var names: [String] { systemNames + selectedFields.map(\.name) }

    /// The server's own fields of this resource: `id` (for serial keys), `version`, `createdAt`, `updatedAt`.
    public var systemNames: [String] {
        key == .serial ? Self.systemFields : Array(Self.systemFields.dropFirst())
    }

    public func field(_ name: String) -> Field? { fieldIndex[name].map { fields[$0] } }

    /// The collections that derived fields read, besides this one: a list's ETag folds in their change counters.
    public var derivedReads: [String] {
        var seen: [String] = []
        for f in fields { for c in f.derivedReads where !seen.contains(c) && c != collection { seen.append(c) } }
        return seen
    }

    /// Whether a derived field depends on the current date.
    public var readsToday: Bool { fields.contains(where: \.readsToday) }

    /// Whether any field is derived on read (then a record's ETag also covers their values).
    var hasDerivedFields: Bool { fields.contains { $0.expression != nil && !$0.storedByHook } }

    /// The names every record has besides its declared fields.
    public static let systemFields = ["id", "version", "createdAt", "updatedAt"]
    /// The system fields `sort=` and filters take (each served by an index: the primary key, `{table}_by_created_at`
    /// and `{table}_by_updated_at`); `version` is the ETag, neither sorted nor filtered on.
    static let listedSystemFields = ["id", "createdAt", "updatedAt"]

    /// The listed system fields of this resource (no `id` where a natural key names records).
    var listedSystemNames: [String] {
        key == .serial ? Self.listedSystemFields : Array(Self.listedSystemFields.dropFirst())
    }
    /// What `sort=` accepts, system fields first.
    public var sortableNames: [String] { listedSystemNames + selectedFields.filter(\.sortable).map(\.name) }
    /// What filters accept, system fields first.
    public var filterableNames: [String] { listedSystemNames + selectedFields.filter(\.filterable).map(\.name) }
    /// The fields `like`/`ilike` take (served by the trigram index).
    public var substringNames: [String] { fields.filter(\.substring).map(\.name) }
    /// The FTS5 trigram table behind substring filters, when a field takes them (`{table}_trigram`).
    public var trigramTable: String? { fields.contains(where: \.substring) ? table + "_trigram" : nil }
    static let systemColumns = ["id": "id", "version": "version", "createdAt": "created_at", "updatedAt": "updated_at"]

    /// The SQL expression behind a JSON name over the row alias `t`, system and derived fields included.
    func column(for name: String) -> String? {
        if let system = Self.systemColumns[name], name != "id" || key == .serial { return "t." + system }
        guard let field = field(name), !field.hidden else { return nil }
        return field.expression.map { "(\($0))" } ?? "t." + field.column
    }

    /// What a read selects, system columns first, in the order `Record` reads them.
    static func selectList(_ fields: [Field], handle: String) -> String {
        ([handle, "t.version", "t.created_at", "t.updated_at"]
            + fields.map { f in f.expression.map { "(\($0))" } ?? "t.\(f.column)" })
            .joined(separator: ", ")
    }
}

public typealias FieldIssue = Problem.FieldIssue

/// The INSERT statement texts of one resource, by the list of columns given: built once per shape instead of
/// joined anew for every create.
final class InsertStatements: Sendable {
    private let texts = LockedValue<[[String]: String]>([:])

    func sql(for columns: [String], build: ([String]) -> String) -> String {
        if let text = texts.withLock({ $0[columns] }) { return text }
        let text = build(columns)
        texts.withLock { texts in
            if texts.count >= 256 { texts.removeAll() }  // bounded: shapes come from the declared fields only
            texts[columns] = text
        }
        return text
    }
}

/// `count(*)` of a list's filter, kept by the filter and the change counters of the collections it reads: a
/// client paging through a large list (or a dashboard polling it) pays for the count once per change of the
/// data, not once per page. Bounded; a change of any counter makes an old entry unreachable (it then ages out).
final class TotalCounts: Sendable {
    private let counts = LockedValue<[String: Int]>([:])
    static let capacity = 4096

    func count(key: String, compute: () throws -> Int) rethrows -> Int {
        if let known = counts.withLock({ $0[key] }) { return known }
        let n = try compute()
        counts.withLock { counts in
            if counts.count >= Self.capacity { counts.removeAll(keepingCapacity: true) }
            counts[key] = n
        }
        return n
    }
}

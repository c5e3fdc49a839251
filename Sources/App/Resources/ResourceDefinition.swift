import HTTPCore
import Storage

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
    /// Which access rule applies (anonymous reads are a setting per group).
    public enum Group: String, Sendable {
        case careers
        case projects
    }

    public let collection: String
    public let table: String
    public let title: String
    public let group: Group
    public let fields: [Field]
    /// What a read selects (`selectList(fields)`), and the read of one record by id: built once, not per request.
    let selectList: String
    let selectByID: String
    /// Cross-field rules run after per-field validation, in the write transaction, with the merged record.
    public var rules: (@Sendable ([String: JSONValue], Database) throws -> [FieldIssue])?
    /// Domain behaviour around writes (lifecycles, trees, derived data); see `ResourceHooks`.
    public var hooks = ResourceHooks()
    /// The FTS5 table mirroring the searchable fields, when there are any (`{table}_fts`).
    public var searchTable: String? { fields.contains(where: \.searchable) ? table + "_fts" : nil }

    public init(
        collection: String,
        table: String,
        title: String,
        group: Group,
        fields: [Field],
        rules: (@Sendable ([String: JSONValue], Database) throws -> [FieldIssue])? = nil
    ) {
        self.collection = collection
        self.table = table
        self.title = title
        self.group = group
        self.fields = fields
        self.rules = rules
        selectList = Self.selectList(fields)
        selectByID = "SELECT \(selectList) FROM \(table) t WHERE t.id = ?"
    }

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// The names every record has besides its declared fields.
    public static let systemFields = ["id", "version", "createdAt", "updatedAt"]
    static let systemColumns = ["id": "id", "version": "version", "createdAt": "created_at", "updatedAt": "updated_at"]

    /// The SQL expression behind a JSON name over the row alias `t`, system and derived fields included.
    func column(for name: String) -> String? {
        if let system = Self.systemColumns[name] { return "t." + system }
        guard let field = field(name) else { return nil }
        return field.expression.map { "(\($0))" } ?? "t." + field.column
    }

    /// What a read selects, system columns first, in the order `Record` reads them.
    static func selectList(_ fields: [Field]) -> String {
        (["t.id", "t.version", "t.created_at", "t.updated_at"]
            + fields.map { f in f.expression.map { "(\($0))" } ?? "t.\(f.column)" })
            .joined(separator: ", ")
    }
}

public typealias FieldIssue = Problem.FieldIssue

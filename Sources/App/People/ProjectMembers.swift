import Storage

/// Project members: a person's role on a project over a period (`from`, and `to` when it ends), and the approval
/// limit that role carries, in minor units of the project's currency. Change requests check it: approving one
/// whose cost delta is above the approver's limit (the highest of their memberships active today) is a 403 naming
/// the limit. Later team work extends this record (allocation, rates).
enum ProjectMembers {
    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "project-members",
            table: "project_members",
            title: "Project member",
            group: .projects,
            fields: [
                Field("project", .reference(collection: "projects"), column: "project_id", required: true).owner()
                    .immutableAfterCreate(),
                Field("person", .reference(collection: "people"), column: "person_id", required: true)
                    .immutableAfterCreate(),
                Field("role", .string, required: true, summary: "e.g. Sponsor, Project manager, Change board")
                    .length(1...100).sortable(),
                Field(
                    "approvalLimit",
                    .integer,
                    summary: "The largest change cost delta this member may approve, minor units; none: may not approve"
                ).range(0...Money.maxAmount).filterable(alongside: "project"),
                Field("currency", .currency, summary: "The project's currency; required with approvalLimit")
                    .notFilterable(),
                Field("from", .date, column: "from_date", required: true, summary: "First day of the membership")
                    .sortable(),
                Field("to", .date, column: "to_date", summary: "Last day; open-ended when null")
                    .filterable(alongside: "project"),
            ],
            rules: { record, db in
                var issues = try Money.projectCurrencyIssues(record, db)
                if (record["approvalLimit"] ?? .null) != .null && (record["currency"] ?? .null) == .null {
                    issues.append(
                        FieldIssue(field: "currency", code: "required", message: "is required with approvalLimit")
                    )
                }
                if case .string(let from)? = record["from"], case .string(let to)? = record["to"], to < from {
                    issues.append(FieldIssue(field: "to", code: "before_start", message: "must not be before from"))
                }
                return issues
            }
        )
        d.indexes = [TableIndex("project_members_authority", on: ["project_id", "person_id"])]
        d.indexes += SchemaSQL.listIndexes(d, since: 66)
        // Created by migration 66 (`ChangeRequests.definition`).
        return d
    }

    /// The highest approval limit `person` holds on `project` on `day` (`YYYY-MM-DD`), with the role that carries
    /// it; nil when no membership active that day carries one.
    static func approvalLimit(
        _ db: Database,
        project: Int64,
        person: Int64,
        on day: String
    ) throws -> (limit: Int64, role: String)? {
        try db.queryOne(
            """
            SELECT approval_limit, role FROM project_members
            WHERE project_id = ? AND person_id = ? AND approval_limit IS NOT NULL
                AND from_date <= ? AND (to_date IS NULL OR to_date >= ?)
            ORDER BY approval_limit DESC LIMIT 1
            """,
            StatementArguments([SQLiteValue.integer(project), .integer(person), .text(day), .text(day)])
        ).map { (try $0.get(0, as: Int64.self), try $0.get(1, as: String.self)) }
    }
}

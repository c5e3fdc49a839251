import Foundation
import HTTPCore
import Storage

/// Saved status reports: a period, the narrative (accomplishments, next steps, issues, decisions needed) and the
/// metrics snapshot the server takes as of the period's end each time a draft is saved (`ProjectStatus`). Setting
/// `state` to `published` takes the last snapshot and stamps `publishedAt`; a published report never changes again
/// and is not deleted (409). `GET /api/v1/projects/{id}/status-trends` lists the snapshots across a project's
/// reports, oldest period first, for charts.
enum StatusReports {
    static let rag = ["green", "amber", "red"]

    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "status-reports",
            table: "status_reports",
            title: "Status report",
            group: .projects,
            fields: [
                Field("project", .reference(collection: "projects"), column: "project_id", required: true).owner()
                    .immutableAfterCreate(),
                Field("periodStart", .date, required: true).filterable(alongside: "project"),
                Field("periodEnd", .date, required: true, summary: "The metrics are taken as of this day").sortable(),
                Field("state", .enumeration(["draft", "published"]), summary: "published: never changes again")
                    .notNull().defaultSQL("'draft'").filterable(alongside: "project"),
                Field("publishedAt", .datetime).serverSet().filterable(alongside: "project"),
                Field("accomplishments", .text),
                Field("nextSteps", .text),
                Field("issues", .text),
                Field("decisionsNeeded", .text),
                Field("metricsAsOf", .date).serverSet().notFilterable(),
                Field("overallRag", .enumeration(rag)).serverSet().filterable(alongside: "project"),
                Field("scheduleRag", .enumeration(rag)).serverSet().notFilterable(),
                Field("costRag", .enumeration(rag)).serverSet().notFilterable(),
                Field("scopeRag", .enumeration(rag)).serverSet().notFilterable(),
                Field("spi", .number, summary: "Null without a current baseline or planned value").serverSet()
                    .notFilterable(),
                Field("cpi", .number, summary: "Null without actual cost").serverSet().notFilterable(),
                Field("pv", .integer, summary: "Minor units of the project's currency").serverSet().notFilterable(),
                Field("ev", .integer).serverSet().notFilterable(),
                Field("ac", .integer).serverSet().notFilterable(),
                Field("bac", .integer).serverSet().notFilterable(),
                Field("eac", .integer, summary: "AC + bottom-up ETC").serverSet().notFilterable(),
                Field("budget", .integer).serverSet().notFilterable(),
                Field("budgetUsed", .number, summary: "AC / budget").serverSet().notFilterable(),
                Field("slippedMilestones", .integer).serverSet().notFilterable(),
                Field("openChangeRequests", .integer).serverSet().notFilterable(),
            ],
            rules: { r, _ in
                if case .string(let s)? = r["periodStart"], case .string(let e)? = r["periodEnd"], e < s {
                    return [
                        FieldIssue(field: "periodEnd", code: "before_start", message: "must not be before periodStart")
                    ]
                }
                return []
            }
        )
        d.indexes += SchemaSQL.listIndexes(d, since: 62)
        d.migrations = [SchemaSQL.createTable(d, version: 62)]
        d.hooks.willWrite = { db, _, current, changes in
            if let current, current["state"] == .string("published") {
                let id: String = if case .int(let i)? = current["id"] { String(i) } else { "" }
                throw DomainError.conflict(
                    "status report \(id) is published and never changes; save a new report for a new period"
                )
            }
            if changes["state"] == .null { changes["state"] = nil }
            let merged = (current ?? [:]).merging(changes) { _, new in new }
            guard case .int(let project)? = merged["project"], case .string(let end)? = merged["periodEnd"],
                let day = CivilDate.days(end),
                try db.queryOne("SELECT 1 FROM projects WHERE id = ?", [project]) != nil
            else { return }
            for (name, value) in try ProjectStatus.compute(db, project: project, asOf: day).metrics {
                changes[name] = value
            }
            if merged["state"] == .string("published") {
                changes["publishedAt"] = .string(SQLiteDateFormat.format(Date()))
            }
        }
        d.hooks.willDelete = { _, record in
            if record["state"] == .string("published") {
                let id: String = if case .int(let i)? = record["id"] { String(i) } else { "" }
                throw DomainError.conflict("status report \(id) is published and is kept; it cannot be deleted")
            }
        }
        return d
    }

    /// The metric fields the trends answer, in order.
    static let trendFields = [
        "metricsAsOf", "overallRag", "scheduleRag", "costRag", "scopeRag", "spi", "cpi", "pv", "ev", "ac", "bac", "eac",
        "budget", "budgetUsed", "slippedMilestones", "openChangeRequests",
    ]

    /// `GET /api/v1/projects/{id}/status-trends[?state=published]`: each saved report's period, state and
    /// snapshot, oldest period first.
    static let trendsRoute = ResourceRoute(.get, "status-trends", operation: trendsOperation) { request, context in
        let raw = request.parameters["id"] ?? ""
        guard let project = Int64(raw), project > 0 else { throw DomainError.notFound("project \(raw) does not exist") }
        for (name, _) in request.query where name != "state" {
            throw HTTPError(.badRequest, "unknown parameter '\(name)'; status-trends takes state")
        }
        let state = request.query["state"]
        guard state == nil || state == "draft" || state == "published" else {
            throw HTTPError(.badRequest, "state must be draft or published")
        }
        return try context.database.read { db in
            _ = try ProjectPlanController.requireProject(db, project)
            let columns = trendFields.map(Field.snakeCase).joined(separator: ", ")
            var points: [JSONValue] = []
            try db.forEach(
                """
                SELECT id, period_start, period_end, state, \(columns) FROM status_reports
                WHERE project_id = ? AND (? IS NULL OR state = ?) ORDER BY period_end, id
                """,
                StatementArguments([
                    .integer(project), state.map(SQLiteValue.text) ?? .null, state.map(SQLiteValue.text) ?? .null,
                ])
            ) { row in
                var o: [String: JSONValue] = [
                    "report": .int(try row.get(0)), "periodStart": .string(try row.get(1)),
                    "periodEnd": .string(try row.get(2)), "state": .string(try row.get(3)),
                ]
                for (i, name) in trendFields.enumerated() {
                    let value = try row.get(4 + i, as: SQLiteValue.self)
                    o[name] =
                        switch value {
                        case .integer(let n): .int(n)
                        case .double(let x): .double(x)
                        case .text(let t): .string(t)
                        default: .null
                        }
                }
                points.append(.object(o))
            }
            var w = JSONWriter(capacity: 256 + points.count * 400)
            w.write(.object(["project": .int(project), "points": .array(points)]))
            return Response.bytes(w.bytes, contentType: JSON.contentType)
        }
    }

    static let trendsOperation = OpenAPIDocument.documentOperation(
        id: "getStatusTrends",
        summary:
            "The metrics snapshot of each saved status report of the project, oldest period first: RAG, SPI, CPI, PV, EV, AC, BAC, EAC, budget used, slipped milestones, open change requests",
        description: "The trends",
        schema: ServicePaths.object([
            "project": ServicePaths.integer, "points": ServicePaths.array(ServicePaths.looseObject),
        ]),
        parameters: [["name": "state", "in": "query", "schema": ["type": "string", "enum": ["draft", "published"]]]],
        problems: ["BadRequest", "NotFound"]
    )
}

import Foundation
import HTTPCore
import Storage

/// Change requests: a proposed modification of a project's plan, its reason, who asked, its impact and the
/// decision. proposed → under_review → approved or rejected; approved → implemented → closed; rejected → closed;
/// under_review → proposed sends it back. Each step is a `PATCH` of `status`, journaled by the engine.
///
/// - The impact is the request's `change-items` (packages to add, change or remove). Moving to `under_review` and
///   to `approved` assesses it: the items are applied to the plan through the engine's own write path inside a
///   savepoint, the schedule (`ProjectSchedule`, the one computation) and the planned cost are computed on the
///   changed plan, and the savepoint is rolled back. `costDelta`, `scheduleDeltaDays` (working days, positive:
///   later), `finishBefore`/`finishAfter` and `impactSummary` ("this change moves the finish by 6 working days")
///   keep the result. `GET /api/v1/change-requests/{id}/impact` runs the same assessment on the plan as it is now.
/// - Who approves or rejects is the person behind the request's API key (`approver`); approving needs a project
///   membership active today whose `approvalLimit` is at least the size of the cost delta (either direction):
///   otherwise 403 naming the limit.
/// - Implementing applies the items to the plan for good, in the request's transaction, and saves a new current
///   baseline (`baseline`); an item that no longer applies (its package was deleted, a rule now fails) is a 409
///   and nothing changes.
enum ChangeRequests {
    static let statuses = ["proposed", "under_review", "approved", "rejected", "implemented", "closed"]
    /// The states a request is open in: not yet implemented, rejected or closed (what status reports count).
    static let openStatuses = ["proposed", "under_review", "approved"]

    static let lifecycle = Lifecycle(
        field: "status",
        initial: ["proposed"],
        transitions: [
            "proposed": ["under_review"], "under_review": ["approved", "rejected", "proposed"],
            "approved": ["implemented"], "rejected": ["closed"], "implemented": ["closed"], "closed": [],
        ],
        frozen: [
            "approved": ["project", "title", "reason", "requester"], "rejected": ["*"], "implemented": ["*"],
            "closed": ["*"],
        ],
        // The impact is what was reviewed: its items change only while the request is proposed.
        closed: ["under_review", "approved", "rejected", "implemented", "closed"]
    )

    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "change-requests",
            table: "change_requests",
            title: "Change request",
            group: .projects,
            fields: [
                Field("project", .reference(collection: "projects"), column: "project_id", required: true).owner()
                    .immutableAfterCreate(),
                Field("title", .string, required: true).length(1...200).sortable().searchable(),
                Field("reason", .text, required: true, summary: "Why the plan should change").searchable(),
                Field(
                    "requester",
                    .reference(collection: "people"),
                    column: "requester_id",
                    summary: "Who asks for it; the person behind the API key when not given"
                ),
                Field(
                    "status",
                    .enumeration(statuses),
                    summary: "proposed → under_review → approved | rejected; approved → implemented → closed"
                ).notNull().sortable(),
                Field("costDelta", .integer, summary: "Planned cost after minus before, minor units (assessed)")
                    .serverSet().filterable(alongside: "project"),
                Field("currency", .currency, summary: "The project's currency, of costDelta").serverSet()
                    .notFilterable(),
                Field(
                    "scheduleDeltaDays",
                    .integer,
                    summary: "Working days the change moves the finish (assessed; positive: later)"
                ).serverSet().filterable(alongside: "project"),
                Field("finishBefore", .date, summary: "The plan's finish without the change (assessed)").serverSet()
                    .filterable(alongside: "project"),
                Field("finishAfter", .date, summary: "The plan's finish with the change (assessed)").serverSet()
                    .filterable(alongside: "project"),
                Field("impactSummary", .string, summary: "The assessment in words").length(0...500).serverSet()
                    .notFilterable(),
                Field("assessedAt", .datetime).serverSet().filterable(alongside: "project"),
                Field(
                    "approver",
                    .reference(collection: "people"),
                    column: "approver_id",
                    summary: "The person behind the API key that approved or rejected it"
                ).serverSet(),
                Field("decidedAt", .datetime).serverSet().filterable(alongside: "project"),
                Field("decisionComments", .text),
                Field("implementedAt", .datetime).serverSet().filterable(alongside: "project"),
                Field(
                    "baseline",
                    .reference(collection: "baselines"),
                    column: "baseline_id",
                    summary: "The baseline saved when it was implemented"
                ).serverSet(),
            ],
            rules: { r, _ in
                var issues: [FieldIssue] = []
                if (r["requester"] ?? .null) == .null {
                    issues.append(
                        FieldIssue(
                            field: "requester",
                            code: "required",
                            message: "name the person who asks for it (or use an API key linked to a person)"
                        )
                    )
                }
                let comments: String = if case .string(let c)? = r["decisionComments"] { c } else { "" }
                if r["status"] == .string("rejected"), comments.allSatisfy(\.isWhitespace) {
                    issues.append(
                        FieldIssue(field: "decisionComments", code: "required", message: "say why it was rejected")
                    )
                }
                return issues
            }
        )
        d.lifecycle = lifecycle
        d.indexes = [
            TableIndex("change_requests_open", on: ["project_id", "status"]),
            TableIndex("change_requests_requester", on: ["requester_id"], where: "requester_id IS NOT NULL"),
            TableIndex("change_requests_approver", on: ["approver_id"], where: "approver_id IS NOT NULL"),
            TableIndex("change_requests_baseline", on: ["baseline_id"], where: "baseline_id IS NOT NULL"),
        ]
        d.indexes += SchemaSQL.listIndexes(d, since: 66)
        // One migration creates the tables of change control: members, requests and their items.
        d.migrations = [
            Migration(
                version: 66,
                name: "change control: project members, change requests, change items",
                sql: [ProjectMembers.definition, d, ChangeItems.definition].map {
                    SchemaSQL.createTable($0, version: 66).sql ?? ""
                }.joined()
            )
        ]
        d.hooks.willWrite = { db, actor, current, changes in try step(db, actor, current, &changes) }
        d.routes = [ChangeImpact.route]
        return d
    }

    /// What each step does beside changing `status`: the requester by default, the assessment, the approver and
    /// their authority, the implementation.
    static func step(
        _ db: Database,
        _ actor: Actor,
        _ current: ResourceHooks.Values?,
        _ changes: inout ResourceHooks.Values
    ) throws {
        if changes["status"] == .null || (current == nil && changes["status"] == nil) {
            changes["status"] = current == nil ? .string("proposed") : nil
        }
        if current == nil, (changes["requester"] ?? .null) == .null, let person = actor.person {
            changes["requester"] = .int(person)
        }
        guard let current, case .string(let next)? = changes["status"], changes["status"] != current["status"],
            case .int(let id)? = current["id"], case .int(let project)? = current["project"]
        else { return }
        // An illegal step is the lifecycle's 409 before anything is assessed, checked or applied.
        try lifecycle.check(current, changes)
        let now = JSONValue.string(SQLiteDateFormat.format(Date()))
        func record(_ impact: ChangeImpact.Assessment) {
            changes["costDelta"] = .int(impact.costDelta)
            changes["currency"] = impact.currency.map(JSONValue.string) ?? .null
            changes["scheduleDeltaDays"] = .int(Int64(impact.scheduleDeltaDays))
            changes["finishBefore"] = .string(CivilDate.string(impact.finishBefore))
            changes["finishAfter"] = .string(CivilDate.string(impact.finishAfter))
            changes["impactSummary"] = .string(impact.summary)
            changes["assessedAt"] = now
        }
        switch next {
        case "under_review":
            record(try ChangeImpact.assess(db, request: id, project: project, actor: actor))
        case "approved":
            let person = try actor.requirePerson(for: "Approving a change request")
            let impact = try ChangeImpact.assess(db, request: id, project: project, actor: actor)
            try checkAuthority(db, project: project, person: person, impact: impact)
            record(impact)
            changes["approver"] = .int(person)
            changes["decidedAt"] = now
        case "rejected":
            changes["approver"] = .int(try actor.requirePerson(for: "Rejecting a change request"))
            changes["decidedAt"] = now
        case "implemented":
            let title: String = if case .string(let t)? = current["title"] { t } else { "" }
            let applied = try ChangeImpact.implement(db, request: id, project: project, title: title, actor: actor)
            changes["baseline"] = .int(applied.baseline)
            changes["implementedAt"] = now
        default:
            break
        }
    }

    /// The approver must hold, today, a membership of the project whose approval limit covers the cost delta
    /// (its size: a cut changes the plan as much as an increase); else 403 naming the limit.
    static func checkAuthority(
        _ db: Database,
        project: Int64,
        person: Int64,
        impact: ChangeImpact.Assessment
    ) throws {
        let today = ETags.today()
        guard let (limit, role) = try ProjectMembers.approvalLimit(db, project: project, person: person, on: today)
        else {
            throw DomainError.forbidden(
                "person \(person) holds no approval limit on project \(project) today: a project member (POST /api/v1/project-members) with an approvalLimit approves change requests"
            )
        }
        let size = impact.costDelta.magnitude
        guard size <= limit.magnitude else {
            let currency = impact.currency ?? ""
            throw DomainError.forbidden(
                "the change's cost delta of \(format(impact.costDelta, currency)) is above the approval limit of \(format(limit, currency)) that person \(person) holds as \(role) on project \(project); someone with a higher limit must approve it"
            )
        }
    }

    /// `1234567` EUR as `EUR 12345.67 (1234567 minor units)`.
    static func format(_ amount: Int64, _ currency: String) -> String {
        let exponent = Money.exponent(currency)
        var unit: Int64 = 1
        for _ in 0..<exponent { unit *= 10 }
        let whole = amount.magnitude / UInt64(unit)
        let fraction = amount.magnitude % UInt64(unit)
        var text = "\(amount < 0 ? "-" : "")\(whole)"
        if exponent > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: exponent - digits.count) + digits
        }
        return "\(currency.isEmpty ? "" : currency + " ")\(text) (\(amount) minor units)"
    }

    /// Open change requests (proposed, under review or approved) of one project.
    static func openCount(_ db: Database, project: Int64) throws -> Int {
        try db.scalar(
            Int.self,
            "SELECT count(*) FROM change_requests WHERE project_id = ? AND status IN ('proposed', 'under_review', 'approved')",
            [project]
        )
    }

    /// Open change requests by project, for every project that has any (one query, for a portfolio).
    static func openCounts(_ db: Database) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        try db.forEach(
            "SELECT project_id, count(*) FROM change_requests WHERE status IN ('proposed', 'under_review', 'approved') GROUP BY project_id"
        ) { row in counts[try row.get(0, as: Int64.self)] = try row.get(1, as: Int.self) }
        return counts
    }
}

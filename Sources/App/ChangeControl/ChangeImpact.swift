import Foundation
import HTTPCore
import Storage

/// What a change request does to its project's plan. The items are applied through the record engine's write
/// path (the same validation, WBS rules, dependency checks and journal as a client's writes), so an assessment and
/// an implementation cannot disagree: an assessment applies them inside a savepoint, computes the schedule
/// (`ProjectSchedule`) and the planned cost of the changed plan, and rolls the savepoint back; an implementation
/// keeps them and saves a baseline.
enum ChangeImpact {
    struct Assessment {
        /// Planned cost after minus before, in minor units of the project's currency (packages whose
        /// `costCurrency` is another currency are left out: amounts of different currencies are never added).
        var costDelta: Int64
        var currency: String?
        /// Working days from the finish before to the finish after (positive: later).
        var scheduleDeltaDays: Int
        var finishBefore: Int
        var finishAfter: Int
        var items: Int

        var summary: String {
            func days(_ n: Int) -> String { n == 1 ? "1 working day" : "\(n) working days" }
            let from = CivilDate.string(finishBefore)
            let to = CivilDate.string(finishAfter)
            let schedule =
                scheduleDeltaDays > 0
                ? "moves the finish by \(days(scheduleDeltaDays)) (\(from) → \(to))"
                : scheduleDeltaDays < 0
                    ? "brings the finish forward by \(days(-scheduleDeltaDays)) (\(from) → \(to))"
                    : "does not move the finish (\(from))"
            let cost =
                costDelta == 0
                ? "leaves the planned cost as it is"
                : "changes the planned cost by \(costDelta > 0 ? "+" : "")\(Self.amount(costDelta, currency))"
            return "this change \(schedule) and \(cost)"
        }

        static func amount(_ minor: Int64, _ currency: String?) -> String {
            let exponent = Money.exponent(currency ?? "")
            var unit: UInt64 = 1
            for _ in 0..<exponent { unit *= 10 }
            var text = "\(minor < 0 ? "-" : "")\(minor.magnitude / unit)"
            if exponent > 0 {
                let digits = String(minor.magnitude % unit)
                text += "." + String(repeating: "0", count: exponent - digits.count) + digits
            }
            return currency.map { "\($0) \(text)" } ?? "\(text) (minor units)"
        }
    }

    /// One item as stored.
    struct Item {
        var id: Int64
        var action: String
        var workPackage: Int64?
        var predecessor: Int64?
        /// The package fields it sets, by their work-package names.
        var fields: [String: JSONValue]
    }

    static func items(_ db: Database, request: Int64) throws -> [Item] {
        var items: [Item] = []
        try db.forEach(
            """
            SELECT id, action, work_package_id, predecessor_id, name, parent_id, duration_days, planned_cost,
                planned_start, planned_finish
            FROM change_items WHERE change_request_id = ? ORDER BY id
            """,
            [request]
        ) { row in
            var fields: [String: JSONValue] = [:]
            if let name = try row.get(4, as: String?.self) { fields["name"] = .string(name) }
            if let parent = try row.get(5, as: Int64?.self) { fields["parent"] = .int(parent) }
            if let days = try row.get(6, as: Int64?.self) { fields["durationDays"] = .int(days) }
            if let cost = try row.get(7, as: Int64?.self) { fields["plannedCost"] = .int(cost) }
            if let start = try row.get(8, as: String?.self) { fields["plannedStart"] = .string(start) }
            if let finish = try row.get(9, as: String?.self) { fields["plannedFinish"] = .string(finish) }
            items.append(
                Item(
                    id: try row.get(0, as: Int64.self),
                    action: try row.get(1, as: String.self),
                    workPackage: try row.get(2, as: Int64?.self),
                    predecessor: try row.get(3, as: Int64?.self),
                    fields: fields
                )
            )
        }
        return items
    }

    /// Applies `items` to the plan through the engine's write path, in the caller's transaction. An item that
    /// does not apply is a 409 naming it (the caller's transaction or savepoint then undoes every item before it).
    static func apply(_ db: Database, project: Int64, items: [Item], actor: Actor) throws {
        let registry = Catalog.registry
        guard let packages = registry.definition("work-packages"),
            let dependencies = registry.definition("dependencies")
        else { return }
        let packageStore = registry.store(packages)
        for item in items {
            let what = item.workPackage.map { "\(item.action) work package \($0)" } ?? "\(item.action) a package"
            do {
                var target = item.workPackage
                if let id = item.workPackage {
                    let owner = try db.queryOne("SELECT project_id FROM work_packages WHERE id = ?", [id]).map {
                        try $0.get(0, as: Int64.self)
                    }
                    guard owner == project else {
                        throw DomainError.conflict("work package \(id) is no longer in project \(project)")
                    }
                }
                switch item.action {
                case "add":
                    var body = item.fields
                    body["project"] = .int(project)
                    let (values, readOnly, issues) = RecordValidator.validate(body, of: packages, mode: .complete)
                    if !issues.isEmpty { throw DomainError.invalid(issues) }
                    target = try packageStore.create(db, values, readOnlyGiven: readOnly, actor: actor).id
                case "change" where !item.fields.isEmpty:
                    let (values, readOnly, issues) = RecordValidator.validate(item.fields, of: packages, mode: .partial)
                    if !issues.isEmpty { throw DomainError.invalid(issues) }
                    _ = try packageStore.update(
                        db,
                        id: item.workPackage!,
                        values,
                        readOnlyGiven: readOnly,
                        ifMatch: nil,
                        actor: actor
                    )
                case "remove":
                    try packageStore.delete(db, id: item.workPackage!, ifMatch: nil, actor: actor)
                default:
                    break
                }
                if let predecessor = item.predecessor, let target {
                    let body: [String: JSONValue] = ["predecessor": .int(predecessor), "successor": .int(target)]
                    let (values, readOnly, issues) = RecordValidator.validate(body, of: dependencies, mode: .complete)
                    if !issues.isEmpty { throw DomainError.invalid(issues) }
                    _ = try registry.store(dependencies).create(db, values, readOnlyGiven: readOnly, actor: actor)
                }
            } catch let error as DomainError {
                let (detail, issues): (String, [FieldIssue]) =
                    switch error {
                    case .invalid(let d, let i): (d, i)
                    case .conflict(let d, let i): (d, i)
                    case .notFound(let d), .stillReferenced(let d), .forbidden(let d): (d, [])
                    case .duplicate(let field, let d): (d, [FieldIssue(field: field, code: "unique", message: d)])
                    case .preconditionFailed(let d, _): (d, [])
                    }
                throw DomainError.conflict(
                    "change item \(item.id) (\(what)) no longer applies to the plan: \(detail); nothing was changed",
                    issues: issues
                )
            }
        }
    }

    /// The plan's finish (a day) and planned cost in the project's currency.
    static func plan(_ db: Database, project: Int64) throws -> (finish: Int, cost: Int64, calendar: WorkCalendar) {
        let schedule = try ProjectSchedule(try ProjectSchedule.read(db, project: project), project: project)
        let currency = try Money.projectCurrency(db, project)
        let cost = try db.scalar(
            Int64.self,
            "SELECT coalesce(sum(planned_cost), 0) FROM work_packages WHERE project_id = ? AND (cost_currency IS NULL OR cost_currency = ?)",
            StatementArguments([SQLiteValue.integer(project), currency.map(SQLiteValue.text) ?? .null])
        )
        return (schedule.finishDay, cost, schedule.calendar)
    }

    /// Thrown out of the savepoint to roll it back, carrying what was measured inside.
    private struct Measured: Error {
        var finish: Int
        var cost: Int64
    }

    /// The request's items applied to the plan as it is now, measured, and undone.
    static func assess(_ db: Database, request: Int64, project: Int64, actor: Actor) throws -> Assessment {
        let items = try items(db, request: request)
        let before = try plan(db, project: project)
        var after: Measured?
        do {
            let _: Void = try db.savepoint { db in
                try apply(db, project: project, items: items, actor: actor)
                let changed = try plan(db, project: project)
                throw Measured(finish: changed.finish, cost: changed.cost)
            }
        } catch let measured as Measured {
            after = measured
        }
        guard let after else { throw DomainError.conflict("the change's assessment was not rolled back") }
        return Assessment(
            costDelta: after.cost - before.cost,
            currency: try Money.projectCurrency(db, project),
            scheduleDeltaDays: before.calendar.signedWorkingDays(from: before.finish, to: after.finish),
            finishBefore: before.finish,
            finishAfter: after.finish,
            items: items.count
        )
    }

    /// Applies the request's items for good and saves a new current baseline of the changed plan, journaled as
    /// the actor's; returns the baseline's id.
    static func implement(
        _ db: Database,
        request: Int64,
        project: Int64,
        title: String,
        actor: Actor
    ) throws -> (baseline: Int64, items: Int) {
        let items = try items(db, request: request)
        try apply(db, project: project, items: items, actor: actor)
        let registry = Catalog.registry
        guard let baselines = registry.definition("baselines") else { throw DomainError.notFound("no baselines") }
        let body: [String: JSONValue] = [
            "project": .int(project), "name": .string(String("Change request \(request): \(title)".prefix(100))),
            "description": .string("Saved when change request \(request) was implemented"), "isCurrent": .bool(true),
        ]
        let (values, readOnly, issues) = RecordValidator.validate(body, of: baselines, mode: .complete)
        if !issues.isEmpty { throw DomainError.invalid(issues) }
        let baseline = try registry.store(baselines).create(db, values, readOnlyGiven: readOnly, actor: actor)
        return (baseline.id, items.count)
    }

    /// `GET /api/v1/change-requests/{id}/impact`: the assessment on the plan as it is now (it takes the writer
    /// for the time of the simulation, whose writes are rolled back). An implemented or closed request's impact is
    /// already in the plan: 409, its record keeps the assessment.
    static let route = ResourceRoute(.get, "impact", operation: operation) { request, context in
        let raw = request.parameters["id"] ?? ""
        guard let id = Int64(raw), id > 0 else { throw DomainError.notFound("change request \(raw) does not exist") }
        for (name, _) in request.query {
            throw HTTPError(.badRequest, "unknown parameter '\(name)'; the impact takes none")
        }
        let actor = request.actor
        let (project, impact) = try context.database.write { db -> (Int64, Assessment) in
            guard
                let row = try db.queryOne("SELECT project_id, status FROM change_requests WHERE id = ?", [id])
            else { throw DomainError.notFound("change request \(id) does not exist") }
            let project = try row.get(0, as: Int64.self)
            let status = try row.get(1, as: String.self)
            if status == "implemented" || status == "closed" {
                throw DomainError.conflict(
                    "change request \(id) is \(status): its impact is in the plan, and its record keeps the assessment"
                )
            }
            return (project, try assess(db, request: id, project: project, actor: actor))
        }
        var writer = JSONWriter(capacity: 512)
        writer.write(
            .object([
                "changeRequest": .int(id), "project": .int(project), "items": .int(Int64(impact.items)),
                "costDelta": .int(impact.costDelta), "currency": impact.currency.map(JSONValue.string) ?? .null,
                "scheduleDeltaDays": .int(Int64(impact.scheduleDeltaDays)),
                "finishBefore": .string(CivilDate.string(impact.finishBefore)),
                "finishAfter": .string(CivilDate.string(impact.finishAfter)), "summary": .string(impact.summary),
            ])
        )
        return Response.bytes(writer.bytes, contentType: JSON.contentType)
    }

    static let operation = OpenAPIDocument.documentOperation(
        id: "getChangeRequestImpact",
        summary:
            "The change applied to the plan as it is now and rolled back: the cost delta and how many working days it moves the finish",
        description: "The impact",
        schema: ServicePaths.object([
            "changeRequest": ServicePaths.integer, "project": ServicePaths.integer,
            "costDelta": ServicePaths.integer, "scheduleDeltaDays": ServicePaths.integer,
            "finishBefore": ServicePaths.string, "finishAfter": ServicePaths.string, "summary": ServicePaths.string,
        ]),
        problems: ["BadRequest", "NotFound", "Conflict"]
    )
}

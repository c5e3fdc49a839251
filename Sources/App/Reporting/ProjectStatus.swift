import Foundation
import HTTPCore
import Storage

/// A project's computed status as of a date: red, amber or green for schedule, cost and scope, each with the rules
/// that set it, and overall the worst of them (README, "Earned value and status"). Saved status reports keep a
/// snapshot of it; the portfolio shows it for every project.
struct ProjectStatus {
    enum RAG: Int, Comparable {
        case green = 0
        case amber = 1
        case red = 2

        var name: String { ["green", "amber", "red"][rawValue] }
        static func < (a: RAG, b: RAG) -> Bool { a.rawValue < b.rawValue }
    }

    struct Dimension {
        var rag = RAG.green
        var reasons: [String] = []

        mutating func raise(_ to: RAG, _ reason: String) {
            rag = max(rag, to)
            reasons.append(reason)
        }

        var json: JSONValue { .object(["rag": .string(rag.name), "reasons": .array(reasons.map(JSONValue.string))]) }
    }

    var asOf: Int
    var currency: String?
    /// Earned value against the current baseline; nil without one (or without a currency).
    var measures: EarnedValue.Measures?
    var earnedValueNote: String?
    var budget: Int64?
    var actual: Int64
    var budgetUsed: Int64?
    var slippedMilestones: Int
    var openChangeRequests: Int
    var thresholds: StatusThresholds.Values
    var customThresholds: Bool
    var schedule = Dimension()
    var cost = Dimension()
    var scope = Dimension()

    var overall: RAG { max(schedule.rag, cost.rag, scope.rag) }

    /// The change requests of a project still open (proposed, under review, or approved and not yet implemented).
    static func openChangeRequests(_ db: Database, project: Int64) throws -> Int {
        try ChangeRequests.openCount(db, project: project)
    }

    /// Milestones slipped as of `day`: due before it and not achieved, forecast after their due date, or achieved
    /// after it.
    static let slippedSQL = """
        SELECT count(*) FROM milestones WHERE project_id = ?
        AND ((achieved_date IS NULL AND (due_date < ? OR forecast_date > due_date)) OR achieved_date > due_date)
        """

    static func compute(_ db: Database, project: Int64, asOf day: Int) throws -> ProjectStatus {
        guard let row = try db.queryOne("SELECT funding_currency FROM projects WHERE id = ?", [project]) else {
            throw DomainError.notFound("project \(project) does not exist")
        }
        let currency = try row.get(0, as: String?.self)
        var measures: EarnedValue.Measures? = nil
        var note: String? = nil
        var actual: Int64 = 0
        do {
            let plan = try EarnedValue.plan(db, project: project)
            let measured = try EarnedValue.measure(db, plan, on: day, perPackage: false)
            measures = measured.total
            actual = measured.total.ac
        } catch DomainError.conflict(let detail, _) {
            note = detail
            actual = try db.scalar(
                Int64.self,
                "SELECT coalesce(sum(project_amount), 0) FROM cost_entries WHERE project_id = ? AND date <= ?",
                StatementArguments([.integer(project), .text(CivilDate.string(day))])
            )
        }
        let budgets = try db.scalar(
            Int64?.self,
            "SELECT sum(amount) FROM budgets WHERE project_id = ?",
            [project]
        )
        let budget = budgets ?? measures.flatMap { $0.bac > 0 ? $0.bac : nil }
        let (thresholds, custom) = try StatusThresholds.Values.of(db, project: project)
        var status = ProjectStatus(
            asOf: day,
            currency: currency,
            measures: measures,
            earnedValueNote: note,
            budget: budget,
            actual: actual,
            budgetUsed: budget.flatMap { EarnedValue.Measures.ratio(actual, $0) },
            slippedMilestones: try db.scalar(
                Int.self,
                slippedSQL,
                StatementArguments([.integer(project), .text(CivilDate.string(day))])
            ),
            openChangeRequests: try openChangeRequests(db, project: project),
            thresholds: thresholds,
            customThresholds: custom
        )
        status.judge()
        return status
    }

    /// Sets each dimension's colour from the figures and the thresholds.
    mutating func judge() {
        let t = thresholds
        func text(_ tenThousandths: Int64) -> String { String(Double(tenThousandths) / 10_000) }
        if let spi = measures?.spi {
            let v = Double(spi) / 10_000
            if v < t.spiRedBelow {
                schedule.raise(.red, "SPI \(text(spi)) is below \(t.spiRedBelow)")
            } else if v < t.spiAmberBelow {
                schedule.raise(.amber, "SPI \(text(spi)) is below \(t.spiAmberBelow)")
            }
        }
        if slippedMilestones >= t.slippedMilestonesRedAt {
            schedule.raise(.red, "\(slippedMilestones) milestones slipped (red at \(t.slippedMilestonesRedAt))")
        } else if slippedMilestones >= t.slippedMilestonesAmberAt {
            schedule.raise(.amber, "\(slippedMilestones) milestones slipped (amber at \(t.slippedMilestonesAmberAt))")
        }
        if let cpi = measures?.cpi {
            let v = Double(cpi) / 10_000
            if v < t.cpiRedBelow {
                cost.raise(.red, "CPI \(text(cpi)) is below \(t.cpiRedBelow)")
            } else if v < t.cpiAmberBelow {
                cost.raise(.amber, "CPI \(text(cpi)) is below \(t.cpiAmberBelow)")
            }
        }
        if let used = budgetUsed {
            let v = Double(used) / 10_000
            if v >= t.budgetUsedRedAt {
                cost.raise(.red, "\(text(used * 100))% of the budget is spent (red at \(t.budgetUsedRedAt * 100)%)")
            } else if v >= t.budgetUsedAmberAt {
                cost.raise(
                    .amber,
                    "\(text(used * 100))% of the budget is spent (amber at \(t.budgetUsedAmberAt * 100)%)"
                )
            }
        }
        if openChangeRequests >= t.openChangeRequestsRedAt {
            scope.raise(.red, "\(openChangeRequests) change requests open (red at \(t.openChangeRequestsRedAt))")
        } else if openChangeRequests >= t.openChangeRequestsAmberAt {
            scope.raise(
                .amber,
                "\(openChangeRequests) change requests open (amber at \(t.openChangeRequestsAmberAt))"
            )
        }
    }

    /// The figures a saved report keeps and the trends chart, by their field names.
    var metrics: [String: JSONValue] {
        func money(_ v: Int64?) -> JSONValue { v.map(JSONValue.int) ?? .null }
        let m = measures
        return [
            "metricsAsOf": .string(CivilDate.string(asOf)),
            "spi": EarnedValue.Measures.index(m?.spi), "cpi": EarnedValue.Measures.index(m?.cpi),
            "pv": money(m?.pv), "ev": money(m?.ev), "ac": .int(actual), "bac": money(m?.bac),
            "eac": money(m?.eacBottomUp), "budget": money(budget),
            "budgetUsed": EarnedValue.Measures.index(budgetUsed),
            "slippedMilestones": .int(Int64(slippedMilestones)),
            "openChangeRequests": .int(Int64(openChangeRequests)),
            "scheduleRag": .string(schedule.rag.name), "costRag": .string(cost.rag.name),
            "scopeRag": .string(scope.rag.name), "overallRag": .string(overall.name),
        ]
    }

    var json: JSONValue {
        var o: [String: JSONValue] = [
            "asOf": .string(CivilDate.string(asOf)), "currency": currency.map(JSONValue.string) ?? .null,
            "overall": .string(overall.name), "schedule": schedule.json, "cost": cost.json, "scope": scope.json,
            "risk": .object(["rag": .null, "reasons": ["no risk register yet"]]),
            "thresholds": thresholds.json, "thresholdsSource": .string(customThresholds ? "project" : "default"),
            "earnedValue": measures.map { .object($0.json) } ?? .null,
        ]
        if let earnedValueNote { o["earnedValueNote"] = .string(earnedValueNote) }
        for (k, v) in metrics where o[k] == nil { o[k] = v }
        return .object(o)
    }

    static let route = ResourceRoute(.get, "status", operation: operation) { request, context in
        let raw = request.parameters["id"] ?? ""
        guard let project = Int64(raw), project > 0 else { throw DomainError.notFound("project \(raw) does not exist") }
        for (name, _) in request.query where name != "asOf" {
            throw HTTPError(.badRequest, "unknown parameter '\(name)'; status takes asOf")
        }
        let today = Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
        var asOf: Int? = nil
        if let text = request.query["asOf"] {
            guard let d = CivilDate.days(text) else { throw HTTPError(.badRequest, "asOf must be a date, YYYY-MM-DD") }
            asOf = d
        }
        return try context.database.read { db in
            let day =
                try asOf
                ?? db.queryOne("SELECT status_date FROM projects WHERE id = ?", [project]).flatMap {
                    try $0.get(0, as: String?.self)
                }.flatMap(CivilDate.days) ?? today
            var w = JSONWriter(capacity: 2048)
            var body = try compute(db, project: project, asOf: day).json
            if case .object(var o) = body {
                o["project"] = .int(project)
                body = .object(o)
            }
            w.write(body)
            return Response.bytes(w.bytes, contentType: JSON.contentType)
        }
    }

    static let operation = OpenAPIDocument.documentOperation(
        id: "getProjectStatus",
        summary:
            "The project's computed status as of a date: red, amber or green for schedule (SPI, slipped milestones), cost (CPI, budget used) and scope (open change requests), with the reasons and the thresholds",
        description: "The status",
        schema: ServicePaths.object([
            "project": ServicePaths.integer, "asOf": ServicePaths.date, "overall": ServicePaths.string,
            "schedule": ServicePaths.looseObject, "cost": ServicePaths.looseObject, "scope": ServicePaths.looseObject,
            "thresholds": ServicePaths.looseObject,
        ]),
        parameters: [["name": "asOf", "in": "query", "schema": ["type": "string", "format": "date"]]],
        problems: ["BadRequest", "NotFound"]
    )
}

import Foundation
import HTTPCore
import Storage

/// `GET /api/v1/portfolio`: one row per project for a dashboard's first paint: its status, the computed RAG,
/// budget, actual cost, earned-value indices, next milestone and open change requests, as of each project's
/// status date (else today), in project id order. The document is ETagged over what it reads and kept in the
/// document cache, so a dashboard polling an unchanged portfolio gets it without computing it again.
enum Portfolio {
    /// The most projects one response lists (`truncated` says when there are more).
    static let maxProjects = 2_000

    /// The collections the portfolio reads.
    static let reads = [
        "projects", "work-packages", "cost-entries", "baselines", "budgets", "milestones", "status-thresholds",
        "calendars", "change-requests",
    ]

    /// Every project's row from a fixed number of queries over all of them (not a dozen a project): the projects,
    /// current baselines (their parsed snapshots kept), leaves, costs up to each project's date, budgets,
    /// thresholds, milestones and calendars, then each project's earned value and status in memory by the same
    /// rules as `/earned-value` and `/status`.
    static func body(_ db: Database, today: Int) throws -> [UInt8] {
        struct Row {
            var id: Int64
            var key: String
            var name: String
            var state: String
            var currency: String?
            var asOf: Int
            var calendar: Int64?
            var baseline: (id: Int64, createdAt: String)? = nil
            var live: [Int64: (percent: Int, start: Int?, finish: Int?, estimate: Int64?, otherCurrency: Bool)] = [:]
            var actual: Int64 = 0
            var budget: Int64? = nil
            var thresholds: [String: JSONValue]? = nil
            var slipped = 0
            var next: JSONValue = .null
        }
        var rows: [Row] = []
        var at: [Int64: Int] = [:]
        let todayText = CivilDate.string(today)
        try db.forEach(
            "SELECT id, key, name, status, funding_currency, status_date, calendar_id FROM projects ORDER BY id LIMIT ?",
            [Int64(maxProjects + 1)]
        ) { row in
            at[try row.get(0)] = rows.count
            rows.append(
                Row(
                    id: try row.get(0),
                    key: try row.get(1),
                    name: try row.get(2),
                    state: try row.get(3),
                    currency: try row.get(4),
                    asOf: try row.get(5, as: String?.self).flatMap(CivilDate.days) ?? today,
                    calendar: try row.get(6)
                )
            )
        }
        let truncated = rows.count > maxProjects
        if truncated {
            at[rows.removeLast().id] = nil
        }
        try db.forEach("SELECT project_id, id, created_at FROM baselines WHERE is_current = 1") { row in
            if let i = at[try row.get(0)] { rows[i].baseline = (try row.get(1), try row.get(2)) }
        }
        try db.forEachInPlace(
            """
            SELECT w.project_id, w.id, w.percent_complete, w.actual_start, w.actual_finish, w.estimate_to_complete,
                w.cost_currency IS NOT NULL AND w.planned_cost IS NOT NULL AND w.cost_currency <> p.funding_currency
            FROM work_packages w JOIN projects p ON p.id = w.project_id WHERE w.is_leaf = 1
            """
        ) { row in
            guard let i = at[row.int64(0)] else { return }
            func day(_ c: Int) -> Int? {
                row.type(c) == .null ? nil : row.withText(c) { CivilDate.days(String(decoding: $0, as: UTF8.self)) }
            }
            rows[i].live[row.int64(1)] = (
                Int(row.int64(2)), day(3), day(4), row.type(5) == .null ? nil : row.int64(5), row.int64(6) == 1
            )
        }
        try db.forEachInPlace(
            """
            SELECT c.project_id, sum(c.project_amount) FROM projects p JOIN cost_entries c ON c.project_id = p.id
            AND c.date <= coalesce(p.status_date, ?) GROUP BY c.project_id
            """,
            [todayText]
        ) { row in if let i = at[row.int64(0)] { rows[i].actual = row.int64(1) } }
        try db.forEachInPlace("SELECT project_id, sum(amount) FROM budgets GROUP BY project_id") { row in
            if let i = at[row.int64(0)] { rows[i].budget = row.int64(1) }
        }
        let thresholdFields = StatusThresholds.Values.ratios.map(\.0) + StatusThresholds.Values.counts.map(\.0)
        try db.forEach(
            "SELECT project_id, \(thresholdFields.map(Field.snakeCase).joined(separator: ", ")) FROM status_thresholds"
        ) { row in
            guard let i = at[try row.get(0)] else { return }
            var record: [String: JSONValue] = [:]
            for (n, name) in thresholdFields.enumerated() {
                switch try row.get(n + 1, as: SQLiteValue.self) {
                case .integer(let v): record[name] = .int(v)
                case .double(let v): record[name] = .double(v)
                default: break
                }
            }
            rows[i].thresholds = record
        }
        try db.forEachInPlace(
            """
            SELECT m.project_id, count(*) FROM projects p JOIN milestones m ON m.project_id = p.id
            WHERE (m.achieved_date IS NULL AND (m.due_date < coalesce(p.status_date, ?) OR m.forecast_date > m.due_date))
                OR m.achieved_date > m.due_date
            GROUP BY m.project_id
            """,
            [todayText]
        ) { row in if let i = at[row.int64(0)] { rows[i].slipped = Int(row.int64(1)) } }
        try db.forEach(
            "SELECT project_id, id, name, due_date FROM milestones WHERE achieved_date IS NULL ORDER BY project_id, due_date, id"
        ) { row in
            guard let i = at[try row.get(0)], rows[i].next == .null else { return }
            rows[i].next = .object([
                "id": .int(try row.get(1)), "name": .string(try row.get(2)), "dueDate": .string(try row.get(3)),
            ])
        }
        var calendars: [Int64: WorkCalendar] = [:]
        var defaultCalendar: Int64? = nil
        try db.forEach("SELECT id, is_default, working_weekdays, holidays, working_dates FROM calendars") { row in
            func list(_ index: Int) throws -> [String] {
                guard case .array(let items) = try JSONParser.parse(Array(try row.get(index, as: String.self).utf8))
                else { return [] }
                return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
            }
            let id = try row.get(0, as: Int64.self)
            calendars[id] = WorkCalendar(weekdays: try list(2), holidays: try list(3), workingDates: try list(4))
            if try row.get(1, as: Int.self) == 1 { defaultCalendar = id }
        }

        var out: [JSONValue] = []
        out.reserveCapacity(rows.count)
        let openChanges = try ChangeRequests.openCounts(db)
        for r in rows {
            var measures: EarnedValue.Measures? = nil
            if r.currency != nil, let baseline = r.baseline, !r.live.values.contains(where: \.otherCurrency) {
                var packages = EarnedValue.packages(
                    try EarnedValue.baselineLeaves(db, baseline.id, createdAt: baseline.createdAt)
                )
                var seen = Set<Int64>()
                for i in packages.indices {
                    guard let live = r.live[packages[i].id] else { continue }
                    seen.insert(packages[i].id)
                    (packages[i].percent, packages[i].actualStart, packages[i].actualFinish, packages[i].estimate) =
                        (live.percent, live.start, live.finish, live.estimate)
                }
                for (id, live) in r.live where !seen.contains(id) {
                    var p = EarnedValue.Package(id: id, code: "", name: "")
                    (p.percent, p.actualStart, p.actualFinish, p.estimate) =
                        (live.percent, live.start, live.finish, live.estimate)
                    packages.append(p)
                }
                let calendar = (r.calendar ?? defaultCalendar).flatMap { calendars[$0] } ?? .standard
                let offsets = EarnedValue.place(&packages, calendar)
                let through = offsets.map { r.asOf >= $0.start ? $0.offset(before: r.asOf + 1) : 0 } ?? 0
                var m = EarnedValue.Measures(ac: r.actual)
                for p in packages {
                    let ev = p.ev(day: r.asOf)
                    m.bac += p.bac
                    m.pv += p.pv(day: r.asOf, workedThrough: through)
                    m.ev += ev
                    m.etc += p.etc(ev: ev)
                }
                measures = m
            }
            let budget = r.budget ?? measures.flatMap { $0.bac > 0 ? $0.bac : nil }
            var status = ProjectStatus(
                asOf: r.asOf,
                currency: r.currency,
                measures: measures,
                earnedValueNote: nil,
                budget: budget,
                actual: r.actual,
                budgetUsed: budget.flatMap { EarnedValue.Measures.ratio(r.actual, $0) },
                slippedMilestones: r.slipped,
                openChangeRequests: openChanges[r.id] ?? 0,
                thresholds: StatusThresholds.Values(r.thresholds ?? [:]),
                customThresholds: r.thresholds != nil
            )
            status.judge()
            let m = status.measures
            out.append(
                .object([
                    "id": .int(r.id), "key": .string(r.key), "name": .string(r.name), "status": .string(r.state),
                    "currency": r.currency.map(JSONValue.string) ?? .null, "asOf": .string(CivilDate.string(r.asOf)),
                    "rag": .object([
                        "overall": .string(status.overall.name), "schedule": .string(status.schedule.rag.name),
                        "cost": .string(status.cost.rag.name), "scope": .string(status.scope.rag.name),
                    ]),
                    "budget": status.budget.map(JSONValue.int) ?? .null, "actual": .int(status.actual),
                    "bac": m.map { .int($0.bac) } ?? .null, "ev": m.map { .int($0.ev) } ?? .null,
                    "spi": EarnedValue.Measures.index(m?.spi), "cpi": EarnedValue.Measures.index(m?.cpi),
                    "nextMilestone": r.next, "slippedMilestones": .int(Int64(status.slippedMilestones)),
                    "openChangeRequests": .int(Int64(status.openChangeRequests)),
                ])
            )
        }
        var w = JSONWriter(capacity: 256 + out.count * 400)
        w.write(.object(["projects": .array(out), "truncated": .bool(truncated)]))
        return w.bytes
    }

    static let paths: [String: JSONValue] = [
        "/api/v1/portfolio": [
            "get": OpenAPIDocument.documentOperation(
                id: "getPortfolio",
                summary:
                    "One row per project (at most 2,000, in id order): status, RAG, budget, actual, earned-value indices, next milestone and open change requests",
                description: "The portfolio",
                schema: ServicePaths.object([
                    "projects": ServicePaths.array(ServicePaths.looseObject), "truncated": ["type": "boolean"],
                ]),
                problems: ["BadRequest"]
            )
        ]
    ]
}

/// Serves `GET /api/v1/portfolio`.
struct PortfolioController {
    let database: DatabasePool
    let documents: BodyCache

    func register(on router: inout Router) {
        router.get("/api/v1/portfolio") { try portfolio($0) }
    }

    func portfolio(_ request: Request) throws -> Response {
        for (name, _) in request.query {
            throw HTTPError(.badRequest, "unknown parameter '\(name)'; the portfolio takes none")
        }
        let today = Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
        return try database.read { db in
            let etag = try ETags.overCollections(db, Portfolio.reads, key: "portfolio/\(today)")
            if ETags.noneMatch(request.headers, etag) { return Response(status: .notModified, headers: ["ETag": etag]) }
            return try documents.response(key: "portfolio/\(etag)", etag: etag) {
                Response.bytes(try Portfolio.body(db, today: today), contentType: JSON.contentType)
            }
        }
    }
}

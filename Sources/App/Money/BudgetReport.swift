import Foundation
import HTTPCore
import Storage

/// `GET /api/v1/projects/{id}/budget-vs-actual?fiscalYear=YYYY`: a fiscal year's budgets against its cost
/// entries, in the project's currency (minor units): by category (budget, actual, variance = budget − actual,
/// share used), by month (actual, cumulative actual, and the budget's straight-line plan to date), the burn rate
/// (the average actual a month over the months elapsed, rounded half to even) and the totals. The fiscal year
/// defaults to the one today falls in.
enum BudgetReport {
    static let route = ResourceRoute(.get, "budget-vs-actual", operation: operation) { request, context in
        try report(request, context)
    }

    static func report(_ request: Request, _ context: RouteContext) throws -> Response {
        let raw = request.parameters["id"] ?? ""
        guard let project = Int64(raw), project > 0 else { throw DomainError.notFound("project \(raw) does not exist") }
        for (name, _) in request.query where name != "fiscalYear" {
            throw HTTPError(.badRequest, "unknown parameter '\(name)'; budget-vs-actual takes fiscalYear")
        }
        return try context.database.read { db in
            guard
                let row = try db.queryOne(
                    "SELECT funding_currency, fiscal_year_start_month FROM projects WHERE id = ?",
                    [project]
                )
            else { throw DomainError.notFound("project \(project) does not exist") }
            guard let currency = try row.get(0, as: String?.self) else {
                throw DomainError.conflict("project \(project) has no currency yet: set its fundingCurrency first")
            }
            let startMonth = try row.get(1, as: Int?.self) ?? 1
            let today = CivilDate.components(Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
            var year = today.month >= startMonth ? today.year : today.year - 1
            if let text = request.query["fiscalYear"] {
                guard let y = Int(text), (1900...2200).contains(y) else {
                    throw HTTPError(.badRequest, "fiscalYear must be a year from 1900 to 2200")
                }
                year = y
            }
            // The twelve months of the year, as (year, month).
            let months = (0..<12).map { i in (year + (startMonth - 1 + i) / 12, (startMonth - 1 + i) % 12 + 1) }
            func text(_ m: (Int, Int)) -> String { String(format: "%04d-%02d", m.0, m.1) }
            let from = text(months[0]) + "-01"
            let next = (months[11].1 == 12 ? (months[11].0 + 1, 1) : (months[11].0, months[11].1 + 1))
            let until = text(next) + "-01"
            let etag = try ETags.overCollections(
                db,
                ["budgets", "cost-entries", "projects"],
                key: "budget/\(project)/\(year)/\(today.year)-\(today.month)"
            )
            if ETags.noneMatch(request.headers, etag) { return Response(status: .notModified, headers: ["ETag": etag]) }
            var budget: [String: Int64] = [:]
            try db.forEach(
                "SELECT category, amount FROM budgets WHERE project_id = ? AND fiscal_year = ?",
                [project, Int64(year)]
            ) { row in budget[try row.get(0), default: 0] += try row.get(1, as: Int64.self) }
            var actual: [String: Int64] = [:]
            var byMonth: [String: Int64] = [:]
            try db.forEach(
                """
                SELECT category, substr(date, 1, 7), sum(project_amount) FROM cost_entries
                WHERE project_id = ? AND date >= ? AND date < ? GROUP BY category, substr(date, 1, 7)
                """,
                StatementArguments([SQLiteValue.integer(project), .text(from), .text(until)])
            ) { row in
                let amount = try row.get(2, as: Int64.self)
                actual[try row.get(0), default: 0] += amount
                byMonth[try row.get(1), default: 0] += amount
            }
            let totalBudget = budget.values.reduce(0, +)
            let totalActual = actual.values.reduce(0, +)
            func share(_ part: Int64, _ whole: Int64) -> JSONValue {
                whole == 0 ? .null : .double((Double(part) * 1000 / Double(whole)).rounded() / 10)
            }
            let known = try BudgetCategories.codes(db)
            let order = known + Set(budget.keys).union(actual.keys).subtracting(known).sorted()
            let categories: [JSONValue] = order.filter { budget[$0] != nil || actual[$0] != nil }.map { c in
                let b = budget[c] ?? 0
                let a = actual[c] ?? 0
                return .object([
                    "category": .string(c), "budget": .int(b), "actual": .int(a), "variance": .int(b - a),
                    "percentUsed": share(a, b),
                ])
            }
            // Months elapsed: those begun by today (all twelve for a past year, none for a future one).
            let current = today.year * 12 + today.month
            let elapsed = months.filter { $0.0 * 12 + $0.1 <= current }.count
            var cumulative: Int64 = 0
            var monthRows: [JSONValue] = []
            for (i, m) in months.enumerated() {
                let a = byMonth[text(m)] ?? 0
                cumulative += a
                let planned = Int64(
                    Money.divideHalfEven(Int128(totalBudget) * Int128(i + 1), 12)
                )
                monthRows.append(
                    .object([
                        "month": .string(text(m)), "actual": .int(a), "cumulativeActual": .int(cumulative),
                        "cumulativePlanned": .int(planned),
                    ])
                )
            }
            let burn: JSONValue =
                elapsed == 0
                ? .null : .int(Int64(Money.divideHalfEven(Int128(cumulativeUpTo(elapsed)), Int128(elapsed))))
            func cumulativeUpTo(_ n: Int) -> Int64 {
                months.prefix(n).map { byMonth[text($0)] ?? 0 }.reduce(0, +)
            }
            var response = Response.bytes(
                {
                    var w = JSONWriter(capacity: 2048)
                    w.write(
                        .object([
                            "project": .int(project), "currency": .string(currency), "fiscalYear": .int(Int64(year)),
                            "from": .string(from), "until": .string(until), "categories": .array(categories),
                            "months": .array(monthRows), "monthsElapsed": .int(Int64(elapsed)), "burnRate": burn,
                            "total": .object([
                                "budget": .int(totalBudget), "actual": .int(totalActual),
                                "variance": .int(totalBudget - totalActual),
                                "percentUsed": share(totalActual, totalBudget),
                            ]),
                        ])
                    )
                    return w.bytes
                }(),
                contentType: JSON.contentType
            )
            response.headers["ETag"] = etag
            return response
        }
    }

    static let operation = OpenAPIDocument.documentOperation(
        id: "getBudgetVsActual",
        summary:
            "A fiscal year's budgets against its cost entries, by category and month, with the burn rate (minor units of the project's currency)",
        description: "The comparison",
        schema: ServicePaths.object([
            "project": ServicePaths.integer, "currency": ServicePaths.string, "fiscalYear": ServicePaths.integer,
            "categories": ServicePaths.array(ServicePaths.looseObject),
            "months": ServicePaths.array(ServicePaths.looseObject), "total": ServicePaths.looseObject,
        ]),
        parameters: [
            ["name": "fiscalYear", "in": "query", "schema": ["type": "integer", "minimum": 1900, "maximum": 2200]]
        ],
        problems: ["BadRequest", "NotFound", "Conflict"]
    )
}

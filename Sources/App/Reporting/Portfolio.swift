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
        "calendars",
    ]

    static func body(_ db: Database, today: Int) throws -> [UInt8] {
        var projects: [(Int64, String, String, String, String?, String?)] = []
        try db.forEach(
            "SELECT id, key, name, status, funding_currency, status_date FROM projects ORDER BY id LIMIT ?",
            [Int64(maxProjects + 1)]
        ) { row in
            projects.append(
                (try row.get(0), try row.get(1), try row.get(2), try row.get(3), try row.get(4), try row.get(5))
            )
        }
        let truncated = projects.count > maxProjects
        if truncated { projects.removeLast() }
        var rows: [JSONValue] = []
        rows.reserveCapacity(projects.count)
        for (id, key, name, state, currency, statusDate) in projects {
            let asOf = statusDate.flatMap(CivilDate.days) ?? today
            let status = try ProjectStatus.compute(db, project: id, asOf: asOf)
            var next: JSONValue = .null
            if let m = try db.queryOne(
                "SELECT id, name, due_date FROM milestones WHERE project_id = ? AND achieved_date IS NULL ORDER BY due_date, id LIMIT 1",
                [id]
            ) {
                next = .object([
                    "id": .int(try m.get(0)), "name": .string(try m.get(1)), "dueDate": .string(try m.get(2)),
                ])
            }
            let m = status.measures
            rows.append(
                .object([
                    "id": .int(id), "key": .string(key), "name": .string(name), "status": .string(state),
                    "currency": currency.map(JSONValue.string) ?? .null, "asOf": .string(CivilDate.string(asOf)),
                    "rag": .object([
                        "overall": .string(status.overall.name), "schedule": .string(status.schedule.rag.name),
                        "cost": .string(status.cost.rag.name), "scope": .string(status.scope.rag.name),
                    ]),
                    "budget": status.budget.map(JSONValue.int) ?? .null, "actual": .int(status.actual),
                    "bac": m.map { .int($0.bac) } ?? .null, "ev": m.map { .int($0.ev) } ?? .null,
                    "spi": EarnedValue.Measures.index(m?.spi), "cpi": EarnedValue.Measures.index(m?.cpi),
                    "nextMilestone": next, "slippedMilestones": .int(Int64(status.slippedMilestones)),
                    "openChangeRequests": .int(Int64(status.openChangeRequests)),
                ])
            )
        }
        var w = JSONWriter(capacity: 256 + rows.count * 400)
        w.write(.object(["projects": .array(rows), "truncated": .bool(truncated)]))
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

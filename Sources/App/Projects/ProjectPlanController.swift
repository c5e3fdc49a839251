import Foundation
import HTTPCore
import Storage

/// `GET /api/v1/projects/{id}/wbs` (the tree with roll-ups, one query; CSV on request) and
/// `GET /api/v1/projects/{id}/schedule` (the critical path).
struct ProjectPlanController: Sendable {
    let database: DatabasePool

    func register(on router: inout Router) {
        let c = self
        router.get("/api/v1/projects/:id/wbs") { try c.wbs($0) }
        router.get("/api/v1/projects/:id/schedule") { try c.schedule($0) }
    }

    static func projectID(_ request: Request) throws -> Int64 {
        let raw = request.parameters["id"] ?? ""
        guard let id = Int64(raw), id > 0 else { throw HTTPError(.notFound, "project \(raw) does not exist") }
        return id
    }

    static func requireProject(_ db: Database, _ id: Int64) throws -> (start: String?, finish: String?) {
        guard let row = try db.queryOne("SELECT planned_start, planned_finish FROM projects WHERE id = ?", [id]) else {
            throw HTTPError(.notFound, "project \(id) does not exist")
        }
        return (try row.get(0, as: String?.self), try row.get(1, as: String?.self))
    }

    /// Parents roll up their leaves: earliest start, latest finish, summed effort and cost, progress weighted by
    /// estimated effort (a plain average where no effort is estimated). A parent's own values are not counted.
    static let wbsSQL = """
        WITH RECURSIVE
        tree(id, depth, sort_key) AS (
            SELECT id, 1, printf('%06d', position) FROM work_packages WHERE project_id = ?1 AND parent_id IS NULL
            UNION ALL
            SELECT w.id, tree.depth + 1, tree.sort_key || '.' || printf('%06d', w.position)
            FROM work_packages w JOIN tree ON w.parent_id = tree.id
        ),
        closure(ancestor, descendant) AS (
            SELECT id, id FROM work_packages WHERE project_id = ?1
            UNION ALL
            SELECT c.ancestor, w.id FROM closure c JOIN work_packages w ON w.parent_id = c.descendant
        ),
        rollup AS (
            SELECT c.ancestor AS id, min(l.planned_start) AS start, max(l.planned_finish) AS finish,
                sum(l.estimated_effort_hours) AS effort, sum(l.planned_cost) AS cost,
                sum(l.actual_effort_hours) AS actual_effort, sum(l.actual_cost) AS actual_cost,
                coalesce(sum(l.estimated_effort_hours * coalesce(l.percent_complete, 0)) / nullif(sum(l.estimated_effort_hours), 0),
                         avg(coalesce(l.percent_complete, 0))) AS progress,
                count(*) AS leaves
            FROM closure c JOIN work_packages l ON l.id = c.descendant
            WHERE NOT EXISTS (SELECT 1 FROM work_packages k WHERE k.parent_id = l.id)
            GROUP BY c.ancestor
        )
        SELECT w.id, w.parent_id, w.wbs_code, tree.depth, w.name, w.status, w.assignee_id,
            r.start, r.finish, r.effort, r.cost, r.actual_effort, r.actual_cost, r.progress, r.leaves
        FROM tree JOIN work_packages w ON w.id = tree.id JOIN rollup r ON r.id = w.id
        ORDER BY tree.sort_key
        """

    static let wbsColumns = [
        "id", "parent", "wbsCode", "depth", "name", "status", "assignee", "plannedStart", "plannedFinish",
        "estimatedEffortHours", "plannedCost", "actualEffortHours", "actualCost", "percentComplete", "leafCount",
    ]
    /// Column indexes in the keys' sorted order, and each key's `"name":` bytes: rows are written straight from
    /// SQLite into the response (10,000 packages: no dictionary per row).
    static let sortedColumns: [(index: Int, key: [UInt8])] = wbsColumns.enumerated().sorted { $0.element < $1.element }
        .map { ($0.offset, Array("\"\($0.element)\":".utf8)) }

    func wbs(_ request: Request) throws -> Response {
        let id = try Self.projectID(request)
        let csv =
            request.query["format"] == "csv" || request.headers["Accept"]?.lowercased().hasPrefix("text/csv") == true
        return try database.read { db in
            _ = try Self.requireProject(db, id)
            if csv {
                var out = Self.wbsColumns.joined(separator: ",") + "\r\n"
                try db.forEach(Self.wbsSQL, [id]) { row in
                    out +=
                        (0..<Self.wbsColumns.count).map { CSVWriter.quote(CSVWriter.text(Self.json(row[$0], $0))) }
                        .joined(separator: ",") + "\r\n"
                }
                var response = Response.bytes(Array(out.utf8), contentType: "text/csv; charset=utf-8; header=present")
                response.headers["Content-Disposition"] = "inline; filename=\"project-\(id)-wbs.csv\""
                return response
            }
            var writer = JSONWriter(capacity: 64 * 1024)
            writer.append(raw: Array("{\"items\":[".utf8))
            var first = true
            try db.forEach(Self.wbsSQL, [id]) { row in
                writer.append(raw: first ? [123] : [44, 123])
                first = false
                for (n, column) in Self.sortedColumns.enumerated() {
                    if n > 0 { writer.append(raw: [44]) }
                    writer.append(raw: column.key)
                    let value = row[column.index]
                    if column.index == 13, case .double(let v) = value {
                        writer.write(.double((v * 10).rounded() / 10))
                    } else {
                        writer.write(sqlite: value)
                    }
                }
                writer.append(raw: [125])
            }
            writer.append(raw: Array("],\"project\":\(id)}".utf8))
            return Response.bytes(writer.bytes, contentType: JSON.contentType)
        }
    }

    /// A roll-up column as JSON (progress rounded to one decimal).
    static func json(_ value: SQLiteValue, _ index: Int) -> JSONValue {
        switch value {
        case .null, .blob: .null
        case .integer(let v): .int(v)
        case .double(let v): index == 13 ? .double((v * 10).rounded() / 10) : .double(v)
        case .text(let s): .string(s)
        }
    }
}

import Foundation
import HTTPCore
import Storage

/// `GET /api/v1/projects/{id}/wbs` (the tree with roll-ups, one query; CSV on request) and
/// `GET /api/v1/projects/{id}/schedule` (the critical path).
struct ProjectPlanController: Sendable {
    let database: DatabasePool
    /// Encoded documents by ETag: an unchanged project's WBS or schedule costs the tag's query and a lookup.
    var documents = BodyCache(limitBytes: 0)

    /// The routes, declared on `Projects.definition` with their OpenAPI operations.
    static let routes: [ResourceRoute] = [
        ResourceRoute(.get, "wbs", operation: wbsOperation) { request, context in
            try ProjectPlanController(database: context.database, documents: context.documents).wbs(request)
        },
        ResourceRoute(.get, "schedule", operation: scheduleOperation) { request, context in
            try ProjectPlanController(database: context.database, documents: context.documents).schedule(request)
        },
    ]

    typealias S = ServicePaths

    static let wbsOperation = OpenAPIDocument.documentOperation(
        id: "getProjectWBS",
        summary:
            "The work breakdown structure with roll-ups (the schedule's start and finish, the planned dates' span, summed effort and cost, effort-weighted progress)",
        description: "The tree in WBS order",
        schema: S.object(["project": S.integer, "items": S.array(S.looseObject)]),
        csv: true,
        problems: ["BadRequest", "NotFound"]
    )

    static let scheduleOperation = OpenAPIDocument.documentOperation(
        id: "getProjectSchedule",
        summary:
            "The critical path over the leaf work packages in working days of the project's calendar: early and late start and finish, total float",
        description: "The schedule",
        schema: S.object([
            "project": S.integer, "start": S.date, "finish": S.date, "durationDays": S.integer,
            "critical": S.array(S.integer), "items": S.array(S.looseObject),
            "startBasis": [
                "type": "string", "enum": ["plannedStart", "earliestPackageStart", "today", "actualStart"],
            ],
            "statusDate": ["type": ["string", "null"], "format": "date"],
            "calendar": ["type": ["object", "null"]], "nonWorkingDays": S.array(S.date),
            "baseline": ["type": ["object", "null"]], "links": S.array(S.looseObject),
            "milestones": S.array(S.looseObject),
        ]),
        csv: true,
        mspdi: true,
        problems: ["BadRequest", "NotFound", "Conflict"]
    )

    static func projectID(_ request: Request) throws -> Int64 {
        let raw = request.parameters["id"] ?? ""
        guard let id = Int64(raw), id > 0 else { throw HTTPError(.notFound, "project \(raw) does not exist") }
        return id
    }

    static func requireProject(
        _ db: Database,
        _ id: Int64
    ) throws -> (start: String?, finish: String?, currency: String?) {
        guard
            let row = try db.queryOne(
                "SELECT planned_start, planned_finish, funding_currency FROM projects WHERE id = ?",
                [id]
            )
        else {
            throw HTTPError(.notFound, "project \(id) does not exist")
        }
        return (try row.get(0, as: String?.self), try row.get(1, as: String?.self), try row.get(2, as: String?.self))
    }

    /// Parents roll up their leaves: earliest start, latest finish, summed effort and cost, progress weighted by
    /// estimated effort (a plain average where no effort is estimated). A parent's own values are not counted.
    ///
    /// Costs add up only in one currency: a leaf's is its `costCurrency`, else the project's (`?2`). A package
    /// whose leaves are costed in more than one has `costCurrency` null, `currencyMixed` true and null
    /// `plannedCost` and `actualCost` (never a sum of euros and dollars); convert through cost entries, whose
    /// rates `budget-vs-actual` applies.
    ///
    /// One query. The leaves under a package are the range of `wbs_path` values that start with its own
    /// (zero-padded positions; `.` sorts before `/`), which `WBS.renumber` keeps current, so
    /// the roll-up is an index range join instead of a recursive walk: half the time for 10,000 packages.
    /// `CROSS JOIN` keeps the packages as the outer loop, read in path order from their index, so grouping and
    /// ordering by path need no temporary B-tree.
    static let wbsSQL = """
        SELECT \(wbsSelect.map(\.sql).joined(separator: ", "))
        FROM work_packages a CROSS JOIN work_packages l
            ON l.project_id = a.project_id AND l.is_leaf = 1 AND l.wbs_path >= a.wbs_path AND l.wbs_path < a.wbs_path || '/'
        LEFT JOIN schedule_dates s ON s.package_id = a.id
        WHERE a.project_id = ?1
        GROUP BY a.wbs_path
        ORDER BY a.wbs_path
        """

    /// Each column of the tree by its JSON name and SQL (over the package `a` and its leaves `l`): one list, so a
    /// name and its expression cannot drift apart.
    static let wbsSelect: [(name: String, sql: String)] = [
        ("id", "a.id"), ("parent", "a.parent_id"), ("wbsCode", "a.wbs_code"), ("depth", "(length(a.wbs_path) + 1) / 8"),
        ("name", "a.name"), ("status", "a.status"), ("assignee", "a.assignee_id"),
        // The dates are the schedule's (`ScheduleStore`: a summary's span over its leaves); the hand-entered
        // planned dates roll up beside them as what was planned.
        ("start", "s.start"), ("finish", "s.finish"),
        ("plannedStart", "min(l.planned_start)"), ("plannedFinish", "max(l.planned_finish)"),
        ("estimatedEffortHours", "sum(l.estimated_effort_hours)"),
        ("plannedCost", "CASE WHEN \(oneCurrency) THEN sum(l.planned_cost) END"),
        ("actualEffortHours", "sum(l.actual_effort_hours)"),
        ("actualCost", "CASE WHEN \(oneCurrency) THEN sum(l.actual_cost) END"),
        ("costCurrency", "CASE WHEN \(oneCurrency) THEN nullif(min(\(leafCurrency)), '') END"),
        ("currencyMixed", "NOT (\(oneCurrency))"),
        (
            "percentComplete",
            """
            coalesce(sum(l.estimated_effort_hours * coalesce(l.percent_complete, 0)) / nullif(sum(l.estimated_effort_hours), 0),
                avg(coalesce(l.percent_complete, 0)))
            """
        ),
        ("leafCount", "count(*)"),
    ]

    /// A leaf's currency ('' when neither it nor the project has one), and whether a package's leaves share one.
    static let leafCurrency = "coalesce(l.cost_currency, ?2, '')"
    static let oneCurrency = "min(\(leafCurrency)) = max(\(leafCurrency))"

    static let wbsColumns = wbsSelect.map(\.name)
    /// Columns SQLite answers as 0 or 1 that the document shows as booleans.
    static let booleanColumns: Set<Int> = [wbsColumns.firstIndex(of: "currencyMixed")!]
    /// Progress is shown rounded to one decimal.
    static let progressColumn = wbsColumns.firstIndex(of: "percentComplete")!

    /// Column indexes in the keys' sorted order, and where each key's `"name":` (`,"name":` after the first) lies
    /// in one byte buffer: rows are written straight from SQLite into the response (10,000 packages: no dictionary
    /// per row, and plain integers to walk, not arrays to retain per column).
    static let sortedKeys: (bytes: [UInt8], columns: [(index: Int, key: Range<Int>)]) = {
        var bytes: [UInt8] = []
        var columns: [(index: Int, key: Range<Int>)] = []
        for (n, column) in wbsColumns.enumerated().sorted(by: { $0.element < $1.element }).enumerated() {
            let start = bytes.count
            bytes += Array(((n == 0 ? "" : ",") + "\"\(column.element)\":").utf8)
            columns.append((column.offset, start..<bytes.count))
        }
        return (bytes, columns)
    }()

    func wbs(_ request: Request) throws -> Response {
        let id = try Self.projectID(request)
        let csv =
            request.query["format"] == "csv" || request.headers["Accept"]?.lowercased().hasPrefix("text/csv") == true
        return try database.read { db in
            let project = try Self.requireProject(db, id)
            // The tree changes only by work-package writes: a dashboard polling with If-None-Match gets a 304
            // without the roll-up query.
            // The project's currency is in the key: changing it changes which leaves' costs add up.
            let etag = try ETags.overCollections(
                db,
                ["work-packages"] + WorkPackages.scheduleReads,
                key: "wbs/\(id)|\(csv)|\(project.currency ?? "")"
            )
            if ETags.noneMatch(request.headers, etag) { return Response(status: .notModified, headers: ["ETag": etag]) }
            return try documents.response(key: "wbs/\(id)/\(etag)", etag: etag) {
                try Self.wbsResponse(db, id, currency: project.currency, csv: csv)
            }
        }
    }

    static func wbsResponse(_ db: Database, _ id: Int64, currency: String?, csv: Bool) throws -> Response {
        let arguments: StatementArguments = [id, currency ?? ""]
        if csv {
            var out = Self.wbsColumns.joined(separator: ",") + "\r\n"
            try db.forEach(Self.wbsSQL, arguments) { row in
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
        let (keyBytes, columns) = Self.sortedKeys
        try keyBytes.withUnsafeBufferPointer { keys in
            try db.forEachInPlace(Self.wbsSQL, arguments) { row in
                writer.append(byte: first ? 123 : 44)
                if !first { writer.append(byte: 123) }
                first = false
                for column in columns {
                    writer.append(raw: UnsafeBufferPointer(rebasing: keys[column.key]))
                    switch row.type(column.index) {
                    case .integer where Self.booleanColumns.contains(column.index):
                        writer.write(.bool(row.int64(column.index) != 0))
                    case .integer: writer.write(integer: row.int64(column.index))
                    case .double:
                        let v = row.double(column.index)
                        writer.write(.double(column.index == Self.progressColumn ? (v * 10).rounded() / 10 : v))
                    case .text: row.withText(column.index) { writer.writeString(utf8: $0) }
                    case .blob, .null: writer.write(.null)
                    }
                }
                writer.append(byte: 125)
            }
        }
        writer.append(raw: Array("],\"project\":\(id)}".utf8))
        return Response.bytes(writer.bytes, contentType: JSON.contentType)
    }

    /// A roll-up column as JSON (progress rounded to one decimal).
    static func json(_ value: SQLiteValue, _ index: Int) -> JSONValue {
        switch value {
        case .null, .blob: .null
        case .integer(let v): booleanColumns.contains(index) ? .bool(v != 0) : .int(v)
        case .double(let v): index == progressColumn ? .double((v * 10).rounded() / 10) : .double(v)
        case .text(let s): .string(s)
        }
    }
}

extension BodyCache {
    /// The document named by `key` (which holds its ETag): from the cache, or made by `make` and kept with its
    /// `Content-Type` and `Content-Disposition`. The response carries `key` as its `cacheKey`, so its gzip variant
    /// is kept beside it.
    func response(key: String, etag: String, make: () throws -> Response) rethrows -> Response {
        var response: Response
        if let kept = get(key) {
            response = Response(status: .ok, headers: kept.headers, body: kept.bytes)
        } else {
            response = try make()
            var headers = HTTPHeaders()
            for name in ["Content-Type", "Content-Disposition"] {
                if let value = response.headers[name] { headers[name] = value }
            }
            put(key, response.body, headers: headers)
        }
        response.headers["ETag"] = etag
        response.cacheKey = key
        return response
    }
}

import Foundation
import HTTPCore
import Storage

/// Baselines: a named snapshot of a project's plan, taken when the baseline is created and never changed after:
/// scope (every package with its WBS code and name), schedule (each leaf's start, finish and working duration as
/// the project's schedule computes them) and cost (each package's planned cost). A project may keep several; one is
/// current (the first is, and marking another current moves it there). `GET /api/v1/baselines/{id}/variance`
/// compares the live plan with it.
///
/// One file, like every resource: fields, table (generated, migration 47), hooks and the variance route.
enum Baselines {
    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "baselines",
            table: "baselines",
            title: "Baseline",
            group: .projects,
            fields: [
                Field("project", .reference(collection: "projects"), column: "project_id", required: true).owner()
                    .immutableAfterCreate(),
                Field("name", .string, required: true, summary: "Unique in its project, e.g. 'Approved plan'")
                    .length(1...100).sortable(),
                Field("description", .text),
                Field(
                    "isCurrent",
                    .boolean,
                    column: "is_current",
                    summary: "The baseline of the project's variance; the first one is, and setting it moves it here"
                ).notNull().defaultSQL("0").filterable(alongside: "project"),
                Field("packageCount", .integer, summary: "Packages in the snapshot").serverSet().notNull()
                    .filterable(alongside: "project"),
                Field("plannedStart", .date, summary: "The plan's first day when it was saved").serverSet()
                    .filterable(alongside: "project"),
                Field("plannedFinish", .date, summary: "The plan's last day when it was saved").serverSet()
                    .filterable(alongside: "project"),
                Field("plannedCost", .integer, summary: "The packages' planned costs, in minor units").serverSet()
                    .notNull().filterable(alongside: "project"),
                Field("snapshot", .text).hiddenColumn().notNull(),
            ]
        )
        d.uniqueTogether = [["project_id", "name"]]
        d.indexes = [TableIndex("baselines_current", on: ["project_id", "is_current"])]
        d.indexes += SchemaSQL.listIndexes(d, since: 47)
        d.hooks.willWrite = { db, _, current, changes in
            if current == nil, case .int(let project)? = changes["project"] {
                // A project that does not exist is the reference check's 422; take no snapshot of it.
                guard try db.queryOne("SELECT 1 FROM projects WHERE id = ?", [project]) != nil else { return }
                let snapshot = try Snapshot.take(db, project: project)
                changes["snapshot"] = .string(snapshot.json)
                changes["packageCount"] = .int(Int64(snapshot.packages.count))
                changes["plannedStart"] = .string(CivilDate.string(snapshot.start))
                changes["plannedFinish"] = .string(CivilDate.string(snapshot.finish))
                changes["plannedCost"] = .int(snapshot.packages.reduce(0) { $0 + ($1.cost ?? 0) })
                let others = try db.scalar(Int.self, "SELECT count(*) FROM baselines WHERE project_id = ?", [project])
                if others == 0 && changes["isCurrent"] != .bool(false) { changes["isCurrent"] = .bool(true) }
            }
            if changes["isCurrent"] == .null || (current == nil && changes["isCurrent"] == nil) {
                changes["isCurrent"] = current?["isCurrent"] ?? .bool(false)
            }
            // One current baseline a project: making this one current takes it from the other.
            if changes["isCurrent"] == .bool(true), current?["isCurrent"] != .bool(true),
                case .int(let project)? = changes["project"] ?? current?["project"]
            {
                let id: Int64 = if case .int(let i)? = current?["id"] { i } else { 0 }
                try db.execute(
                    "UPDATE baselines SET is_current = 0, version = version + 1 WHERE project_id = ? AND is_current = 1 AND id <> ?",
                    [project, id]
                )
            }
        }
        d.migrations = [SchemaSQL.createTable(d, version: 47)]
        d.routes = [ResourceRoute(.get, "variance", operation: varianceOperation) { try variance($0, $1) }]
        return d
    }

    /// What a baseline keeps.
    struct Snapshot {
        struct Package {
            var id: Int64
            var code: String
            var name: String
            var leaf: Bool
            var start: Int?
            var finish: Int?
            var duration: Int?
            var cost: Int64?
        }
        var start: Int
        var finish: Int
        var packages: [Package]

        /// The live plan: the schedule's dates for leaves, the stored codes, names and costs for every package.
        static func take(_ db: Database, project: Int64) throws -> Snapshot {
            let schedule = try ProjectSchedule(try ProjectSchedule.read(db, project: project), project: project)
            var packages: [Package] = []
            try db.forEach(
                "SELECT id, coalesce(wbs_code, ''), name, is_leaf, planned_cost FROM work_packages WHERE project_id = ? ORDER BY wbs_path",
                [project]
            ) { row in
                var p = Package(
                    id: try row.get(0, as: Int64.self),
                    code: try row.get(1, as: String.self),
                    name: try row.get(2, as: String.self),
                    leaf: try row.get(3, as: Int.self) == 1,
                    cost: try row.get(4, as: Int64?.self)
                )
                if let t = schedule.path.times[p.id] {
                    p.start = schedule.dayOf(t.earlyStart)
                    p.finish = schedule.dayOf(max(t.earlyStart, t.earlyFinish - 1))
                    p.duration = t.earlyFinish - t.earlyStart
                }
                packages.append(p)
            }
            return Snapshot(start: schedule.days[0], finish: schedule.finishDay, packages: packages)
        }

        var json: String {
            var w = JSONWriter(capacity: 64 + packages.count * 120)
            func date(_ d: Int?) -> JSONValue { d.map { .string(CivilDate.string($0)) } ?? .null }
            w.write(
                .object([
                    "start": date(start), "finish": date(finish),
                    "packages": .array(
                        packages.map { p in
                            .object([
                                "id": .int(p.id), "code": .string(p.code), "name": .string(p.name),
                                "leaf": .bool(p.leaf),
                                "start": date(p.start), "finish": date(p.finish),
                                "duration": p.duration.map { .int(Int64($0)) } ?? .null,
                                "cost": p.cost.map(JSONValue.int) ?? .null,
                            ])
                        }
                    ),
                ])
            )
            return String(decoding: w.bytes, as: UTF8.self)
        }

        init(start: Int, finish: Int, packages: [Package]) {
            self.start = start
            self.finish = finish
            self.packages = packages
        }

        init(json stored: String) throws {
            guard case .object(let o) = try JSONParser.parse(Array(stored.utf8)) else {
                throw DomainError.conflict("the baseline's snapshot is unreadable")
            }
            func day(_ v: JSONValue?) -> Int? { if case .string(let s)? = v { CivilDate.days(s) } else { nil } }
            func int(_ v: JSONValue?) -> Int64? { if case .int(let i)? = v { i } else { nil } }
            func text(_ v: JSONValue?) -> String { if case .string(let s)? = v { s } else { "" } }
            start = day(o["start"]) ?? 0
            finish = day(o["finish"]) ?? 0
            guard case .array(let items)? = o["packages"] else {
                packages = []
                return
            }
            packages = items.compactMap { item in
                guard case .object(let p) = item, let id = int(p["id"]) else { return nil }
                return Package(
                    id: id,
                    code: text(p["code"]),
                    name: text(p["name"]),
                    leaf: p["leaf"] == .bool(true),
                    start: day(p["start"]),
                    finish: day(p["finish"]),
                    duration: int(p["duration"]).map(Int.init),
                    cost: int(p["cost"])
                )
            }
        }
    }

    /// `GET /api/v1/baselines/{id}/variance`: the live plan against the baseline, per package and in total. Date
    /// variances are signed working days of the project's calendar (positive: later than the baseline), duration
    /// variance is in working days, cost variance in minor units (positive: costs more); packages are
    /// `unchanged`, `changed`, `added` (not in the baseline) or `removed` (not in the plan any more).
    static func variance(_ request: Request, _ context: RouteContext) throws -> Response {
        let raw = request.parameters["id"] ?? ""
        guard let id = Int64(raw), id > 0 else { throw DomainError.notFound("baseline \(raw) does not exist") }
        return try context.database.read { db in
            guard
                let row = try db.queryOne(
                    "SELECT project_id, name, snapshot, version FROM baselines WHERE id = ?",
                    [id]
                )
            else { throw DomainError.notFound("baseline \(id) does not exist") }
            let project = try row.get(0, as: Int64.self)
            let etag = try ETags.overCollections(
                db,
                ProjectSchedule.reads + ["baselines"],
                key: "variance/\(id)/\(Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))"
            )
            if ETags.noneMatch(request.headers, etag) { return Response(status: .notModified, headers: ["ETag": etag]) }
            let baseline = try Snapshot(json: try row.get(2, as: String.self))
            let live = try Snapshot.take(db, project: project)
            let calendar = try WorkCalendar.of(project: project, db).calendar
            // Working days between two dates, signed, over one map built from the earliest date named.
            let allDays =
                (baseline.packages + live.packages).flatMap { [$0.start, $0.finish] }.compactMap { $0 }
                + [baseline.start, baseline.finish, live.start, live.finish]
            let origin = allDays.min() ?? live.start
            let offsets = WorkCalendar.Offsets(
                calendar: calendar,
                start: origin,
                through: (allDays.max() ?? origin) + 1
            )
            func between(_ from: Int?, _ to: Int?) -> JSONValue {
                guard let from, let to else { return .null }
                return .int(Int64(offsets.offset(before: to) - offsets.offset(before: from)))
            }
            func date(_ d: Int?) -> JSONValue { d.map { .string(CivilDate.string($0)) } ?? .null }
            let was = Dictionary(baseline.packages.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let now = Set(live.packages.map(\.id))
            var items: [JSONValue] = []
            var counts = ["unchanged": 0, "changed": 0, "added": 0, "removed": 0]
            func item(_ b: Snapshot.Package?, _ l: Snapshot.Package?) {
                let start = between(b?.start, l?.start)
                let finish = between(b?.finish, l?.finish)
                let duration: JSONValue =
                    if let x = b?.duration, let y = l?.duration { .int(Int64(y - x)) } else { .null }
                let cost: JSONValue =
                    if b != nil && l != nil { .int((l?.cost ?? 0) - (b?.cost ?? 0)) } else { .null }
                let status =
                    b == nil
                    ? "added"
                    : l == nil
                        ? "removed"
                        : [start, finish, duration, cost].allSatisfy { $0 == .null || $0 == .int(0) }
                            && b?.code == l?.code && b?.name == l?.name ? "unchanged" : "changed"
                counts[status, default: 0] += 1
                items.append(
                    .object([
                        "id": .int((l ?? b)!.id), "wbsCode": .string((l ?? b)!.code), "name": .string((l ?? b)!.name),
                        "status": .string(status),
                        "baselineWbsCode": b.map { .string($0.code) } ?? .null,
                        "baselineStart": date(b?.start), "baselineFinish": date(b?.finish),
                        "start": date(l?.start), "finish": date(l?.finish),
                        "startVarianceDays": start, "finishVarianceDays": finish,
                        "baselineDurationDays": b?.duration.map { .int(Int64($0)) } ?? .null,
                        "durationDays": l?.duration.map { .int(Int64($0)) } ?? .null,
                        "durationVarianceDays": duration,
                        "baselineCost": b?.cost.map(JSONValue.int) ?? .null,
                        "cost": l?.cost.map(JSONValue.int) ?? .null,
                        "costVariance": cost,
                    ])
                )
            }
            for l in live.packages { item(was[l.id], l) }
            for b in baseline.packages where !now.contains(b.id) { item(b, nil) }
            let baselineCost = baseline.packages.reduce(Int64(0)) { $0 + ($1.cost ?? 0) }
            let liveCost = live.packages.reduce(Int64(0)) { $0 + ($1.cost ?? 0) }
            var writer = JSONWriter(capacity: 512 + items.count * 400)
            writer.write(
                .object([
                    "baseline": .int(id), "baselineName": .string(try row.get(1, as: String.self)),
                    "project": .int(project),
                    "total": .object([
                        "baselineStart": date(baseline.start), "baselineFinish": date(baseline.finish),
                        "start": date(live.start), "finish": date(live.finish),
                        "startVarianceDays": between(baseline.start, live.start),
                        "finishVarianceDays": between(baseline.finish, live.finish),
                        "baselineCost": .int(baselineCost), "cost": .int(liveCost),
                        "costVariance": .int(liveCost - baselineCost),
                        "unchanged": .int(Int64(counts["unchanged"]!)), "changed": .int(Int64(counts["changed"]!)),
                        "added": .int(Int64(counts["added"]!)), "removed": .int(Int64(counts["removed"]!)),
                    ]),
                    "items": .array(items),
                ])
            )
            var response = Response.bytes(writer.bytes, contentType: JSON.contentType)
            response.headers["ETag"] = etag
            return response
        }
    }

    static let varianceOperation = OpenAPIDocument.documentOperation(
        id: "getBaselineVariance",
        summary:
            "The live plan against this baseline, per package and in total: start, finish and duration variance in working days, cost variance, added and removed packages",
        description: "The variance",
        schema: ServicePaths.object([
            "baseline": ServicePaths.integer, "baselineName": ServicePaths.string, "project": ServicePaths.integer,
            "total": ServicePaths.looseObject, "items": ServicePaths.array(ServicePaths.looseObject),
        ]),
        problems: ["BadRequest", "NotFound", "Conflict"]
    )
}

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
    struct Snapshot: Sendable {
        struct Package: Sendable {
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

        /// The live plan: the stored schedule's dates for leaves (`ScheduleStore`, the one computation; the
        /// refreshes this transaction has pending run first), the stored codes, names and costs for every package.
        static func take(_ db: Database, project: Int64) throws -> Snapshot {
            if db.isInTransaction { try db.runBeforeCommit() }
            var packages: [Package] = []
            try db.forEach(
                """
                SELECT w.id, coalesce(w.wbs_code, ''), w.name, w.is_leaf, w.planned_cost, s.start, s.finish, s.duration
                FROM work_packages w LEFT JOIN schedule_dates s ON s.package_id = w.id AND w.is_leaf = 1
                WHERE w.project_id = ? ORDER BY w.wbs_path
                """,
                [project]
            ) { row in
                packages.append(
                    Package(
                        id: try row.get(0, as: Int64.self),
                        code: try row.get(1, as: String.self),
                        name: try row.get(2, as: String.self),
                        leaf: try row.get(3, as: Int.self) == 1,
                        start: try row.get(5, as: String?.self).flatMap(CivilDate.days),
                        finish: try row.get(6, as: String?.self).flatMap(CivilDate.days),
                        duration: try row.get(7, as: Int?.self),
                        cost: try row.get(4, as: Int64?.self)
                    )
                )
            }
            if let row = try db.queryOne("SELECT start, finish FROM project_schedules WHERE project_id = ?", [project]),
                let start = CivilDate.days(try row.get(0, as: String.self)),
                let finish = CivilDate.days(try row.get(1, as: String.self))
            {
                return Snapshot(start: start, finish: finish, packages: packages)
            }
            // Nothing scheduled (no leaves): the plan's first day, computed.
            let schedule = try ProjectSchedule(try ProjectSchedule.read(db, project: project), project: project)
            return Snapshot(start: schedule.days[0], finish: schedule.finishDay, packages: packages)
        }

        /// Parsed snapshots by baseline id and text digest: a snapshot never changes after it is taken, and
        /// parsing 10,000 packages' JSON on every variance request was a large share of it.
        static let parsed = LockedValue<[String: Snapshot]>([:])

        /// The snapshot of baseline `id` stored as `text`, parsed once (at most 8 kept).
        static func cached(id: Int64, _ text: String) throws -> Snapshot {
            let key = "\(id)/\(text.utf8.count)/\(FNV.hash(text))"
            if let kept = parsed.withLock({ $0[key] }) { return kept }
            let snapshot = try Snapshot(json: text)
            parsed.withLock {
                if $0.count >= 8 { $0.removeAll() }
                $0[key] = snapshot
            }
            return snapshot
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
            let baseline = try Snapshot.cached(id: id, try row.get(2, as: String.self))
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
            // Items written straight into the body, keys in sorted order: 10,000 dictionaries of 17 values cost
            // more than the comparison.
            var items = JSONWriter(capacity: 64 + (live.packages.count + 16) * 420)
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
                let either = (l ?? b)!
                let fields: [JSONValue] = [
                    b?.cost.map(JSONValue.int) ?? .null, b?.duration.map { .int(Int64($0)) } ?? .null,
                    date(b?.finish), date(b?.start), b.map { .string($0.code) } ?? .null,
                    l?.cost.map(JSONValue.int) ?? .null, cost, l?.duration.map { .int(Int64($0)) } ?? .null, duration,
                    date(l?.finish), finish, .int(either.id), .string(either.name), date(l?.start), start,
                    .string(status), .string(either.code),
                ]
                if items.bytes.count > 0 { items.append(byte: 44) }
                for (n, value) in fields.enumerated() {
                    items.append(raw: VarianceKeys.item[n])
                    items.write(value)
                }
                items.append(byte: 125)
            }
            for l in live.packages { item(was[l.id], l) }
            for b in baseline.packages where !now.contains(b.id) { item(b, nil) }
            let baselineCost = baseline.packages.reduce(Int64(0)) { $0 + ($1.cost ?? 0) }
            let liveCost = live.packages.reduce(Int64(0)) { $0 + ($1.cost ?? 0) }
            var writer = JSONWriter(capacity: 1024 + items.bytes.count)
            writer.append(raw: Array("{\"baseline\":\(id),\"baselineName\":".utf8))
            writer.writeString(try row.get(1, as: String.self))
            writer.append(raw: Array(",\"items\":[".utf8))
            writer.append(raw: items.bytes)
            writer.append(raw: Array("],\"project\":\(project),\"total\":".utf8))
            writer.write(
                .object([
                    "baselineStart": date(baseline.start), "baselineFinish": date(baseline.finish),
                    "start": date(live.start), "finish": date(live.finish),
                    "startVarianceDays": between(baseline.start, live.start),
                    "finishVarianceDays": between(baseline.finish, live.finish),
                    "baselineCost": .int(baselineCost), "cost": .int(liveCost),
                    "costVariance": .int(liveCost - baselineCost),
                    "unchanged": .int(Int64(counts["unchanged"]!)), "changed": .int(Int64(counts["changed"]!)),
                    "added": .int(Int64(counts["added"]!)), "removed": .int(Int64(counts["removed"]!)),
                ])
            )
            writer.append(byte: 125)
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

/// The keys of a variance item in sorted order, each with its punctuation (`{` before the first).
private enum VarianceKeys {
    static let item: [[UInt8]] = [
        "baselineCost", "baselineDurationDays", "baselineFinish", "baselineStart", "baselineWbsCode", "cost",
        "costVariance", "durationDays", "durationVarianceDays", "finish", "finishVarianceDays", "id", "name", "start",
        "startVarianceDays", "status", "wbsCode",
    ].enumerated().map { n, key in Array(((n == 0 ? "{" : ",") + "\"\(key)\":").utf8) }
}

import Foundation
import HTTPCore
import Storage

/// Earned value of a project against its current baseline, in minor units of the project's currency.
///
/// `GET /api/v1/projects/{id}/earned-value?asOf=DATE` answers the measures per leaf package and for the project;
/// `?from=DATE&to=DATE&interval=week|month` answers the project's measures at a series of dates (an S-curve). The
/// rules (README, "Earned value"):
///
/// - BAC of a package is its planned cost in the current baseline (0 for a package added since).
/// - PV(d) spreads BAC evenly over the baseline's planned working days (the project's working calendar):
///   BAC × (working days from the baseline start through d) / (working days from the baseline start through the
///   baseline finish); 0 before the start, BAC from the finish on; a package of no working days (a milestone) has
///   all of it on its start day.
/// - EV(d) = BAC × percent complete / 100, where the percent is 100 from the actual finish on, 0 before the actual
///   start (else before the baseline start), and the recorded `percentComplete` in between.
/// - AC(d) is the sum of cost entries dated on or before d (their `projectAmount`); the project's AC includes
///   entries on no leaf package.
/// - Every division rounds half to even: money to the minor unit, indices to four decimals.
enum EarnedValue {
    /// The most dates a series may have (`from`..`to` by `interval`): about 19 years of weeks.
    static let maxSeriesPoints = 1000
    /// Parsed baseline snapshots kept, by baseline (a snapshot never changes once taken), up to this many leaves in
    /// all (about 100 bytes each): the portfolio reads every project's current one, so the bound is on leaves, not
    /// baselines (a bound of 64 baselines made a portfolio of 200 projects parse them all on every request).
    static let snapshotCacheLeaves = 500_000

    struct Package {
        var id: Int64
        var code: String
        var name: String
        var inBaseline = false
        var bac: Int64 = 0
        var start: Int? = nil
        var finish: Int? = nil
        var startOffset = 0
        var workingDays = 0
        var percent = 0
        var actualStart: Int? = nil
        var actualFinish: Int? = nil
        var estimate: Int64? = nil
        /// Where it sorts: its `wbsPath`, or for a package only the baseline has, its code padded the same way.
        var order = ""

        /// Planned value on `day`, given the working days from the plan's origin up to and including it.
        func pv(day: Int, workedThrough: Int) -> Int64 {
            guard bac != 0, let start, day >= start else { return 0 }
            let done = workedThrough - startOffset
            if workingDays == 0 || done >= workingDays { return bac }
            guard done > 0 else { return 0 }
            return Money.divideHalfEven(bac * Int64(done), Int64(workingDays))
        }

        /// The percent complete counted on `day`.
        func percent(on day: Int) -> Int {
            if let actualFinish, day >= actualFinish { return 100 }
            guard let from = actualStart ?? start, day >= from else { return 0 }
            return percent
        }

        func ev(day: Int) -> Int64 {
            Money.divideHalfEven(bac * Int64(percent(on: day)), 100)
        }

        /// The bottom-up estimate to complete: the package's own, else what is left of its budget.
        func etc(ev: Int64) -> Int64 { estimate ?? max(0, bac - ev) }
    }

    /// What the measures are computed from, read in one snapshot.
    struct Plan {
        var project: Int64
        var currency: String
        var baselineID: Int64
        var baselineName: String
        var statusDate: String?
        var packages: [Package]
        var offsets: WorkCalendar.Offsets?

        /// Working days from the plan's origin through `day`.
        func workedThrough(_ day: Int) -> Int {
            guard let offsets, day >= offsets.start else { return 0 }
            return offsets.offset(before: day + 1)
        }
    }

    /// The sums the derived measures come from.
    struct Measures: Equatable {
        var bac: Int64 = 0
        var pv: Int64 = 0
        var ev: Int64 = 0
        var ac: Int64 = 0
        var etc: Int64 = 0

        /// `n / d` in ten-thousandths, half to even; nil unless `d` > 0.
        static func ratio(_ n: Int64, _ d: Int64) -> Int64? {
            d > 0 ? Int64(Money.divideHalfEven(Int128(n) * 10_000, Int128(d))) : nil
        }

        var spi: Int64? { Self.ratio(ev, pv) }
        /// Null, not infinity, with no actual cost (or only credits).
        var cpi: Int64? { Self.ratio(ev, ac) }
        /// BAC / CPI = BAC × AC / EV, in one rounding; null when CPI is null or 0.
        var eacCPI: Int64? {
            guard ac > 0, ev > 0 else { return nil }
            return Int64(Money.divideHalfEven(Int128(bac) * Int128(ac), Int128(ev)))
        }
        var eacBudgetRate: Int64 { ac + bac - ev }
        var eacBottomUp: Int64 { ac + etc }
        /// (BAC − EV) / (BAC − AC): the efficiency the rest must have to finish on budget; null once AC ≥ BAC.
        var tcpi: Int64? { Self.ratio(bac - ev, bac - ac) }
        /// (BAC − EV) / bottom-up ETC: the efficiency the estimate assumes; null when nothing is estimated.
        var tcpiToEAC: Int64? { Self.ratio(bac - ev, etc) }

        static func index(_ v: Int64?) -> JSONValue { v.map { .double(Double($0) / 10_000) } ?? .null }

        /// `json`'s members as text, in its key order: 10,000 package rows without a dictionary each.
        var members: String {
            let eac = eacCPI
            func n(_ v: Int64?) -> String { v.map(String.init) ?? "null" }
            func i(_ v: Int64?) -> String { v.map { JSONWriter.format(Double($0) / 10_000) } ?? "null" }
            return #""ac":\#(ac),"bac":\#(bac),"cpi":\#(i(cpi)),"cv":\#(ev - ac),"#
                + #""eac":{"acPlusBottomUpEtc":\#(eacBottomUp),"acPlusRemainingBudget":\#(eacBudgetRate),"bacOverCpi":\#(n(eac))},"#
                + #""etc":{"acPlusBottomUpEtc":\#(etc),"acPlusRemainingBudget":\#(bac - ev),"bacOverCpi":\#(n(eac.map { $0 - ac }))},"#
                + #""ev":\#(ev),"pv":\#(pv),"spi":\#(i(spi)),"sv":\#(ev - pv),"tcpi":\#(i(tcpi)),"tcpiToEac":\#(i(tcpiToEAC)),"#
                + #""vac":{"acPlusBottomUpEtc":\#(bac - eacBottomUp),"acPlusRemainingBudget":\#(bac - eacBudgetRate),"bacOverCpi":\#(n(eac.map { bac - $0 }))}"#
        }

        var json: [String: JSONValue] {
            let eac = eacCPI
            func money(_ v: Int64?) -> JSONValue { v.map(JSONValue.int) ?? .null }
            return [
                "bac": .int(bac), "pv": .int(pv), "ev": .int(ev), "ac": .int(ac),
                "sv": .int(ev - pv), "cv": .int(ev - ac), "spi": Self.index(spi), "cpi": Self.index(cpi),
                "eac": .object([
                    "bacOverCpi": money(eac), "acPlusRemainingBudget": .int(eacBudgetRate),
                    "acPlusBottomUpEtc": .int(eacBottomUp),
                ]),
                "etc": .object([
                    "bacOverCpi": money(eac.map { $0 - ac }), "acPlusRemainingBudget": .int(bac - ev),
                    "acPlusBottomUpEtc": .int(etc),
                ]),
                "vac": .object([
                    "bacOverCpi": money(eac.map { bac - $0 }), "acPlusRemainingBudget": .int(bac - eacBudgetRate),
                    "acPlusBottomUpEtc": .int(bac - eacBottomUp),
                ]),
                "tcpi": Self.index(tcpi), "tcpiToEac": Self.index(tcpiToEAC),
            ]
        }
    }

    private static let snapshots = LockedValue<[String: [Baselines.Snapshot.Package]]>([:])

    /// A baseline's leaves, parsed once and kept (a snapshot never changes once taken; the key carries its creation
    /// time, so a reused id is another entry).
    static func baselineLeaves(_ db: Database, _ id: Int64, createdAt: String) throws -> [Baselines.Snapshot.Package] {
        let cacheKey = "\(id)/\(createdAt)"
        if let kept = snapshots.withLock({ $0[cacheKey] }) { return kept }
        let text = try db.scalar(String.self, "SELECT snapshot FROM baselines WHERE id = ?", [id])
        let leaves = try Baselines.Snapshot(json: text).packages.filter(\.leaf)
        snapshots.withLock {
            if $0.values.reduce(0, { $0 + $1.count }) + leaves.count > snapshotCacheLeaves { $0.removeAll() }
            $0[cacheKey] = leaves
        }
        return leaves
    }

    /// Whether a baseline's parsed leaves are kept.
    static func isKept(_ id: Int64, createdAt: String) -> Bool {
        snapshots.withLock { $0["\(id)/\(createdAt)"] != nil }
    }

    /// The packages of a baseline's leaves, in its order.
    static func packages(_ baselined: [Baselines.Snapshot.Package]) -> [Package] {
        baselined.map { b in
            Package(
                id: b.id,
                code: b.code,
                name: b.name,
                inBaseline: true,
                bac: b.cost ?? 0,
                start: b.start,
                finish: b.finish
            )
        }
    }

    /// Places the packages on the calendar's working days (their offsets and lengths); the offsets of the plan.
    static func place(_ packages: inout [Package], _ calendar: WorkCalendar) -> WorkCalendar.Offsets? {
        guard let origin = packages.compactMap(\.start).min() else { return nil }
        let last = packages.compactMap(\.finish).max() ?? origin
        let o = WorkCalendar.Offsets(calendar: calendar, start: origin, through: last + 1)
        for i in packages.indices {
            guard let s = packages[i].start else { continue }
            packages[i].startOffset = o.offset(before: s)
            packages[i].workingDays = o.offset(before: (packages[i].finish ?? s) + 1) - packages[i].startOffset
        }
        return o
    }

    /// The project's plan against its current baseline: 404 without the project, 409 without a currency, a
    /// current baseline, or with planned costs in another currency.
    static func plan(_ db: Database, project: Int64) throws -> Plan {
        guard
            let row = try db.queryOne("SELECT funding_currency, status_date FROM projects WHERE id = ?", [project])
        else { throw DomainError.notFound("project \(project) does not exist") }
        guard let currency = try row.get(0, as: String?.self) else {
            throw DomainError.conflict("project \(project) has no currency yet: set its fundingCurrency first")
        }
        guard
            let current = try db.queryOne(
                "SELECT id, name, created_at FROM baselines WHERE project_id = ? AND is_current = 1",
                [project]
            )
        else {
            throw DomainError.conflict(
                "project \(project) has no current baseline: earned value is measured against one; save it with POST /api/v1/baselines"
            )
        }
        let baselineID = try current.get(0, as: Int64.self)
        let baselined = try baselineLeaves(db, baselineID, createdAt: try current.get(2, as: String.self))
        var packages = packages(baselined)
        var index: [Int64: Int] = [:]
        index.reserveCapacity(packages.count)
        for (i, p) in packages.enumerated() { index[p.id] = i }
        var otherCurrency: [String] = []
        try db.forEach(
            """
            SELECT id, coalesce(wbs_code, ''), name, percent_complete, actual_start, actual_finish,
                estimate_to_complete, cost_currency, planned_cost, coalesce(wbs_path, '')
            FROM work_packages WHERE project_id = ? AND is_leaf = 1
            """,
            [project]
        ) { row in
            let id = try row.get(0, as: Int64.self)
            let i: Int
            if let known = index[id] {
                i = known
                packages[i].code = try row.get(1)
                packages[i].name = try row.get(2)
            } else {
                i = packages.count
                index[id] = i
                packages.append(Package(id: id, code: try row.get(1), name: try row.get(2)))
            }
            packages[i].order = try row.get(9)
            packages[i].percent = try row.get(3, as: Int?.self) ?? 0
            packages[i].actualStart = try row.get(4, as: String?.self).flatMap(CivilDate.days)
            packages[i].actualFinish = try row.get(5, as: String?.self).flatMap(CivilDate.days)
            packages[i].estimate = try row.get(6, as: Int64?.self)
            if let other = try row.get(7, as: String?.self), other != currency,
                try row.get(8, as: Int64?.self) != nil
            {
                otherCurrency.append("\(packages[i].code) (\(other))")
            }
        }
        // A package only the baseline has sorts by its code padded as a wbsPath is (the others have theirs).
        for i in packages.indices where packages[i].order.isEmpty {
            packages[i].order = packages[i].code.split(separator: ".").map {
                String(repeating: "0", count: max(0, 7 - $0.count)) + $0
            }.joined(separator: ".")
        }
        if !otherCurrency.isEmpty {
            throw DomainError.conflict(
                "work packages \(otherCurrency.prefix(5).joined(separator: ", ")) plan costs in another currency than the project's \(currency): earned value never adds different currencies; plan them in \(currency)"
            )
        }
        let calendar = try WorkCalendar.of(project: project, db).calendar
        let offsets = place(&packages, calendar)
        return Plan(
            project: project,
            currency: currency,
            baselineID: baselineID,
            baselineName: try current.get(1, as: String.self),
            statusDate: try row.get(1, as: String?.self),
            packages: packages,
            offsets: offsets
        )
    }

    /// The project's measures on `day`, and each package's when `perPackage` (in WBS code order).
    static func measure(
        _ db: Database,
        _ plan: Plan,
        on day: Int,
        perPackage: Bool
    ) throws -> (total: Measures, packages: [(Package, Measures)], outsidePackages: Int64) {
        var actual: [Int64: Int64] = [:]
        var totalAC: Int64 = 0
        try db.forEachInPlace(
            """
            SELECT work_package_id, sum(project_amount) FROM cost_entries
            WHERE project_id = ? AND date <= ? GROUP BY work_package_id
            """,
            StatementArguments([.integer(plan.project), .text(CivilDate.string(day))])
        ) { row in
            let amount = row.int64(1)
            totalAC += amount
            if row.type(0) != .null { actual[row.int64(0)] = amount }
        }
        let through = plan.workedThrough(day)
        var total = Measures(ac: totalAC)
        var rows: [(Package, Measures)] = []
        var onPackages: Int64 = 0
        if perPackage { rows.reserveCapacity(plan.packages.count) }
        for p in plan.packages {
            let ev = p.ev(day: day)
            let m = Measures(
                bac: p.bac,
                pv: p.pv(day: day, workedThrough: through),
                ev: ev,
                ac: actual[p.id] ?? 0,
                etc: p.etc(ev: ev)
            )
            onPackages += m.ac
            total.bac += m.bac
            total.pv += m.pv
            total.ev += m.ev
            total.etc += m.etc
            if perPackage { rows.append((p, m)) }
        }
        if perPackage { rows.sort { $0.0.order < $1.0.order } }
        return (total, rows, totalAC - onPackages)
    }

    static let route = ResourceRoute(.get, "earned-value", operation: operation) { request, context in
        try respond(request, context)
    }

    static func respond(_ request: Request, _ context: RouteContext) throws -> Response {
        let raw = request.parameters["id"] ?? ""
        guard let project = Int64(raw), project > 0 else { throw DomainError.notFound("project \(raw) does not exist") }
        for (name, _) in request.query where !["asOf", "from", "to", "interval"].contains(name) {
            throw HTTPError(
                .badRequest,
                "unknown parameter '\(name)'; earned-value takes asOf, or from, to and interval"
            )
        }
        func date(_ name: String) throws -> Int? {
            guard let text = request.query[name] else { return nil }
            guard let d = CivilDate.days(text) else {
                throw HTTPError(.badRequest, "\(name) must be a date, YYYY-MM-DD")
            }
            return d
        }
        let asOf = try date("asOf")
        let from = try date("from")
        let to = try date("to")
        let series = from != nil || to != nil || request.query["interval"] != nil
        if series {
            guard asOf == nil else {
                throw HTTPError(
                    .badRequest,
                    "asOf asks for one date, from/to/interval for a series: give one or the other"
                )
            }
            guard let from, let to, from <= to else {
                throw HTTPError(.badRequest, "a series needs from and to, from not after to")
            }
            let interval = request.query["interval"] ?? "week"
            guard interval == "week" || interval == "month" else {
                throw HTTPError(.badRequest, "interval must be week or month")
            }
            let points = seriesDates(from: from, to: to, monthly: interval == "month")
            guard points.count <= maxSeriesPoints else {
                throw HTTPError(
                    .badRequest,
                    "the series has \(points.count) dates, more than the \(maxSeriesPoints) one request may; shorten from–to or use interval=month"
                )
            }
            return try context.database.read { db in
                try cached(request, context, db, project, key: "ev-series/\(project)/\(from)/\(to)/\(interval)") {
                    let plan = try plan(db, project: project)
                    return try seriesBody(db, plan, points, from: from, to: to, interval: interval)
                }
            }
        }
        return try context.database.read { db in
            let today = Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
            return try cached(
                request,
                context,
                db,
                project,
                key: "ev/\(project)/\(asOf.map(String.init) ?? "-")/\(today)"
            ) {
                let plan = try plan(db, project: project)
                let day = asOf ?? plan.statusDate.flatMap(CivilDate.days) ?? today
                return try body(db, plan, on: day)
            }
        }
    }

    /// The document under an ETag over what it reads (304 when unchanged), kept in the document cache.
    static func cached(
        _ request: Request,
        _ context: RouteContext,
        _ db: Database,
        _ project: Int64,
        key: String,
        make: () throws -> [UInt8]
    ) throws -> Response {
        let etag = try ETags.overCollections(db, reads, key: key)
        if ETags.noneMatch(request.headers, etag) { return Response(status: .notModified, headers: ["ETag": etag]) }
        return try context.documents.response(key: "\(key)/\(etag)", etag: etag) {
            Response.bytes(try make(), contentType: JSON.contentType)
        }
    }

    /// The collections earned value depends on.
    static let reads = ["work-packages", "cost-entries", "baselines", "projects", "calendars"]

    /// The dates of a series: `from`, then every 7 days (week) or the last day of each month (month), and `to`.
    static func seriesDates(from: Int, to: Int, monthly: Bool) -> [Int] {
        var out = [from]
        if monthly {
            var (y, m, _) = CivilDate.components(from)
            while true {
                (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
                let end = Int(CivilDays.daysFromCivil(year: Int64(y), month: Int64(m), day: 1)) - 1
                if end >= to || out.count > maxSeriesPoints { break }
                if end > from { out.append(end) }
            }
        } else {
            var d = from + 7
            while d < to && out.count <= maxSeriesPoints {
                out.append(d)
                d += 7
            }
        }
        if to > from { out.append(to) }
        return out
    }

    static func body(_ db: Database, _ plan: Plan, on day: Int) throws -> [UInt8] {
        let (total, rows, outside) = try measure(db, plan, on: day, perPackage: true)
        var w = JSONWriter(capacity: 1024 + rows.count * 700)
        var head = total.json
        head["acOutsidePackages"] = .int(outside)
        // The head as an object less its packages, then the package rows written as text.
        var top = JSONWriter(capacity: 1024)
        top.write(
            .object([
                "project": .int(plan.project), "currency": .string(plan.currency),
                "asOf": .string(CivilDate.string(day)),
                "baseline": .object(["id": .int(plan.baselineID), "name": .string(plan.baselineName)]),
                "total": .object(head), "packages": .array([]),
            ])
        )
        // `"packages":[]` sorts between "currency" and "project": write up to its `[`, the rows, then the rest.
        let marker = Array(#""packages":["#.utf8)
        let bytes = top.bytes
        let at = bytes.indices.first { i in bytes[i...].starts(with: marker) }! + marker.count
        w.append(raw: Array(bytes[..<at]))
        for (i, (p, m)) in rows.enumerated() {
            if i > 0 { w.append(byte: 44) }
            w.append(raw: Array(#"{"id":\#(p.id),"inBaseline":\#(p.inBaseline),"name":"#.utf8))
            w.writeString(p.name)
            w.append(raw: Array(#","percentComplete":\#(p.percent(on: day)),"wbsCode":"#.utf8))
            w.writeString(p.code)
            w.append(byte: 44)
            w.append(raw: Array(m.members.utf8))
            w.append(byte: 125)
        }
        w.append(raw: Array(bytes[at...]))
        return w.bytes
    }

    static func seriesBody(
        _ db: Database,
        _ plan: Plan,
        _ points: [Int],
        from: Int,
        to: Int,
        interval: String
    ) throws -> [UInt8] {
        // Actual cost by day up to the last point, accumulated.
        var daily: [(Int, Int64)] = []
        try db.forEachInPlace(
            "SELECT date, sum(project_amount) FROM cost_entries WHERE project_id = ? AND date <= ? GROUP BY date ORDER BY date",
            StatementArguments([.integer(plan.project), .text(CivilDate.string(to))])
        ) { row in
            let day = row.withText(0) { CivilDate.days(String(decoding: $0, as: UTF8.self)) } ?? 0
            daily.append((day, row.int64(1)))
        }
        var next = 0
        var ac: Int64 = 0
        var items: [JSONValue] = []
        items.reserveCapacity(points.count)
        for day in points {
            while next < daily.count && daily[next].0 <= day {
                ac += daily[next].1
                next += 1
            }
            let through = plan.workedThrough(day)
            var m = Measures(ac: ac)
            for p in plan.packages {
                let ev = p.ev(day: day)
                m.bac += p.bac
                m.pv += p.pv(day: day, workedThrough: through)
                m.ev += ev
                m.etc += p.etc(ev: ev)
            }
            items.append(
                .object([
                    "date": .string(CivilDate.string(day)), "pv": .int(m.pv), "ev": .int(m.ev), "ac": .int(m.ac),
                    "sv": .int(m.ev - m.pv), "cv": .int(m.ev - m.ac), "spi": Measures.index(m.spi),
                    "cpi": Measures.index(m.cpi),
                ])
            )
        }
        var w = JSONWriter(capacity: 512 + items.count * 160)
        w.write(
            .object([
                "project": .int(plan.project), "currency": .string(plan.currency),
                "baseline": .object(["id": .int(plan.baselineID), "name": .string(plan.baselineName)]),
                "from": .string(CivilDate.string(from)), "to": .string(CivilDate.string(to)),
                "interval": .string(interval), "bac": .int(plan.packages.reduce(0) { $0 + $1.bac }),
                "points": .array(items),
            ])
        )
        return w.bytes
    }

    static let operation = OpenAPIDocument.documentOperation(
        id: "getEarnedValue",
        summary:
            "Earned value against the current baseline (minor units of the project's currency): PV, EV, AC, SV, CV, SPI, CPI, EAC three ways, ETC, VAC and TCPI per package and in total as of a date, or the project's at a series of dates",
        description: "The measures",
        schema: ServicePaths.object([
            "project": ServicePaths.integer, "currency": ServicePaths.string, "asOf": ServicePaths.date,
            "baseline": ServicePaths.looseObject, "total": ServicePaths.looseObject,
            "packages": ServicePaths.array(ServicePaths.looseObject),
            "points": ServicePaths.array(ServicePaths.looseObject),
        ]),
        parameters: [
            ["name": "asOf", "in": "query", "schema": ["type": "string", "format": "date"]],
            ["name": "from", "in": "query", "schema": ["type": "string", "format": "date"]],
            ["name": "to", "in": "query", "schema": ["type": "string", "format": "date"]],
            ["name": "interval", "in": "query", "schema": ["type": "string", "enum": ["week", "month"]]],
        ],
        problems: ["BadRequest", "NotFound", "Conflict"]
    )
}

import Foundation
import HTTPCore
import Storage

extension ProjectPlanController {
    /// The critical path over the project's leaf work packages, in working days of the project's calendar (see
    /// `WorkCalendar` for the conventions). A package's duration is `durationDays`, else the working days of its
    /// planned dates (inclusive), else 0. Working day 0 is the first working day on or after the project's planned
    /// start, else the earliest planned start in the WBS, else today; `startBasis` says which.
    func schedule(_ request: Request) throws -> Response {
        let id = try Self.projectID(request)
        let csv =
            request.query["format"] == "csv" || request.headers["Accept"]?.lowercased().hasPrefix("text/csv") == true
        for (name, value) in request.query where name != "format" || !["csv", "json", "mspdi"].contains(value) {
            throw HTTPError(
                .badRequest,
                "schedule takes only format=json, format=csv or format=mspdi ('\(name)' was given)"
            )
        }
        if request.query["format"] == "mspdi" { return try mspdi(id, request) }
        // The schedule reads packages, their links, the project's planned start and its calendar: its tag covers
        // the four.
        var kept: BodyCache.Kept?
        let (etag, read) = try database.read { db -> (String, ProjectSchedule.Input?) in
            _ = try Self.requireProject(db, id)
            let etag = try ETags.overCollections(
                db,
                ProjectSchedule.reads,
                // Today is in the key too: without planned dates, the schedule starts today.
                key: "schedule/\(id)/\(csv)/\(Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))"
            )
            if ETags.noneMatch(request.headers, etag) { return (etag, nil) }
            // Looked up in the same snapshot as the tag: a kept body is exactly this tag's document.
            kept = documents.get("schedule/\(id)/\(etag)")
            if kept != nil { return (etag, nil) }
            return (etag, try ProjectSchedule.read(db, project: id))
        }
        let key = "schedule/\(id)/\(etag)"
        if kept != nil { return documents.response(key: key, etag: etag) { Response() } }
        guard let read else { return Response(status: .notModified, headers: ["ETag": etag]) }
        let plan = try ProjectSchedule(read, project: id)
        if csv {
            return documents.response(key: key, etag: etag) { Self.scheduleCSV(plan, project: id) }
        }
        let (path, sized, calendar) = (plan.path, plan.leaves, plan.calendar)
        let (calendarID, calendarName, basis) = (plan.calendarID, plan.calendarName, plan.startBasis)
        let (start, finishDay) = (plan.days[0], plan.finishDay)
        let leaves = sized
        func dayOf(_ offset: Int) -> Int { plan.dayOf(offset) }
        func constraint(_ leaf: ProjectSchedule.Leaf) -> CriticalPath.Constraint? { plan.constraint(leaf) }
        let baselineSnapshot = plan.input.baseline.flatMap { try? Baselines.Snapshot(json: $0.snapshot) }
        let baselineBars = Dictionary(
            (baselineSnapshot?.packages ?? []).map { ($0.id, $0) },
            uniquingKeysWith: { a, _ in a }
        )
        // Written straight into the response: 10,000 items as dictionaries would cost more than the whole CPM.
        var critical: [(Int, Int64)] = []
        var items = JSONWriter(capacity: 256 + leaves.count * 360)
        var first = true
        for leaf in sized {
            guard let t = path.times[leaf.id] else { continue }
            if t.critical { critical.append((t.earlyStart, leaf.id)) }
            // Keys in sorted order, values written in place (no String per field or date).
            func number(_ key: [UInt8], _ value: Int) {
                items.append(raw: key)
                items.write(integer: Int64(value))
            }
            func date(_ key: [UInt8], _ offset: Int) {
                items.append(raw: key)
                CivilDate.write(dayOf(offset), into: &items)
            }
            items.append(raw: first ? [123] : [44, 123])
            first = false
            // The baseline bar: the current baseline's when the package is in it, else its hand-entered planned
            // dates (what was planned by hand is the baseline, not a second plan).
            let was = baselineBars[leaf.id]
            items.append(raw: ScheduleKeys.baselineFinish)
            items.write(was?.finish.map { .string(CivilDate.string($0)) } ?? leaf.finish.map(JSONValue.string) ?? .null)
            items.append(raw: ScheduleKeys.baselineStart)
            items.write(was?.start.map { .string(CivilDate.string($0)) } ?? leaf.start.map(JSONValue.string) ?? .null)
            items.append(raw: ScheduleKeys.critical)
            items.write(.bool(t.critical))
            // The constraint and whether the links break it (shown, never hidden by moving the package).
            items.append(raw: ScheduleKeys.dateConstraint)
            if let type = leaf.constraintType, let date = leaf.constraintDate, let c = constraint(leaf) {
                items.write(
                    .object(["type": .string(type), "date": .string(date), "violated": .bool(c.violated(by: t))])
                )
            } else {
                items.write(.null)
            }
            number(ScheduleKeys.durationDays, leaf.duration ?? 0)
            number(ScheduleKeys.earlyFinish, t.earlyFinish)
            date(ScheduleKeys.earlyFinishDate, max(t.earlyStart, t.earlyFinish - 1))
            number(ScheduleKeys.earlyStart, t.earlyStart)
            date(ScheduleKeys.earlyStartDate, t.earlyStart)
            number(ScheduleKeys.id, Int(leaf.id))
            number(ScheduleKeys.lateFinish, t.lateFinish)
            date(ScheduleKeys.lateFinishDate, max(t.lateStart, t.lateFinish - 1))
            number(ScheduleKeys.lateStart, t.lateStart)
            date(ScheduleKeys.lateStartDate, t.lateStart)
            items.append(raw: ScheduleKeys.name)
            items.writeString(leaf.name)
            items.append(raw: ScheduleKeys.progress)
            items.writeString(leaf.progress)
            number(ScheduleKeys.totalFloat, t.totalFloat)
            items.append(raw: ScheduleKeys.wbsCode)
            items.writeString(leaf.code)
            items.append(byte: 125)
        }
        var writer = JSONWriter(capacity: items.bytes.count + 64 * critical.count + 256)
        writer.append(raw: Array("{\"baseline\":".utf8))
        writer.write(plan.input.baseline.map { .object(["id": .int($0.id), "name": .string($0.name)]) } ?? .null)
        writer.append(raw: Array(",\"calendar\":".utf8))
        writer.write(
            calendarID.map { .object(["id": .int($0), "name": .string(calendarName ?? "")]) } ?? .null
        )
        writer.append(raw: Array(",\"critical\":[".utf8))
        writer.append(raw: Array(critical.sorted { $0 < $1 }.map { String($0.1) }.joined(separator: ",").utf8))
        writer.append(raw: Array("],\"durationDays\":\(path.duration),\"finish\":".utf8))
        CivilDate.write(finishDay, into: &writer)
        writer.append(raw: Array(",\"items\":[".utf8))
        writer.append(raw: items.bytes)
        // The links, for the arrows between bars.
        writer.append(raw: Array("],\"links\":".utf8))
        writer.write(
            .array(
                plan.input.links.map {
                    .object([
                        "predecessor": .int($0.from), "successor": .int($0.to), "type": .string($0.type.rawValue),
                        "lagDays": .int(Int64($0.lag)),
                    ])
                }
            )
        )
        // Milestones with the forecast the schedule gives them: the latest finish of the leaves that lead to
        // each, and how many working days that is after (or before) the due date.
        var forecasts: [Int64: Int] = [:]
        for (leaf, milestone) in plan.input.leadsTo {
            guard let t = path.times[leaf] else { continue }
            let finish = dayOf(max(t.earlyStart, t.earlyFinish - 1))
            forecasts[milestone] = max(forecasts[milestone] ?? finish, finish)
        }
        writer.append(raw: Array(",\"milestones\":".utf8))
        writer.write(
            .array(
                plan.input.milestones.map { m in
                    let due = CivilDate.days(m.due)
                    let forecast = forecasts[m.id]
                    return .object([
                        "id": .int(m.id), "name": .string(m.name), "dueDate": .string(m.due),
                        "achievedDate": m.achieved.map(JSONValue.string) ?? .null,
                        "forecastDate": forecast.map { .string(CivilDate.string($0)) } ?? .null,
                        "slipDays": (forecast.flatMap { f in due.map { calendar.signedWorkingDays(from: $0, to: f) } })
                            .map { .int(Int64($0)) } ?? .null,
                    ])
                }
            )
        )
        writer.append(raw: Array(",\"nonWorkingDays\":[".utf8))
        // What a Gantt chart shades: the days between start and finish that are not worked.

        var firstOff = true
        for d in start...max(start, finishDay) where !calendar.isWorking(d) {
            if !firstOff { writer.append(byte: 44) }
            firstOff = false
            CivilDate.write(d, into: &writer)
        }
        writer.append(raw: Array("],\"project\":\(id),\"start\":".utf8))
        CivilDate.write(start, into: &writer)
        writer.append(raw: Array(",\"startBasis\":".utf8))
        writer.writeString(basis)
        writer.append(raw: Array(",\"statusDate\":".utf8))
        writer.write(plan.statusDate.map(JSONValue.string) ?? .null)
        writer.append(raw: [125])
        return documents.response(key: key, etag: etag) { Response.bytes(writer.bytes, contentType: JSON.contentType) }
    }
}

extension ProjectPlanController {
    /// `GET …/schedule?format=mspdi`: the plan as Microsoft Project XML (see `MSPDI`), under the same tag rules.
    func mspdi(_ id: Int64, _ request: Request) throws -> Response {
        let (etag, bytes) = try database.read { db -> (String, [UInt8]?) in
            _ = try Self.requireProject(db, id)
            let etag = try ETags.overCollections(
                db,
                ProjectSchedule.reads,
                key: "mspdi/\(id)/\(Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))"
            )
            if ETags.noneMatch(request.headers, etag) { return (etag, nil) }
            return (etag, try MSPDI.export(db, project: id))
        }
        guard let bytes else { return Response(status: .notModified, headers: ["ETag": etag]) }
        var response = Response.bytes(bytes, contentType: MSPDI.contentType)
        response.headers["ETag"] = etag
        response.headers["Content-Disposition"] = "attachment; filename=\"project-\(id).xml\""
        return response
    }
}

/// The keys of a schedule item, in sorted order, with their punctuation.
private enum ScheduleKeys {
    static let baselineFinish = Array("\"baselineFinish\":".utf8)
    static let baselineStart = Array(",\"baselineStart\":".utf8)
    static let critical = Array(",\"critical\":".utf8)
    static let dateConstraint = Array(",\"dateConstraint\":".utf8)
    static let durationDays = Array(",\"durationDays\":".utf8)
    static let earlyFinish = Array(",\"earlyFinish\":".utf8)
    static let earlyFinishDate = Array(",\"earlyFinishDate\":".utf8)
    static let earlyStart = Array(",\"earlyStart\":".utf8)
    static let earlyStartDate = Array(",\"earlyStartDate\":".utf8)
    static let id = Array(",\"id\":".utf8)
    static let lateFinish = Array(",\"lateFinish\":".utf8)
    static let lateFinishDate = Array(",\"lateFinishDate\":".utf8)
    static let lateStart = Array(",\"lateStart\":".utf8)
    static let lateStartDate = Array(",\"lateStartDate\":".utf8)
    static let name = Array(",\"name\":".utf8)
    static let progress = Array(",\"progress\":".utf8)
    static let totalFloat = Array(",\"totalFloat\":".utf8)
    static let wbsCode = Array(",\"wbsCode\":".utf8)
}

/// Calendar dates as days since 1970-01-01 (proleptic Gregorian; Storage's `CivilDays`), thread-safe and
/// allocation-free, unlike a shared `DateFormatter`.
enum CivilDate {
    static func days(_ text: String) -> Int? {
        guard DateText.isDate(text), let y0 = Int(text.prefix(4)), let m = Int(text.dropFirst(5).prefix(2)),
            let d = Int(text.suffix(2))
        else { return nil }
        return Int(CivilDays.daysFromCivil(year: Int64(y0), month: Int64(m), day: Int64(d)))
    }

    static func string(_ days: Int) -> String {
        let (y, m, d) = components(days)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Writes the date as a JSON string, `"YYYY-MM-DD"`, digit by digit (years 0-9999; others as `string`).
    static func write(_ days: Int, into writer: inout JSONWriter) {
        let (y, m, d) = components(days)
        guard (0...9999).contains(y) else { return writer.writeString(string(days)) }
        writer.append(byte: 34)
        writer.append(byte: UInt8(48 + y / 1000))
        writer.append(byte: UInt8(48 + y / 100 % 10))
        writer.append(byte: UInt8(48 + y / 10 % 10))
        writer.append(byte: UInt8(48 + y % 10))
        writer.append(byte: 45)
        writer.append(byte: UInt8(48 + m / 10))
        writer.append(byte: UInt8(48 + m % 10))
        writer.append(byte: 45)
        writer.append(byte: UInt8(48 + d / 10))
        writer.append(byte: UInt8(48 + d % 10))
        writer.append(byte: 34)
    }

    static func components(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let (y, m, d) = CivilDays.civil(fromDays: Int64(days))
        return (Int(y), Int(m), Int(d))
    }
}

extension ProjectPlanController {
    /// The schedule as a spreadsheet (RFC 4180, one row per leaf package in WBS order): what planners paste
    /// into a tracking sheet.
    static func scheduleCSV(_ plan: ProjectSchedule, project id: Int64) -> Response {
        let names = [
            "id", "wbsCode", "name", "durationDays", "earlyStart", "earlyFinish", "lateStart", "lateFinish",
            "totalFloat", "critical", "progress", "baselineStart", "baselineFinish",
        ]
        let baseline = plan.input.baseline.flatMap { try? Baselines.Snapshot(json: $0.snapshot) }
        let bars = Dictionary((baseline?.packages ?? []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func date(_ d: Int?) -> String { d.map(CivilDate.string) ?? "" }
        var out = names.joined(separator: ",") + "\r\n"
        for leaf in plan.leaves.sorted(by: { ($0.code, $0.id) < ($1.code, $1.id) }) {
            guard let t = plan.path.times[leaf.id] else { continue }
            // Numbers stay numbers (a float of -2 is not text a spreadsheet could run); text is neutralised.
            let row: [JSONValue] = [
                .int(leaf.id), .string(leaf.code), .string(leaf.name), .int(Int64(leaf.duration ?? 0)),
                .string(date(plan.dayOf(t.earlyStart))),
                .string(date(plan.dayOf(max(t.earlyStart, t.earlyFinish - 1)))),
                .string(date(plan.dayOf(t.lateStart))), .string(date(plan.dayOf(max(t.lateStart, t.lateFinish - 1)))),
                .int(Int64(t.totalFloat)), .bool(t.critical), .string(leaf.progress),
                .string(bars[leaf.id]?.start.map(CivilDate.string) ?? leaf.start ?? ""),
                .string(bars[leaf.id]?.finish.map(CivilDate.string) ?? leaf.finish ?? ""),
            ]
            out += row.map { CSVWriter.quote(CSVWriter.text($0)) }.joined(separator: ",") + "\r\n"
        }
        var response = Response.bytes(Array(out.utf8), contentType: "text/csv; charset=utf-8; header=present")
        response.headers["Content-Disposition"] = "inline; filename=\"project-\(id)-schedule.csv\""
        return response
    }
}

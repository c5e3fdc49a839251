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
        struct Leaf {
            let id: Int64
            let code: String
            let name: String
            var duration: Int?
            let start: String?
            let finish: String?
            let constraintType: String?
            let constraintDate: String?
        }
        // The schedule reads packages, their links and the project's planned start: its tag covers the three.
        var kept: BodyCache.Kept?
        typealias Plan = (
            project: (start: String?, finish: String?), leaves: [Leaf], links: [CriticalPath.Link],
            calendar: (calendar: WorkCalendar, id: Int64?, name: String?)
        )
        let (etag, read) = try database.read { db -> (String, Plan?) in
            let project = try Self.requireProject(db, id)
            let etag = try ETags.overCollections(
                db,
                ["work-packages", "dependencies", "projects", "calendars"],
                // Today is in the key too: without planned dates, the schedule starts today.
                key: "schedule/\(id)/\(Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))"
            )
            if ETags.noneMatch(request.headers, etag) { return (etag, nil) }
            // Looked up in the same snapshot as the tag: a kept body is exactly this tag's document.
            kept = documents.get("schedule/\(id)/\(etag)")
            if kept != nil { return (etag, nil) }
            var leaves: [Leaf] = []
            try db.forEach(
                """
                SELECT w.id, coalesce(w.wbs_code, ''), w.name, w.duration_days, w.planned_start, w.planned_finish,
                    w.constraint_type, w.constraint_date
                FROM work_packages w
                WHERE w.project_id = ? AND w.is_leaf = 1
                ORDER BY w.id
                """,
                [id]
            ) { row in
                leaves.append(
                    Leaf(
                        id: try row.get(0, as: Int64.self),
                        code: try row.get(1, as: String.self),
                        name: try row.get(2, as: String.self),
                        duration: try row.get(3, as: Int?.self),
                        start: try row.get(4, as: String?.self),
                        finish: try row.get(5, as: String?.self),
                        constraintType: try row.get(6, as: String?.self),
                        constraintDate: try row.get(7, as: String?.self)
                    )
                )
            }
            var links: [CriticalPath.Link] = []
            // 20,000 links read in place: no Row, no String for the type.
            try db.forEachInPlace(
                "SELECT predecessor_id, successor_id, type, lag_days FROM dependencies WHERE project_id = ?",
                [id]
            ) { row in
                let type = row.withText(2) { CriticalPath.LinkType(utf8: $0) } ?? .finishToStart
                links.append(
                    CriticalPath.Link(from: row.int64(0), to: row.int64(1), type: type, lag: Int(row.int64(3)))
                )
            }
            return (etag, (project, leaves, links, try WorkCalendar.of(project: id, db)))
        }
        let key = "schedule/\(id)/\(etag)"
        if kept != nil { return documents.response(key: key, etag: etag) { Response() } }
        guard let (project, leaves, links, (calendar, calendarID, calendarName)) = read else {
            return Response(status: .notModified, headers: ["ETag": etag])
        }
        // Durations in working days: given, or counted over the planned dates.
        let sized = leaves.map { leaf -> Leaf in
            var leaf = leaf
            if leaf.duration == nil, let s = leaf.start.flatMap(CivilDate.days),
                let f = leaf.finish.flatMap(CivilDate.days)
            {
                leaf.duration = calendar.workingDays(in: s, min(f, s + 3660))
            }
            leaf.duration = max(0, leaf.duration ?? 0)
            return leaf
        }
        let today = CivilDate.string(Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
        let earliest = leaves.compactMap(\.start).min()
        let (startText, basis) =
            project.start.map { ($0, "plannedStart") } ?? earliest.map { ($0, "earliestPackageStart") }
            ?? (today, "today")
        let firstDay = calendar.workingDay(onOrAfter: CivilDate.days(startText) ?? 0)
        // Constraint dates as working-day offsets from the first day.
        let constrained = sized.compactMap { leaf in leaf.constraintDate.flatMap(CivilDate.days) }
        let offsets = WorkCalendar.Offsets(calendar: calendar, start: firstDay, through: (constrained.max() ?? 0) + 1)
        func constraint(_ leaf: Leaf) -> CriticalPath.Constraint? {
            guard let type = leaf.constraintType, let date = leaf.constraintDate.flatMap(CivilDate.days) else {
                return nil
            }
            switch type {
            case "start_no_earlier_than": return .startNoEarlierThan(offsets.offset(before: date))
            case "finish_no_later_than": return .finishNoLaterThan(offsets.offset(before: date + 1))
            case "must_start_on": return .mustStartOn(offsets.offset(before: date))
            default: return nil
            }
        }
        let path: CriticalPath
        do {
            path = try CriticalPath(
                activities: sized.map { .init(id: $0.id, duration: $0.duration ?? 0, constraint: constraint($0)) },
                links: links
            )
        } catch {
            throw DomainError.conflict("the dependencies of project \(id) make a cycle")
        }
        guard path.duration <= WorkCalendar.maxSpan else {
            throw DomainError.conflict(
                "the schedule of project \(id) spans \(path.duration) working days, more than the \(WorkCalendar.maxSpan) a plan may; check the durations and lags"
            )
        }
        // Working day n is days[n]: the map covers every offset the CPM can give (0 ... duration).
        let days = calendar.workingDays(from: firstDay, count: path.duration + 1)
        // A late date before the first day (a finish constraint earlier than the plan can start).
        func dayOf(_ offset: Int) -> Int { offset >= 0 ? days[offset] : calendar.workingDay(-offset, before: firstDay) }
        let start = days[0]
        // The last day of the plan: the last working day of work, or a closing milestone's day (a milestone sits
        // on the day its start maps to, so one after the last task is on the next working day).
        let lastMilestone = sized.filter { $0.duration == 0 }.compactMap { path.times[$0.id]?.earlyStart }.max() ?? 0
        let finishDay = days[max(0, path.duration - 1, lastMilestone)]
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
            items.append(raw: first ? ScheduleKeys.critical : ScheduleKeys.nextCritical)
            first = false
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
            number(ScheduleKeys.totalFloat, t.totalFloat)
            items.append(raw: ScheduleKeys.wbsCode)
            items.writeString(leaf.code)
            items.append(byte: 125)
        }
        var writer = JSONWriter(capacity: items.bytes.count + 64 * critical.count + 256)
        writer.append(raw: Array("{\"calendar\":".utf8))
        writer.write(
            calendarID.map { .object(["id": .int($0), "name": .string(calendarName ?? "")]) } ?? .null
        )
        writer.append(raw: Array(",\"critical\":[".utf8))
        writer.append(raw: Array(critical.sorted { $0 < $1 }.map { String($0.1) }.joined(separator: ",").utf8))
        writer.append(raw: Array("],\"durationDays\":\(path.duration),\"finish\":".utf8))
        CivilDate.write(finishDay, into: &writer)
        writer.append(raw: Array(",\"items\":[".utf8))
        writer.append(raw: items.bytes)
        // What a Gantt chart shades: the days between start and finish that are not worked.
        writer.append(raw: Array("],\"nonWorkingDays\":[".utf8))
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
        writer.append(raw: [125])
        return documents.response(key: key, etag: etag) { Response.bytes(writer.bytes, contentType: JSON.contentType) }
    }
}

/// The keys of a schedule item, in sorted order, with their punctuation.
private enum ScheduleKeys {
    static let critical = Array("{\"critical\":".utf8)
    static let nextCritical = Array(",{\"critical\":".utf8)
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

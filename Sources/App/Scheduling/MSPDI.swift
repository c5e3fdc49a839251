import Storage

/// Microsoft Project XML (MSPDI, namespace `http://schemas.microsoft.com/project`), the plan exchange format of
/// MS Project, ProjectLibre, GanttProject and MPXJ. What is written and read back:
///
/// - the project: name, start (its first working day), finish, status date, calendar;
/// - the calendar: working weekdays (08:00–12:00 and 13:00–17:00, so 8 hours a day), holidays and working dates
///   as exceptions;
/// - every work package as a task in WBS order: UID = package id, `WBS`/`OutlineNumber` = WBS code,
///   `OutlineLevel` = depth, `Summary` for packages with sub-packages, `Milestone` for zero-duration leaves;
///   duration, start, finish, early/late dates and total slack as the schedule computes them; constraints
///   (must start on = 2, start no earlier than = 4, finish no later than = 7); progress (percent complete, actual
///   start and finish, remaining duration);
/// - links as `PredecessorLink` (type FF = 0, FS = 1, SF = 2, SS = 3; lag in tenths of a minute, 4,800 a working
///   day, shown in days);
/// - the baseline (`Baseline` number 0): the current baseline's dates, else the hand-entered planned dates.
///
/// Durations and lags are whole working days of 8 hours; a fraction of a day read from a file is rounded to the
/// nearest day.
enum MSPDI {
    static let contentType = "application/xml; charset=utf-8"
    static let namespace = "http://schemas.microsoft.com/project"
    /// Tenths of a minute in a working day (8 hours).
    static let tenthsPerDay = 4800
    static let linkTypes: [CriticalPath.LinkType: Int] = [
        .finishToFinish: 0, .finishToStart: 1, .startToFinish: 2, .startToStart: 3,
    ]
    static let constraintTypes = ["must_start_on": 2, "start_no_earlier_than": 4, "finish_no_later_than": 7]

    // MARK: Export

    /// The project's plan as an MSPDI document.
    static func export(_ db: Database, project id: Int64) throws -> [UInt8] {
        let plan = try ProjectSchedule(try ProjectSchedule.read(db, project: id), project: id)
        guard let row = try db.queryOne("SELECT key, name FROM projects WHERE id = ?", [id]) else {
            throw DomainError.notFound("project \(id) does not exist")
        }
        let (key, name) = (try row.get(0, as: String.self), try row.get(1, as: String.self))
        struct Package {
            let id: Int64
            let parent: Int64?
            let code: String
            let depth: Int
            let name: String
            let leaf: Bool
        }
        var packages: [Package] = []
        try db.forEach(
            "SELECT id, parent_id, coalesce(wbs_code, ''), coalesce(wbs_path, ''), name, is_leaf FROM work_packages WHERE project_id = ? ORDER BY wbs_path, id",
            [id]
        ) { r in
            packages.append(
                Package(
                    id: try r.get(0),
                    parent: try r.get(1, as: Int64?.self),
                    code: try r.get(2),
                    depth: (try r.get(3, as: String.self).utf8.count + 1) / 8,
                    name: try r.get(4),
                    leaf: try r.get(5, as: Int.self) == 1
                )
            )
        }
        let spans = plan.spans(
            parents: Dictionary(packages.compactMap { p in p.parent.map { (p.id, $0) } }) { a, _ in a }
        )
        let leaves = Dictionary(plan.leaves.map { ($0.id, $0) }) { a, _ in a }
        let baseline = plan.input.baseline.flatMap { try? Baselines.Snapshot(json: $0.snapshot) }
        let bars = Dictionary((baseline?.packages ?? []).map { ($0.id, $0) }) { a, _ in a }
        var predecessors: [Int64: [CriticalPath.Link]] = [:]
        for link in plan.input.links { predecessors[link.to, default: []].append(link) }

        func start(_ day: Int) -> String { CivilDate.string(day) + "T08:00:00" }
        func finish(_ day: Int) -> String { CivilDate.string(day) + "T17:00:00" }
        func duration(_ days: Int) -> String { "PT\(days * 8)H0M0S" }
        var x = ""
        x.reserveCapacity(2048 + packages.count * 1200)
        func tag(_ name: String, _ value: String) { x += "<\(name)>\(XMLTree.escape(value))</\(name)>" }
        x += #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += "<Project xmlns=\"\(namespace)\">"
        tag("SaveVersion", "14")
        tag("Name", "\(key).xml")
        tag("Title", name)
        tag("ScheduleFromStart", "1")
        tag("StartDate", start(plan.days[0]))
        tag("FinishDate", finish(plan.finishDay))
        tag("CalendarUID", "1")
        tag("DefaultStartTime", "08:00:00")
        tag("DefaultFinishTime", "17:00:00")
        tag("MinutesPerDay", "480")
        tag("MinutesPerWeek", String(480 * plan.calendar.weekdays.count))
        tag("DaysPerMonth", "20")
        if let status = plan.statusDate { tag("StatusDate", status + "T17:00:00") }
        // The calendar: weekdays (Sunday = 1 … Saturday = 7), then holidays and working dates as exceptions.
        x += "<Calendars><Calendar>"
        tag("UID", "1")
        tag("Name", plan.calendarName ?? "Standard")
        tag("IsBaseCalendar", "1")
        tag("BaseCalendarUID", "-1")
        x += "<WeekDays>"
        let hours =
            "<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes>"
        for dayType in 1...7 {
            let monday0 = (dayType + 5) % 7  // Sunday (1) is 6, Monday (2) is 0
            let working = plan.calendar.weekdays.contains(monday0)
            x += "<WeekDay><DayType>\(dayType)</DayType><DayWorking>\(working ? 1 : 0)</DayWorking>"
            if working { x += hours }
            x += "</WeekDay>"
        }
        x += "</WeekDays><Exceptions>"
        let exceptions =
            plan.calendar.holidays.map { ($0, false) } + plan.calendar.workingDates.map { ($0, true) }
        for (day, working) in exceptions.sorted(by: { $0.0 < $1.0 }) {
            x += "<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod>"
            tag("FromDate", CivilDate.string(day) + "T00:00:00")
            tag("ToDate", CivilDate.string(day) + "T23:59:00")
            x += "</TimePeriod><Occurrences>1</Occurrences>"
            tag("Name", working ? "Working day" : "Holiday")
            tag("Type", "1")
            tag("DayWorking", working ? "1" : "0")
            if working { x += hours }
            x += "</Exception>"
        }
        x += "</Exceptions></Calendar></Calendars><Tasks>"
        for (n, p) in packages.enumerated() {
            x += "<Task>"
            tag("UID", String(p.id))
            tag("ID", String(n + 1))
            tag("Name", p.name)
            tag("Type", "1")  // fixed duration
            tag("WBS", p.code)
            tag("OutlineNumber", p.code)
            tag("OutlineLevel", String(p.depth))
            let leaf = leaves[p.id]
            let t = plan.path.times[p.id]
            let days = leaf.map { _ in t.map { $0.earlyFinish - $0.earlyStart } ?? 0 }
            if let span = spans[p.id] {
                tag("Start", start(span.start))
                tag("Finish", days == 0 ? start(span.finish) : finish(span.finish))
                let d = days ?? plan.calendar.workingDays(in: span.start, span.finish)
                tag("Duration", duration(max(0, d)))
                tag("DurationFormat", "7")
            }
            tag("Milestone", days == 0 ? "1" : "0")
            tag("Summary", p.leaf ? "0" : "1")
            if let t {
                tag("Critical", t.critical ? "1" : "0")
                tag("EarlyStart", start(plan.dayOf(t.earlyStart)))
                tag("EarlyFinish", days == 0 ? start(plan.dayOf(t.earlyStart)) : finish(plan.finishDay(t)))
                tag("LateStart", start(plan.dayOf(t.lateStart)))
                tag(
                    "LateFinish",
                    days == 0 ? start(plan.dayOf(t.lateStart)) : finish(plan.dayOf(max(t.lateStart, t.lateFinish - 1)))
                )
                tag("TotalSlack", String(t.totalFloat * tenthsPerDay))
            }
            if let leaf {
                tag("PercentComplete", String(leaf.percentComplete ?? (leaf.actualFinish != nil ? 100 : 0)))
                if let s = leaf.actualStart { tag("ActualStart", s + "T08:00:00") }
                if let f = leaf.actualFinish { tag("ActualFinish", f + "T17:00:00") }
                if let r = leaf.remainingDays { tag("RemainingDuration", duration(r)) }
                if let type = leaf.constraintType, let code = constraintTypes[type], let date = leaf.constraintDate {
                    tag("ConstraintType", String(code))
                    tag("CalendarUID", "-1")
                    tag("ConstraintDate", type == "finish_no_later_than" ? date + "T17:00:00" : date + "T08:00:00")
                } else {
                    tag("ConstraintType", "0")
                }
            }
            for link in predecessors[p.id] ?? [] {
                x += "<PredecessorLink>"
                tag("PredecessorUID", String(link.from))
                tag("Type", String(linkTypes[link.type] ?? 1))
                tag("CrossProject", "0")
                tag("LinkLag", String(link.lag * tenthsPerDay))
                tag("LagFormat", "7")
                x += "</PredecessorLink>"
            }
            // The baseline: the saved one's bar, else the hand-entered planned dates.
            let bar = bars[p.id]
            let bStart = bar?.start.map(CivilDate.string) ?? (bar == nil ? leaf?.start : nil)
            let bFinish = bar?.finish.map(CivilDate.string) ?? (bar == nil ? leaf?.finish : nil)
            if bStart != nil || bFinish != nil || bar?.duration != nil {
                x += "<Baseline>"
                tag("Number", "0")
                if let s = bStart { tag("Start", s + "T08:00:00") }
                if let f = bFinish { tag("Finish", f + "T17:00:00") }
                if let d = bar?.duration ?? leaf?.duration, leaf != nil { tag("Duration", duration(d)) }
                x += "</Baseline>"
            }
            x += "</Task>"
        }
        x += "</Tasks></Project>\n"
        return Array(x.utf8)
    }
}

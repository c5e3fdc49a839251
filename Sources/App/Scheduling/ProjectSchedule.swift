import Foundation
import HTTPCore
import Storage

/// One project's schedule: the critical path over its leaf packages, in working days of its calendar (see
/// `WorkCalendar` for the conventions), with the dates they map to. `/schedule` writes it, baselines keep it and
/// variance compares with it: one computation, one truth.
///
/// A package's duration is `durationDays`, else the working days of its planned dates (inclusive), else 0.
/// Working day 0 is the first working day on or after the project's planned start, else the earliest planned
/// start in the WBS, else today; `startBasis` says which.
struct ProjectSchedule {
    struct Leaf {
        let id: Int64
        let code: String
        let name: String
        var duration: Int?
        let start: String?
        let finish: String?
        let constraintType: String?
        let constraintDate: String?
        var actualStart: String? = nil
        var actualFinish: String? = nil
        var remainingDays: Int? = nil
        var percentComplete: Int? = nil

        /// `completed` (actual start and finish), `in_progress` (an actual start) or `not_started`.
        var progress: String { actualStart == nil ? "not_started" : actualFinish == nil ? "in_progress" : "completed" }
    }

    /// What the computation reads, in one snapshot.
    struct Input {
        var project: (start: String?, finish: String?)
        var statusDate: String?
        /// What a Gantt chart draws beside the bars: the current baseline (id, name, snapshot) and the
        /// milestones (id, name, due date, the leaves that lead to each).
        var baseline: (id: Int64, name: String, snapshot: String)? = nil
        var milestones: [(id: Int64, name: String, due: String, achieved: String?)] = []
        var leadsTo: [Int64: Int64] = [:]
        var leaves: [Leaf]
        var links: [CriticalPath.Link]
        var calendar: (calendar: WorkCalendar, id: Int64?, name: String?)
    }

    /// The collections a schedule depends on (its ETag folds in their change counters).
    static let reads = ["work-packages", "dependencies", "projects", "calendars", "baselines", "milestones"]

    static func read(_ db: Database, project id: Int64) throws -> Input {
        let project = try ProjectPlanController.requireProject(db, id)
        var leaves: [Leaf] = []
        try db.forEach(
            """
            SELECT w.id, coalesce(w.wbs_code, ''), w.name, w.duration_days, w.planned_start, w.planned_finish,
                w.constraint_type, w.constraint_date, w.actual_start, w.actual_finish, w.remaining_days,
                w.percent_complete
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
                    constraintDate: try row.get(7, as: String?.self),
                    actualStart: try row.get(8, as: String?.self),
                    actualFinish: try row.get(9, as: String?.self),
                    remainingDays: try row.get(10, as: Int?.self),
                    percentComplete: try row.get(11, as: Int?.self)
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
        let statusDate =
            try db.queryOne("SELECT status_date FROM projects WHERE id = ?", [id]).flatMap {
                try $0.get(0, as: String?.self)
            }
        var input = Input(
            project: (project.start, project.finish),
            statusDate: statusDate,
            leaves: leaves,
            links: links,
            calendar: try WorkCalendar.of(project: id, db)
        )
        if let row = try db.queryOne(
            "SELECT id, name, snapshot FROM baselines WHERE project_id = ? AND is_current = 1",
            [id]
        ) {
            input.baseline = (try row.get(0, as: Int64.self), try row.get(1, as: String.self), try row.get(2))
        }
        try db.forEach(
            "SELECT id, name, due_date, achieved_date FROM milestones WHERE project_id = ? ORDER BY due_date, id",
            [id]
        ) { row in
            input.milestones.append(
                (try row.get(0), try row.get(1), try row.get(2), try row.get(3, as: String?.self))
            )
        }
        try db.forEach(
            "SELECT id, milestone_id FROM work_packages WHERE project_id = ? AND is_leaf = 1 AND milestone_id IS NOT NULL",
            [id]
        ) { row in input.leadsTo[try row.get(0, as: Int64.self)] = try row.get(1, as: Int64.self) }
        return input
    }

    let leaves: [Leaf]
    let path: CriticalPath
    let calendar: WorkCalendar
    let calendarID: Int64?
    let calendarName: String?
    let startBasis: String
    let firstDay: Int
    /// The project's status date, when progress is reported as of one.
    let statusDate: String?
    /// Working day n is `days[n]`, for every offset the critical path can give (0 ... duration).
    let days: [Int]
    /// The last day of the plan: the last working day of work, or a closing milestone's day.
    let finishDay: Int
    let offsets: WorkCalendar.Offsets

    /// What was read, for what the schedule shows beside the bars (links, baseline, milestones).
    let input: Input

    init(_ input: Input, project id: Int64) throws {
        self.input = input
        let (project, leaves, links) = (input.project, input.leaves, input.links)
        let (calendar, calendarID, calendarName) = input.calendar
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
        var (startText, basis) =
            project.start.map { ($0, "plannedStart") } ?? earliest.map { ($0, "earliestPackageStart") }
            ?? (today, "today")
        // Work that actually began before the planned start moves the plan's first day back to it.
        if let firstActual = leaves.compactMap(\.actualStart).min(), firstActual < startText {
            (startText, basis) = (firstActual, "actualStart")
        }
        let firstDay = calendar.workingDay(onOrAfter: CivilDate.days(startText) ?? 0)
        // Constraint, actual and status dates as working-day offsets from the first day.
        let named =
            sized.flatMap { [$0.constraintDate, $0.actualStart, $0.actualFinish] }.compactMap { $0 }
            + [input.statusDate].compactMap { $0 }
        let offsets = WorkCalendar.Offsets(
            calendar: calendar,
            start: firstDay,
            through: (named.compactMap(CivilDate.days).max() ?? 0) + 1
        )
        // Remaining work starts after the status date (progress is reported as of its end).
        let status = input.statusDate.flatMap(CivilDate.days).map { offsets.offset(before: $0 + 1) }
        let activities = sized.map { leaf -> CriticalPath.Activity in
            let duration = leaf.duration ?? 0
            var activity = CriticalPath.Activity(
                id: leaf.id,
                duration: duration,
                constraint: Self.constraint(leaf, offsets)
            )
            guard let started = leaf.actualStart.flatMap(CivilDate.days) else {
                activity.notBefore = status  // not started: not before the status date
                return activity
            }
            let start = offsets.offset(before: started)
            activity.fixedStart = start
            activity.constraint = nil  // what happened is no longer constrained
            if let finished = leaf.actualFinish.flatMap(CivilDate.days) {
                activity = .init(id: leaf.id, duration: max(0, offsets.offset(before: finished + 1) - start))
                activity.fixedStart = start
            } else if let status {
                // In progress: what is left, after the status date.
                let left =
                    leaf.remainingDays
                    ?? Int((Double(duration) * Double(100 - (leaf.percentComplete ?? 0)) / 100).rounded(.up))
                activity = .init(id: leaf.id, duration: max(0, status - start) + left)
                activity.fixedStart = start
            }
            return activity
        }
        let path: CriticalPath
        do {
            path = try CriticalPath(activities: activities, links: links)
        } catch {
            throw DomainError.conflict("the dependencies of project \(id) make a cycle")
        }
        guard path.duration <= WorkCalendar.maxSpan else {
            throw DomainError.conflict(
                "the schedule of project \(id) spans \(path.duration) working days, more than the \(WorkCalendar.maxSpan) a plan may; check the durations and lags"
            )
        }
        let days = calendar.workingDays(from: firstDay, count: path.duration + 1)
        // The last day of the plan: the last working day of work, or a closing milestone's day (a milestone sits
        // on the day its start maps to, so one after the last task is on the next working day).
        let lastMilestone = sized.filter { $0.duration == 0 }.compactMap { path.times[$0.id]?.earlyStart }.max() ?? 0
        let finishDay = days[max(0, path.duration - 1, lastMilestone)]
        self.leaves = sized
        self.path = path
        self.calendar = calendar
        self.calendarID = calendarID
        self.calendarName = calendarName
        self.startBasis = basis
        self.firstDay = firstDay
        self.statusDate = input.statusDate
        self.days = days
        self.finishDay = finishDay
        self.offsets = offsets
    }

    /// The civil day of a working-day offset; one before the first day (a late start pulled back by a finish
    /// constraint earlier than the plan can start) is counted backwards.
    func dayOf(_ offset: Int) -> Int {
        offset >= 0 ? days[offset] : calendar.workingDay(-offset, before: firstDay)
    }

    /// The civil day an activity starts on.
    func startDay(_ t: CriticalPath.Times) -> Int { dayOf(t.earlyStart) }

    /// The civil day an activity finishes on (inclusive; a milestone's is its start).
    func finishDay(_ t: CriticalPath.Times) -> Int { dayOf(max(t.earlyStart, t.earlyFinish - 1)) }

    /// Every scheduled package's span (start and finish days): a leaf's bar, and a summary's from its earliest
    /// leaf start to its latest leaf finish, up the `parents` chain (child id → parent id).
    func spans(parents: [Int64: Int64]) -> [Int64: (start: Int, finish: Int)] {
        var spans: [Int64: (start: Int, finish: Int)] = [:]
        for leaf in leaves {
            guard let t = path.times[leaf.id] else { continue }
            let span = (start: startDay(t), finish: finishDay(t))
            spans[leaf.id] = span
            var up = parents[leaf.id]
            var depth = 0
            while let p = up, depth <= WorkPackages.maxDepth {
                let had = spans[p] ?? span
                spans[p] = (min(had.start, span.start), max(had.finish, span.finish))
                up = parents[p]
                depth += 1
            }
        }
        return spans
    }

    /// A leaf's date constraint as working-day offsets.
    func constraint(_ leaf: Leaf) -> CriticalPath.Constraint? {
        Self.constraint(leaf, offsets)
    }

    static func constraint(_ leaf: Leaf, _ offsets: WorkCalendar.Offsets) -> CriticalPath.Constraint? {
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
}

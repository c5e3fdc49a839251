import Storage

/// The one schedule, kept: every package's scheduled start and finish (leaves from the critical path, summary
/// packages over the leaves beneath them), the project's scheduled start and finish, and each milestone's forecast
/// (the latest finish of the leaves that lead to it). `forecastFinish`, `scheduledStart`/`scheduledFinish` of a
/// package, the `/wbs` roll-ups and a milestone's `forecastDate` read it, so they are the dates `/schedule` shows,
/// not a second plan built from hand-entered dates (those are the plan's baseline until one is saved).
///
/// A write that changes the plan (a package, a dependency, the project, a calendar) registers a refresh of its
/// project that runs once, right before its transaction commits (`Database.beforeCommit`): a batch of 100 package
/// writes computes the schedule once, and no reader ever sees the plan and its dates out of step. A plan that
/// cannot be scheduled (more working days than `WorkCalendar.maxSpan`) keeps no dates.
///
/// A project whose start comes from today (no planned start, no planned or actual dates) is stored as of the day
/// of its last change; `/schedule` always computes as of today.
enum ScheduleStore {
    static let migrations = [
        Migration(
            version: 75,
            name: "the stored schedule: package and project dates from the critical path",
            sql: """
                CREATE TABLE schedule_dates (
                    package_id INTEGER PRIMARY KEY REFERENCES work_packages(id) ON DELETE CASCADE,
                    project_id INTEGER NOT NULL,
                    start TEXT,
                    finish TEXT,
                    duration INTEGER
                ) STRICT;
                CREATE INDEX schedule_dates_project ON schedule_dates (project_id);
                CREATE TABLE project_schedules (
                    project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
                    start TEXT NOT NULL,
                    finish TEXT NOT NULL
                ) STRICT;
                """
        )
    ]

    /// Registers a refresh of `project`'s stored schedule before the open transaction commits.
    static func invalidate(_ db: Database, project: Int64) throws {
        try db.beforeCommit("schedule/\(project)") { db in try refresh(db, project: project) }
    }

    /// Registers a refresh of the project a record (package, dependency) belongs to, under `field`.
    static func invalidate(_ db: Database, owner record: ResourceHooks.Values?, field: String = "project") throws {
        if case .int(let project)? = record?[field] { try invalidate(db, project: project) }
    }

    /// Registers a refresh of every project that schedules with `calendar` (its own, or the default one when
    /// `isDefault`).
    static func invalidate(_ db: Database, calendar: Int64, isDefault: Bool) throws {
        var projects: [Int64] = []
        try db.forEach(
            "SELECT id FROM projects WHERE calendar_id = ? OR (? AND calendar_id IS NULL)",
            [calendar, isDefault ? Int64(1) : Int64(0)]
        ) { projects.append(try $0.get(0, as: Int64.self)) }
        for p in projects { try invalidate(db, project: p) }
    }

    /// Every project's schedule computed again (after the migration that made the store).
    static func refreshAll(_ db: Database) throws {
        var projects: [Int64] = []
        try db.forEach("SELECT id FROM projects") { projects.append(try $0.get(0, as: Int64.self)) }
        for p in projects { try refresh(db, project: p) }
    }

    /// Computes `project`'s schedule and stores what differs from the stored one.
    static func refresh(_ db: Database, project: Int64) throws {
        guard try db.queryOne("SELECT 1 FROM projects WHERE id = ?", [project]) != nil else { return }
        let plan: ProjectSchedule?
        do {
            plan = try ProjectSchedule(try ProjectSchedule.read(db, project: project), project: project)
        } catch is DomainError {
            plan = nil  // a cycle or a span past the limit: no dates rather than wrong ones
        }
        // Leaves from the critical path, then each summary over the leaves beneath it (up the parent chain).
        var parents: [Int64: Int64] = [:]
        try db.forEach("SELECT id, parent_id FROM work_packages WHERE project_id = ?", [project]) { row in
            if let parent = try row.get(1, as: Int64?.self) { parents[try row.get(0, as: Int64.self)] = parent }
        }
        let dates = plan?.spans(parents: parents) ?? [:]
        var stored: [Int64: (String?, String?, Int64?)] = [:]
        try db.forEach(
            "SELECT package_id, start, finish, duration FROM schedule_dates WHERE project_id = ?",
            [project]
        ) {
            stored[try $0.get(0, as: Int64.self)] = (
                try $0.get(1, as: String?.self), try $0.get(2, as: String?.self), try $0.get(3, as: Int64?.self)
            )
        }
        for (id, span) in dates {
            let (start, finish) = (CivilDate.string(span.start), CivilDate.string(span.finish))
            // A leaf's working duration in the schedule (summaries have none).
            let duration = plan?.path.times[id].map { Int64($0.earlyFinish - $0.earlyStart) }
            if let was = stored.removeValue(forKey: id), was.0 == start, was.1 == finish, was.2 == duration {
                continue
            }
            try db.execute(
                "INSERT INTO schedule_dates (package_id, project_id, start, finish, duration) VALUES (?, ?, ?, ?, ?) ON CONFLICT (package_id) DO UPDATE SET start = excluded.start, finish = excluded.finish, duration = excluded.duration, project_id = excluded.project_id",
                [
                    SQLiteValue.integer(id), SQLiteValue.integer(project), SQLiteValue.text(start),
                    SQLiteValue.text(finish), duration.map(SQLiteValue.integer) ?? SQLiteValue.null,
                ]
            )
        }
        for id in stored.keys { try db.execute("DELETE FROM schedule_dates WHERE package_id = ?", [id]) }
        if let plan, !plan.leaves.isEmpty {
            try db.execute(
                "INSERT INTO project_schedules (project_id, start, finish) VALUES (?, ?, ?) ON CONFLICT (project_id) DO UPDATE SET start = excluded.start, finish = excluded.finish",
                [project, CivilDate.string(plan.days[0]), CivilDate.string(plan.finishDay)]
            )
        } else {
            try db.execute("DELETE FROM project_schedules WHERE project_id = ?", [project])
        }
        try refreshMilestones(db, project: project, plan: plan)
    }

    /// A milestone's forecast is the latest scheduled finish of the leaves that lead to it (none: no forecast).
    /// A changed forecast is a new version of the milestone, so its ETag and the milestones' list tags change.
    static func refreshMilestones(_ db: Database, project: Int64, plan: ProjectSchedule?) throws {
        var forecasts: [Int64: Int] = [:]
        if let plan {
            for (leaf, milestone) in plan.input.leadsTo {
                guard let t = plan.path.times[leaf] else { continue }
                forecasts[milestone] = max(forecasts[milestone] ?? Int.min, plan.finishDay(t))
            }
        }
        var changed = false
        var rows: [(Int64, String?)] = []
        try db.forEach("SELECT id, forecast_date FROM milestones WHERE project_id = ?", [project]) {
            rows.append((try $0.get(0, as: Int64.self), try $0.get(1, as: String?.self)))
        }
        for (id, was) in rows {
            let now = forecasts[id].map(CivilDate.string)
            guard now != was else { continue }
            try db.execute(
                "UPDATE milestones SET forecast_date = ?, version = version + 1 WHERE id = ?",
                [now.map(SQLiteValue.text) ?? .null, id]
            )
            changed = true
        }
        if changed { try ResourceStore.bumpVersion(db, collection: "milestones") }
    }
}

import HTTPCore
import Storage

/// Projects: the plan (objectives, scope, technologies, schedule, funding, staffing) and a lifecycle.
enum Projects {
    static let statuses = ["proposed", "active", "on_hold", "completed", "cancelled"]
    /// proposed → active ⇄ on_hold; active → completed; cancelled from any open state. A project on hold is
    /// resumed before it is completed (completing is a decision about work in progress, not about paused work).
    /// Completed and cancelled are final: the project and everything that belongs to it (work packages,
    /// dependencies, milestones, deliverables) become read-only history.
    static let lifecycle = Lifecycle(
        field: "status",
        initial: ["proposed", "active"],
        transitions: [
            "proposed": ["active", "cancelled"], "active": ["on_hold", "completed", "cancelled"],
            "on_hold": ["active", "cancelled"], "completed": [], "cancelled": [],
        ],
        frozen: ["completed": ["*"], "cancelled": ["*"]],
        closed: ["completed", "cancelled"]
    )

    static let leaves = "NOT EXISTS (SELECT 1 FROM work_packages c WHERE c.parent_id = w.id)"

    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "projects",
            table: "projects",
            title: "Project",
            group: .projects,
            fields: [
                Field(
                    "key",
                    .pattern("^[A-Z][A-Z0-9]{1,9}$", example: "ERP"),
                    required: true,
                    summary: "Short unique code"
                ).unique().sortable().substringFilter(),
                Field("name", .string, required: true).length(1...200).searchable().sortable().substringFilter(),
                Field("objectives", .text).searchable(),
                Field("scopeStatement", .text),
                Field("technologies", .tags).filterableByScan(),
                Field("systems", .tags).filterableByScan(),
                Field("informationSpecifications", .text),
                Field("sponsor", .reference(collection: "people"), column: "sponsor_id"),
                Field("manager", .reference(collection: "people"), column: "manager_id"),
                Field("plannedStart", .date).sortable(),
                Field("plannedFinish", .date).sortable(),
                Field(
                    "statusDate",
                    .date,
                    summary:
                        "The date progress was reported as of: work not started cannot start before it, work in progress finishes after it by its remaining duration"
                ).since(50).filterableByScan(),
                Field("fundingAmount", .integer, summary: "Minor units of fundingCurrency").range(
                    0...1_000_000_000_000_000
                ).sortable(),
                Field("fundingCurrency", .currency, summary: "The project's currency: budgets and costs are in it")
                    .notFilterable(),
                Field(
                    "fiscalYearStartMonth",
                    .integer,
                    summary: "The month (1-12) its fiscal years start in; January when unset"
                ).range(1...12).since(52).filterableByScan(),
                Field("fundingSource", .string).notFilterable(),
                Field("staffingPlan", .roleCounts),
                Field(
                    "status",
                    .enumeration(statuses),
                    summary: "proposed → active ⇄ on_hold; active → completed; any open state → cancelled"
                ).notNull().sortable(),
                Field("tags", .tags).filterableByScan(),
                Field(
                    "calendar",
                    .reference(collection: "calendars"),
                    column: "calendar_id",
                    summary: "Working calendar of the schedule; the default calendar when null"
                ).since(29),
                Field.derived(
                    "progress",
                    .number,
                    sql: """
                        SELECT coalesce(round(sum(w.estimated_effort_hours * w.percent_complete) \
                        / nullif(sum(w.estimated_effort_hours), 0), 1), 0) FROM work_packages w \
                        WHERE w.project_id = t.id AND \(leaves)
                        """,
                    reads: ["work-packages"],
                    summary: "Percent complete of the WBS leaves, weighted by estimated effort"
                ).filterableByScan(),
                Field.derived(
                    "forecastFinish",
                    .date,
                    sql:
                        "SELECT coalesce((SELECT s.finish FROM project_schedules s WHERE s.project_id = t.id), t.planned_finish)",
                    reads: ["work-packages", "dependencies", "calendars"],
                    summary:
                        "The schedule's finish (the finish of GET …/schedule, from durations, links, calendar, constraints and progress); plannedFinish when there is no work to schedule"
                ).filterableByScan(),
                Field.derived(
                    "overdueMilestones",
                    .integer,
                    sql: """
                        SELECT count(*) FROM milestones m WHERE m.project_id = t.id AND m.achieved_date IS NULL \
                        AND coalesce(m.forecast_date, m.due_date) < date('now')
                        """,
                    reads: ["milestones"],
                    readsToday: true,
                    summary: "Milestones not achieved whose due (or forecast) date has passed"
                ).filterableByScan(),
            ],
            rules: { r, _ in
                var issues: [FieldIssue] = []
                if case .string(let s)? = r["plannedStart"], case .string(let f)? = r["plannedFinish"], f < s {
                    issues.append(
                        FieldIssue(
                            field: "plannedFinish",
                            code: "before_start",
                            message: "must not be before plannedStart"
                        )
                    )
                }
                if r["fundingAmount"] != nil, r["fundingAmount"] != .null,
                    r["fundingCurrency"] == nil || r["fundingCurrency"] == .null
                {
                    issues.append(
                        FieldIssue(
                            field: "fundingCurrency",
                            code: "required",
                            message: "is required when fundingAmount is set"
                        )
                    )
                }
                return issues
            }
        )
        d.hooks.willWrite = { _, _, current, changes in
            if changes["status"] == .null || (current == nil && changes["status"] == nil) {
                if current == nil { changes["status"] = .string("proposed") } else { changes["status"] = nil }
            }
        }
        d.lifecycle = lifecycle
        d.indexes = [
            TableIndex("projects_sponsor", on: ["sponsor_id"], where: "sponsor_id IS NOT NULL", since: 25),
            TableIndex("projects_manager", on: ["manager_id"], where: "manager_id IS NOT NULL", since: 25),
            TableIndex("projects_calendar", on: ["calendar_id"], where: "calendar_id IS NOT NULL", since: 29),
        ]
        d.indexes += SchemaSQL.listIndexes(d, since: 31)
        d.substringIndexSince = 31
        d.searchPrefixesSince = 81
        // Deleting a person checked `projects` for references with a scan of the whole table.
        d.migrations = [
            SchemaSQL.additions(d, version: 25, name: "indexes on sponsor and manager"),
            SchemaSQL.additions(d, version: 29, name: "a working calendar"),
            SchemaSQL.additions(d, version: 31, name: "list indexes and substring index"),
            SchemaSQL.additions(d, version: 50, name: "status date"),
            SchemaSQL.additions(d, version: 52, name: "fiscal year start"),
            SchemaSQL.additions(d, version: 81, name: "prefix indexes for q="),
        ]
        // The planned start, status date and calendar move the schedule.
        d.hooks.didWrite = { db, _, record in
            try ScheduleStore.invalidate(db, owner: record, field: "id")
            return false
        }
        d.hooks.willDelete = { db, record in
            guard case .int(let id)? = record["id"] else { return }
            let packages = try db.scalar(Int.self, "SELECT count(*) FROM work_packages WHERE project_id = ?", [id])
            let milestones = try db.scalar(Int.self, "SELECT count(*) FROM milestones WHERE project_id = ?", [id])
            let deliverables =
                try db.scalar(Int.self, "SELECT count(*) FROM deliverables WHERE project_id = ?", [id])
            if packages + milestones + deliverables > 0 {
                throw DomainError.stillReferenced(
                    "project \(id) still has \(packages) work package(s), \(milestones) milestone(s) and \(deliverables) deliverable(s); delete them first, or cancel the project instead"
                )
            }
        }
        d.routes =
            ProjectPlanController.routes + [
                BudgetReport.route, EarnedValue.route, ProjectStatus.route, StatusReports.trendsRoute,
            ]
        return d
    }
}

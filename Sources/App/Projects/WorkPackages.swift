import HTTPCore
import Storage

/// Work packages: the WBS tree of a project. `wbsCode` (`1`, `1.2`, `1.2.3`) follows the tree and sibling order
/// (`position`); deleting a package deletes its subtree and their dependencies. `wbsPath` and `isLeaf` are kept with
/// it, for the range-join roll-ups of `GET …/wbs` and for clients listing in tree order.
enum WorkPackages {
    static let maxCost: Int64 = 10_000_000_000_000
    static let constraintTypes = ["start_no_earlier_than", "finish_no_later_than", "must_start_on"]
    /// The deepest level a package may sit at (top-level packages are level 1). Each package stores its whole
    /// `wbsPath` (8 bytes a level), so storage and renumbering grow with depth times size; 20 levels is twice what
    /// project-management practice (PMI's WBS standard, MS Project plans) uses, and a 422 `too_deep` refuses a
    /// create or a move that would go below it (a moved subtree is measured by its deepest package).
    static let maxDepth = 20
    /// What a package's stored schedule dates depend on besides the package itself.
    static let scheduleReads = ["work-packages", "dependencies", "projects", "calendars"]

    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "work-packages",
            table: "work_packages",
            title: "Work package",
            group: .projects,
            fields: [
                Field("project", .reference(collection: "projects"), column: "project_id", required: true).owner(),
                Field(
                    "parent",
                    .reference(collection: "work-packages"),
                    column: "parent_id",
                    summary: "Parent package (of the same project); null at the top"
                )
                .cascading().within("project"),
                Field("position", .integer, summary: "1-based place among its siblings; set it to reorder").range(
                    1...1_000_000
                ).filterable(alongside: "project"),
                Field("wbsCode", .string, summary: "Derived from the tree: 1, 1.2, 1.2.3").serverSet()
                    .filterable(alongside: "project"),
                Field(
                    "wbsPath",
                    .string,
                    column: "wbs_path",
                    summary:
                        "wbsCode with zero-padded positions (0000001.0000002): sort=wbsPath lists the tree in WBS order"
                ).serverSet().sortable(),
                Field("isLeaf", .boolean, column: "is_leaf", summary: "Has no sub-packages (what the schedule links)")
                    .serverSet().notNull().defaultSQL("1").filterable(alongside: "project"),
                Field("name", .string, required: true).length(1...200).searchable().sortable().substringFilter(),
                Field("description", .text).searchable(),
                Field("plannedStart", .date, summary: "Hand-entered: the baseline until one is saved, not the plan")
                    .sortable(),
                Field("plannedFinish", .date, summary: "Hand-entered: the baseline until one is saved, not the plan")
                    .sortable(),
                Field.derived(
                    "scheduledStart",
                    .date,
                    sql: "SELECT s.start FROM schedule_dates s WHERE s.package_id = t.id",
                    reads: Self.scheduleReads,
                    summary: "The schedule's start (a summary package: its earliest leaf's), as GET …/schedule shows it"
                ),
                Field.derived(
                    "scheduledFinish",
                    .date,
                    sql: "SELECT s.finish FROM schedule_dates s WHERE s.package_id = t.id",
                    reads: Self.scheduleReads,
                    summary: "The schedule's finish (a summary package: its latest leaf's), as GET …/schedule shows it"
                ),
                Field("durationDays", .integer, summary: "Working duration for the schedule; default: planned dates")
                    .range(0...3650).filterable(alongside: "project"),
                Field("estimatedEffortHours", .number).range(0...10_000_000).filterable(alongside: "project"),
                // At most 10^13 minor units (100 billion in the currency) a package: the roll-ups of GET …/wbs sum
                // them in 64-bit integers, which 9,300 leaves at the old limit of 10^18 overflowed (issue 16); at
                // 10^13, 900,000 leaves fit.
                Field("plannedCost", .integer, summary: "Minor units of costCurrency").range(0...Self.maxCost)
                    .filterable(alongside: "project"),
                Field("actualEffortHours", .number).range(0...10_000_000).filterable(alongside: "project"),
                Field("actualCost", .integer, summary: "Minor units of costCurrency").range(0...Self.maxCost)
                    .filterable(alongside: "project"),
                Field("costCurrency", .currency).filterable(alongside: "project"),
                Field("percentComplete", .integer).range(0...100).filterable(alongside: "project"),
                Field("assignee", .reference(collection: "people"), column: "assignee_id"),
                Field(
                    "milestone",
                    .reference(collection: "milestones"),
                    column: "milestone_id",
                    summary: "The milestone it leads to (of the same project)"
                ).within("project"),
                Field("status", .enumeration(["not_started", "in_progress", "completed", "on_hold", "cancelled"]))
                    .notNull().sortable(),
                Field(
                    "constraintType",
                    .enumeration(Self.constraintTypes),
                    summary:
                        "A date the schedule must respect: start no earlier than, finish no later than, must start on"
                ).since(46).filterable(alongside: "project"),
                Field("constraintDate", .date, summary: "The date of constraintType").since(46)
                    .filterable(alongside: "project"),
                Field("actualStart", .date, summary: "When work began; the schedule keeps it").since(51)
                    .filterable(alongside: "project"),
                Field("actualFinish", .date, summary: "When work ended (with actualStart); the schedule keeps it")
                    .since(51).filterable(alongside: "project"),
                Field(
                    "remainingDays",
                    .integer,
                    summary:
                        "Working days left after the project's status date; default: durationDays × (100 − percentComplete) %"
                ).range(0...3650).since(51).filterable(alongside: "project"),
                Field(
                    "estimateToComplete",
                    .integer,
                    summary:
                        "The cost still to come, minor units of the project's currency (the bottom-up ETC of earned value); default: planned cost less earned value"
                ).range(0...Self.maxCost).since(60).filterable(alongside: "project"),
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
                // Status and percent complete say the same thing: done is 100 %, not started is 0 %.
                let percent: Int64? = if case .int(let p)? = r["percentComplete"] { p } else { nil }
                switch r["status"] {
                case .string("completed")? where percent != 100:
                    issues.append(
                        FieldIssue(
                            field: "percentComplete",
                            code: "contradicts_status",
                            message:
                                "must be 100 when status is 'completed' (it is \(percent.map(String.init) ?? "null"))"
                        )
                    )
                case .string("not_started")? where (percent ?? 0) > 0:
                    issues.append(
                        FieldIssue(
                            field: "percentComplete",
                            code: "contradicts_status",
                            message: "must be 0 or null when status is 'not_started'; set status to 'in_progress'"
                        )
                    )
                default: break
                }
                // Actuals: a finish needs a start and is not before it; a finished package has nothing remaining.
                let actualStart: String? = if case .string(let s)? = r["actualStart"] { s } else { nil }
                if case .string(let finish)? = r["actualFinish"] {
                    if let actualStart, finish < actualStart {
                        issues.append(
                            FieldIssue(
                                field: "actualFinish",
                                code: "before_start",
                                message: "must not be before actualStart"
                            )
                        )
                    } else if actualStart == nil {
                        issues.append(
                            FieldIssue(field: "actualStart", code: "required", message: "is required with actualFinish")
                        )
                    }
                    if case .int(let left)? = r["remainingDays"], left > 0 {
                        issues.append(
                            FieldIssue(
                                field: "remainingDays",
                                code: "contradicts_finish",
                                message: "must be 0 or null once actualFinish is set"
                            )
                        )
                    }
                }
                // A constraint is a type and a date, or neither.
                let hasType = (r["constraintType"] ?? .null) != .null
                let hasDate = (r["constraintDate"] ?? .null) != .null
                if hasType != hasDate {
                    issues.append(
                        FieldIssue(
                            field: hasType ? "constraintDate" : "constraintType",
                            code: "required",
                            message: "a constraint needs both constraintType and constraintDate (or neither)"
                        )
                    )
                }
                return issues
            }
        )
        d.indexes = [
            TableIndex("work_packages_tree", on: ["project_id", "parent_id", "position"]),
            TableIndex("work_packages_parent", on: ["parent_id"]),
            TableIndex("work_packages_assignee", on: ["assignee_id"], where: "assignee_id IS NOT NULL"),
            TableIndex("work_packages_milestone", on: ["milestone_id"], where: "milestone_id IS NOT NULL"),
            TableIndex("work_packages_path", on: ["project_id", "wbs_path"]),
            // Covers the roll-ups of GET …/wbs: a range join over the leaves in path order reads no table row.
            // Replaced `work_packages_leaves` (the same without the currency) in version 90.
            TableIndex(
                "work_packages_rollup",
                on: [
                    "project_id", "is_leaf", "wbs_path", "planned_start", "planned_finish", "estimated_effort_hours",
                    "planned_cost", "actual_effort_hours", "actual_cost", "percent_complete", "cost_currency",
                ],
                since: 90
            ),
        ]
        d.indexes += SchemaSQL.listIndexes(d, since: 32)
        d.substringIndexSince = 32
        d.searchPrefixesSince = 82
        d.migrations = [
            SchemaSQL.additions(d, version: 32, name: "list indexes and substring index"),
            SchemaSQL.additions(d, version: 46, name: "scheduling constraints"),
            SchemaSQL.additions(d, version: 51, name: "actuals: start, finish, remaining duration"),
            SchemaSQL.additions(d, version: 60, name: "earned value: estimate to complete"),
            SchemaSQL.additions(d, version: 82, name: "prefix indexes for q="),
            Migration(
                version: 90,
                name: "work-packages: the roll-up index covers the cost currency",
                sql: "DROP INDEX work_packages_leaves;\n"
                    + SchemaSQL.additions(d, version: 90, name: "").sql!
            ),
        ]
        d.hooks.willWrite = { db, _, current, changes in
            WorkPackages.alignStatusAndPercent(current, &changes)
            try WBS.check(db, current, &changes)
        }
        d.hooks.didWrite = { db, previous, record in
            try ScheduleStore.invalidate(db, owner: record)
            return try WBS.place(db, previous, record)
        }
        d.hooks.didDelete = { db, record in
            guard case .int(let project)? = record["project"] else { return }
            try ScheduleStore.invalidate(db, project: project)
            try WBS.renumber(db, project: project, parent: record["parent"] ?? .null, moving: nil, to: nil)
        }
        return d
    }

    /// Status and percent complete say the same thing, so a write that gives one moves the other with it:
    /// completing a package without saying how much is done means all of it; reporting progress on a package not
    /// started starts it, and reporting 100 % completes it. A write that gives both, contradicting each other, is
    /// refused by the rules (422).
    static func alignStatusAndPercent(_ current: ResourceHooks.Values?, _ changes: inout ResourceHooks.Values) {
        if changes["status"] == .null { changes["status"] = nil }  // absent from a PUT or POST: the default applies
        let status: String =
            if case .string(let s)? = changes["status"] ?? current?["status"] { s } else { "not_started" }
        if changes["status"] == .string("completed"), changes["percentComplete"] == nil,
            current?["status"] != .string("completed")
        {
            changes["percentComplete"] = .int(100)
        }
        guard changes["status"] == nil, case .int(let percent)? = changes["percentComplete"]
        else { return }
        if percent == 100, status != "cancelled" {
            changes["status"] = .string("completed")
        } else if percent > 0, status == "not_started" || status == "completed" {
            changes["status"] = .string("in_progress")
        }
    }
}

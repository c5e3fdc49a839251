import HTTPCore
import Storage

/// Work packages: the WBS tree of a project. `wbsCode` (`1`, `1.2`, `1.2.3`) follows the tree and sibling order
/// (`position`); deleting a package deletes its subtree and their dependencies. `wbsPath` and `isLeaf` are kept with
/// it, for the range-join roll-ups of `GET …/wbs` and for clients listing in tree order.
enum WorkPackages {
    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "work-packages",
            table: "work_packages",
            title: "Work package",
            group: .projects,
            fields: [
                Field("project", .reference(collection: "projects"), column: "project_id", required: true),
                Field(
                    "parent",
                    .reference(collection: "work-packages"),
                    column: "parent_id",
                    summary: "Parent package; null at the top"
                )
                .cascading(),
                Field("position", .integer, summary: "1-based place among its siblings; set it to reorder").range(
                    1...1_000_000
                ),
                Field("wbsCode", .string, summary: "Derived from the tree: 1, 1.2, 1.2.3").serverSet(),
                Field(
                    "wbsPath",
                    .string,
                    column: "wbs_path",
                    summary:
                        "wbsCode with zero-padded positions (0000001.0000002): sort=wbsPath lists the tree in WBS order"
                ).serverSet(),
                Field("isLeaf", .boolean, column: "is_leaf", summary: "Has no sub-packages (what the schedule links)")
                    .serverSet(),
                Field("name", .string, required: true).length(1...200).searchable(),
                Field("description", .text).searchable(),
                Field("plannedStart", .date),
                Field("plannedFinish", .date),
                Field("durationDays", .integer, summary: "Working duration for the schedule; default: planned dates")
                    .range(0...3650),
                Field("estimatedEffortHours", .number).range(0...10_000_000),
                Field("plannedCost", .integer, summary: "Minor units of costCurrency").range(0...1_000_000_000_000_000),
                Field("actualEffortHours", .number).range(0...10_000_000),
                Field("actualCost", .integer).range(0...1_000_000_000_000_000),
                Field("costCurrency", .currency),
                Field("percentComplete", .integer).range(0...100),
                Field("assignee", .reference(collection: "people"), column: "assignee_id"),
                Field(
                    "milestone",
                    .reference(collection: "milestones"),
                    column: "milestone_id",
                    summary: "The milestone it leads to"
                ),
                Field("status", .enumeration(["not_started", "in_progress", "completed", "on_hold", "cancelled"])),
            ],
            rules: { r, _ in
                if case .string(let s)? = r["plannedStart"], case .string(let f)? = r["plannedFinish"], f < s {
                    return [
                        FieldIssue(
                            field: "plannedFinish",
                            code: "before_start",
                            message: "must not be before plannedStart"
                        )
                    ]
                }
                return []
            }
        )
        d.hooks.willWrite = { db, current, changes in try WBS.check(db, current, &changes) }
        d.hooks.didWrite = { db, previous, record in try WBS.place(db, previous, record) }
        d.hooks.didDelete = { db, record in
            guard case .int(let project)? = record["project"] else { return }
            try WBS.renumber(db, project: project, parent: record["parent"] ?? .null, moving: nil, to: nil)
        }
        return d
    }
}

import Foundation
import HTTPCore
import Storage

/// Milestones: due date, the baseline set when first planned, forecast and achieved dates; slippage derived.
enum Milestones {
    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "milestones",
            table: "milestones",
            title: "Milestone",
            group: .projects,
            fields: [
                Field("project", .reference(collection: "projects"), column: "project_id", required: true).owner(),
                Field("name", .string, required: true).length(1...200).searchable().sortable().substringFilter(),
                Field("dueDate", .date, required: true).sortable(),
                Field("baselineDate", .date, summary: "The due date when first planned; set by the server").serverSet()
                    .filterable(alongside: "project"),
                Field(
                    "forecastDate",
                    .date,
                    summary:
                        "The schedule's finish of the work packages that lead to it (their milestone); set by the server"
                ).serverSet().filterable(alongside: "project"),
                Field("achievedDate", .date).filterable(alongside: "project"),
                Field(
                    "status",
                    .enumeration(["planned", "at_risk", "achieved", "missed"]),
                    summary: "achieved exactly when achievedDate is set (setting achievedDate sets it)"
                ).notNull().sortable(),
                Field.derived(
                    "slippageDays",
                    .integer,
                    sql:
                        "CAST(julianday(coalesce(t.achieved_date, t.forecast_date, t.due_date)) - julianday(t.baseline_date) AS INTEGER)",
                    summary: "Days between the baseline and the achieved (else forecast, else due) date"
                ).filterable(alongside: "project"),
            ],
            rules: { r, _ in
                var issues: [FieldIssue] = []
                let achieved = r["status"] == .string("achieved")
                switch r["achievedDate"] {
                case .string(let date)?:
                    if !achieved {
                        issues.append(
                            FieldIssue(
                                field: "status",
                                code: "contradicts_achieved_date",
                                message: "must be 'achieved' while achievedDate is set; clear achievedDate first"
                            )
                        )
                    }
                    // Today anywhere on Earth: UTC's tomorrow is already today east of UTC+0.
                    let today = Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
                    if date > CivilDate.string(today + 1) {
                        issues.append(
                            FieldIssue(field: "achievedDate", code: "in_future", message: "must not be in the future")
                        )
                    }
                default:
                    if achieved {
                        issues.append(
                            FieldIssue(
                                field: "achievedDate",
                                code: "required",
                                message: "is required when status is 'achieved'"
                            )
                        )
                    }
                }
                return issues
            }
        )
        d.indexes = [TableIndex("milestones_project", on: ["project_id", "due_date"])]
        d.indexes += SchemaSQL.listIndexes(d, since: 34)
        d.substringIndexSince = 34
        d.searchPrefixesSince = 83
        d.migrations = [
            SchemaSQL.additions(d, version: 34, name: "list indexes and substring index"),
            SchemaSQL.additions(d, version: 83, name: "prefix indexes for q="),
        ]
        d.lifecycle = Lifecycle(
            field: "status",
            initial: ["planned", "at_risk", "achieved", "missed"],
            transitions: [
                "planned": ["at_risk", "achieved", "missed"], "at_risk": ["planned", "achieved", "missed"],
                "missed": ["achieved", "planned", "at_risk"], "achieved": ["planned", "at_risk", "missed"],
            ]
        )
        d.hooks.willWrite = { _, _, current, changes in
            if current == nil, case .string(let due)? = changes["dueDate"] { changes["baselineDate"] = .string(due) }
            if changes["status"] == .null || (current == nil && changes["status"] == nil) {
                changes["status"] = current == nil ? .string("planned") : nil
            }
            // Recording the achieved date is recording the achievement.
            if case .string? = changes["achievedDate"], changes["status"] == nil {
                changes["status"] = .string("achieved")
            }
        }
        return d
    }
}

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
                Field("project", .reference(collection: "projects"), column: "project_id", required: true),
                Field("name", .string, required: true).length(1...200).searchable(),
                Field("dueDate", .date, required: true),
                Field("baselineDate", .date, summary: "The due date when first planned; set by the server").serverSet(),
                Field("forecastDate", .date),
                Field("achievedDate", .date),
                Field("status", .enumeration(["planned", "at_risk", "achieved", "missed"])),
                Field.derived(
                    "slippageDays",
                    .integer,
                    sql:
                        "CAST(julianday(coalesce(t.achieved_date, t.forecast_date, t.due_date)) - julianday(t.baseline_date) AS INTEGER)",
                    summary: "Days between the baseline and the achieved (else forecast, else due) date"
                ),
            ]
        )
        d.hooks.willWrite = { _, current, changes in
            if current == nil, case .string(let due)? = changes["dueDate"] { changes["baselineDate"] = .string(due) }
            if changes["status"] == .null || (current == nil && changes["status"] == nil) {
                changes["status"] = current == nil ? .string("planned") : nil
            }
        }
        return d
    }
}

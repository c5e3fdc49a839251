import Foundation
import HTTPCore
import Storage

/// Deliverables and their quality review: draft → submitted → accepted or rejected (by a reviewer other than the
/// submitter, with comments when rejecting); rejected → submitted again. Each step is a change of `status`, so
/// the change journal records who moved it, when, and from what to what.
enum Deliverables {
    /// Accepted is final, and what the review decided freezes with it.
    static let lifecycle = Lifecycle(
        field: "status",
        initial: ["draft"],
        transitions: [
            "draft": ["submitted"], "submitted": ["accepted", "rejected"], "rejected": ["submitted"], "accepted": [],
        ],
        frozen: [
            "accepted": [
                "submittedBy", "reviewer", "reviewComments", "acceptanceCriteria", "name", "description", "milestone",
                "project",
            ]
        ]
    )

    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "deliverables",
            table: "deliverables",
            title: "Deliverable",
            group: .projects,
            fields: [
                Field("project", .reference(collection: "projects"), column: "project_id", required: true).owner(),
                Field("name", .string, required: true).length(1...200).searchable().sortable().substringFilter(),
                Field("description", .text).searchable(),
                Field("acceptanceCriteria", .text),
                Field(
                    "milestone",
                    .reference(collection: "milestones"),
                    column: "milestone_id",
                    summary: "The milestone it is due at (of the same project)"
                ).within("project"),
                Field("owner", .reference(collection: "people"), column: "owner_id"),
                Field(
                    "status",
                    .enumeration(["draft", "submitted", "accepted", "rejected"]),
                    summary: "The review flow"
                ).notNull().sortable(),
                Field(
                    "submittedBy",
                    .reference(collection: "people"),
                    column: "submitted_by_id",
                    summary: "The person behind the API key that submitted it"
                ).serverSet(),
                Field(
                    "reviewer",
                    .reference(collection: "people"),
                    column: "reviewer_id",
                    summary: "The person behind the API key that accepted or rejected it"
                ).serverSet(),
                Field("reviewComments", .text),
                Field("submittedAt", .datetime).serverSet().filterable(alongside: "project"),
                Field("reviewedAt", .datetime).serverSet().filterable(alongside: "project"),
            ],
            rules: { r, _ in
                var issues: [FieldIssue] = []
                let status: String = if case .string(let s)? = r["status"] { s } else { "draft" }
                let submitter = r["submittedBy"] ?? .null
                let reviewer = r["reviewer"] ?? .null
                if status != "draft" && submitter == .null {
                    issues.append(
                        FieldIssue(field: "submittedBy", code: "required", message: "is required once submitted")
                    )
                }
                if status == "accepted" || status == "rejected" {
                    if reviewer == .null {
                        issues.append(
                            FieldIssue(field: "reviewer", code: "required", message: "is required to accept or reject")
                        )
                    } else if reviewer == submitter {
                        issues.append(
                            FieldIssue(
                                field: "reviewer",
                                code: "same_as_submitter",
                                message: "must be someone other than the submitter"
                            )
                        )
                    }
                }
                let comments: String = if case .string(let c)? = r["reviewComments"] { c } else { "" }
                if status == "rejected", comments.allSatisfy(\.isWhitespace) {
                    issues.append(
                        FieldIssue(field: "reviewComments", code: "required", message: "say why it was rejected")
                    )
                }
                return issues
            }
        )
        d.hooks.willWrite = { _, actor, current, changes in
            if changes["status"] == .null || (current == nil && changes["status"] == nil) {
                changes["status"] = current == nil ? .string("draft") : nil
            }
            guard let current, case .string(let next)? = changes["status"], changes["status"] != current["status"]
            else { return }
            let now = JSONValue.string(SQLiteDateFormat.format(Date()))
            // Who submits and who reviews is the person behind the request's API key, never an id in the body.
            if next == "submitted" {
                changes["submittedBy"] = .int(try actor.requirePerson(for: "Submitting a deliverable"))
                changes["submittedAt"] = now
                // A resubmission starts a new review: the last one's reviewer and comments stay in the history.
                changes["reviewer"] = .null
                if changes["reviewComments"] == nil { changes["reviewComments"] = .null }
                changes["reviewedAt"] = .null
            } else if next == "accepted" || next == "rejected" {
                let reviewer = try actor.requirePerson(for: "Reviewing a deliverable")
                if current["submittedBy"] == .int(reviewer) {
                    throw DomainError.forbidden(
                        "person \(reviewer) submitted this deliverable; someone else must review it"
                    )
                }
                changes["reviewer"] = .int(reviewer)
                changes["reviewedAt"] = now
            }
        }
        d.lifecycle = lifecycle
        d.indexes =
            [TableIndex("deliverables_project", on: ["project_id"])]
            + ["milestone_id", "owner_id", "submitted_by_id", "reviewer_id"].map {
                TableIndex("deliverables_\($0.dropLast(3))", on: [$0], where: "\($0) IS NOT NULL", since: 26)
            }
        d.indexes += SchemaSQL.listIndexes(d, since: 35)
        d.substringIndexSince = 35
        d.searchPrefixesSince = 84
        // Deleting a person or a milestone checked `deliverables` with a scan of the whole table.
        d.migrations = [
            SchemaSQL.additions(d, version: 26, name: "indexes on its references"),
            SchemaSQL.additions(d, version: 35, name: "list indexes and substring index"),
            SchemaSQL.additions(d, version: 84, name: "prefix indexes for q="),
        ]
        return d
    }
}

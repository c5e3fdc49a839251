import Storage

/// The impact of a change request on the plan, one package at a time: `add` a package (with its name, an existing
/// `parent`, duration, cost, dates), `change` fields of `workPackage`, or `remove` it (with its subtree and links).
/// `predecessor` links an existing leaf package to the added or changed one (finish-to-start). Packages are named
/// by id, not as references: a package the change removes stays named in the request's history. Items change only
/// while their request is `proposed`; they are applied in id order.
enum ChangeItems {
    static let actions = ["add", "change", "remove"]
    /// The package fields an item may set, as a work package names them.
    static let packageFields = ["name", "parent", "durationDays", "plannedCost", "plannedStart", "plannedFinish"]

    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "change-items",
            table: "change_items",
            title: "Change item",
            group: .projects,
            fields: [
                Field(
                    "changeRequest",
                    .reference(collection: "change-requests"),
                    column: "change_request_id",
                    required: true
                ).owner().cascading().immutableAfterCreate(),
                Field("action", .enumeration(actions), required: true).immutableAfterCreate()
                    .filterable(alongside: "changeRequest"),
                Field(
                    "workPackage",
                    .integer,
                    column: "work_package_id",
                    summary: "The package to change or remove (of the request's project)"
                ).immutableAfterCreate().filterable(alongside: "changeRequest"),
                Field("name", .string, summary: "The package's name (required to add one)").length(1...200)
                    .notFilterable(),
                Field("parent", .integer, column: "parent_id", summary: "An existing package to place it under")
                    .notFilterable(),
                Field("durationDays", .integer).range(0...3650).notFilterable(),
                Field("plannedCost", .integer, summary: "Minor units of the project's currency").range(
                    0...WorkPackages.maxCost
                ).notFilterable(),
                Field("plannedStart", .date).notFilterable(),
                Field("plannedFinish", .date).notFilterable(),
                Field(
                    "predecessor",
                    .integer,
                    column: "predecessor_id",
                    summary: "An existing leaf package the added or changed one follows (finish-to-start)"
                ).notFilterable(),
            ],
            rules: { r, db in try issues(r, db) }
        )
        d.indexes += SchemaSQL.listIndexes(d, since: 66)
        // Created by migration 66 (`ChangeRequests.definition`).
        return d
    }

    static func issues(_ r: [String: JSONValue], _ db: Database) throws -> [FieldIssue] {
        guard case .int(let request)? = r["changeRequest"], case .string(let action)? = r["action"],
            let project = try db.queryOne("SELECT project_id FROM change_requests WHERE id = ?", [request]).map({
                try $0.get(0, as: Int64.self)
            })
        else { return [] }
        var issues: [FieldIssue] = []
        func given(_ name: String) -> Bool { (r[name] ?? .null) != .null }
        func package(_ name: String) throws {
            guard case .int(let id)? = r[name] else { return }
            guard
                let owner = try db.queryOne("SELECT project_id FROM work_packages WHERE id = ?", [id]).map({
                    try $0.get(0, as: Int64.self)
                })
            else {
                issues.append(FieldIssue(field: name, code: "not_found", message: "no work package has id \(id)"))
                return
            }
            if owner != project {
                issues.append(
                    FieldIssue(
                        field: name,
                        code: "other_project",
                        message: "work package \(id) belongs to project \(owner), not the request's project \(project)"
                    )
                )
            }
        }
        switch action {
        case "add":
            if !given("name") {
                issues.append(FieldIssue(field: "name", code: "required", message: "is required to add a package"))
            }
            if given("workPackage") {
                issues.append(
                    FieldIssue(
                        field: "workPackage",
                        code: "not_allowed",
                        message: "an added package has no id yet; leave it out (name a parent instead)"
                    )
                )
            }
        default:
            if !given("workPackage") {
                issues.append(
                    FieldIssue(field: "workPackage", code: "required", message: "is required to \(action) a package")
                )
            }
            let set = (packageFields + ["predecessor"]).filter(given)
            if action == "remove", let first = set.first {
                issues.append(
                    FieldIssue(field: first, code: "not_allowed", message: "a removal names only the workPackage")
                )
            }
            if action == "change" && set.isEmpty {
                issues.append(
                    FieldIssue(
                        field: "workPackage",
                        code: "no_change",
                        message: "say what changes: \((packageFields + ["predecessor"]).joined(separator: ", "))"
                    )
                )
            }
        }
        for name in ["workPackage", "parent", "predecessor"] { try package(name) }
        return issues
    }
}

import HTTPCore
import Storage

/// Annual budgets: per project, fiscal year and category, an amount in the project's currency (its
/// `fundingCurrency`). A fiscal year is named by the calendar year it starts in and starts in the project's
/// `fiscalYearStartMonth` (January when unset): FY 2027 with April is April 2027 to March 2028. Revisions are
/// PATCHes, each kept by the journal (`/history`). `GET /api/v1/projects/{id}/budget-vs-actual` sets them against
/// the cost entries.
enum Budgets {
    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "budgets",
            table: "budgets",
            title: "Budget",
            group: .projects,
            fields: [
                Field("project", .reference(collection: "projects"), column: "project_id", required: true).owner()
                    .immutableAfterCreate(),
                Field("fiscalYear", .integer, required: true, summary: "Named by the calendar year it starts in")
                    .range(1900...2200).immutableAfterCreate().filterable(alongside: "project"),
                Field("category", .string, required: true, summary: "A code of GET /api/v1/budget-categories")
                    .length(1...30).immutableAfterCreate().filterable(alongside: "project"),
                Field("amount", .integer, required: true, summary: "Minor units of currency").range(
                    0...Money.maxAmount
                ).filterable(alongside: "project"),
                Field("currency", .currency, required: true, summary: "The project's currency (its fundingCurrency)")
                    .notFilterable(),
                Field("note", .text),
            ],
            rules: { record, db in
                try Money.projectCurrencyIssues(record, db) + BudgetCategories.issues(record, db)
            }
        )
        d.uniqueTogether = [["project_id", "fiscal_year", "category"]]
        d.indexes += SchemaSQL.listIndexes(d, since: 53)
        d.migrations = [SchemaSQL.createTable(d, version: 53)]
        return d
    }
}

extension Money {
    /// The project's currency, or nil when it has none yet.
    static func projectCurrency(_ db: Database, _ project: Int64) throws -> String? {
        try db.queryOne("SELECT funding_currency FROM projects WHERE id = ?", [project]).flatMap {
            try $0.get(0, as: String?.self)
        }
    }

    /// An amount in a project's currency: the project must have one, and the record's must be it.
    static func projectCurrencyIssues(_ record: [String: JSONValue], _ db: Database) throws -> [FieldIssue] {
        guard case .int(let project)? = record["project"], case .string(let currency)? = record["currency"] else {
            return []
        }
        guard let own = try projectCurrency(db, project) else {
            return [
                FieldIssue(
                    field: "project",
                    code: "no_currency",
                    message: "project \(project) has no currency yet: set its fundingCurrency first"
                )
            ]
        }
        guard own == currency else {
            return [
                FieldIssue(
                    field: "currency",
                    code: "other_currency",
                    message: "must be the project's currency, \(own); amounts of different currencies are never added"
                )
            ]
        }
        return []
    }
}

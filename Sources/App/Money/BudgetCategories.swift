import Storage

/// The categories of budgets and cost entries: the six of `Money.categories` to begin with (migration 68 seeds
/// them), and those admins add (`group: .reference`: anyone who reads project records reads them, admins write).
/// A category's `code` is what budgets and costs name and never changes; one in use cannot be deleted (409).
enum BudgetCategories {
    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "budget-categories",
            table: "budget_categories",
            title: "Budget category",
            group: .reference,
            fields: [
                Field(
                    "code",
                    .pattern("^[a-z][a-z0-9_]{1,29}$", example: "licences"),
                    required: true,
                    summary: "What budgets and cost entries name: 2-30 lower-case letters, digits or _"
                ).unique().sortable().immutableAfterCreate(),
                Field("name", .string, required: true).length(1...100).sortable(),
                Field("description", .text),
            ]
        )
        d.indexes += SchemaSQL.listIndexes(d, since: 68)
        let create = SchemaSQL.createTable(d, version: 68)
        let seed = Money.categories.map { code in
            "INSERT INTO budget_categories (version, created_at, updated_at, code, name) VALUES "
                + "(1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                + "'\(code)', '\(code.prefix(1).uppercased() + code.dropFirst())');\n"
        }.joined()
        d.migrations = [
            Migration(version: 68, name: create.name + " and the six first", sql: (create.sql ?? "") + seed)
        ]
        d.hooks.willDelete = { db, record in
            guard case .string(let code)? = record["code"] else { return }
            var places: [String] = []
            for (table, collection) in [("budgets", "budgets"), ("cost_entries", "cost-entries")] {
                let n = try db.scalar(Int.self, "SELECT count(*) FROM \(table) WHERE category = ?", [code])
                if n > 0 { places.append("\(n) \(collection)") }
            }
            if !places.isEmpty {
                throw DomainError.stillReferenced(
                    "budget category '\(code)' is used by \(places.joined(separator: " and ")); it cannot be deleted"
                )
            }
        }
        return d
    }

    /// The codes, in the order they were added (the six first).
    static func codes(_ db: Database) throws -> [String] {
        var codes: [String] = []
        try db.forEach("SELECT code FROM budget_categories ORDER BY id") { codes.append(try $0.get(0)) }
        return codes
    }

    /// A record's `category` must name a budget category (422 listing them).
    static func issues(_ record: [String: JSONValue], _ db: Database) throws -> [FieldIssue] {
        guard case .string(let code)? = record["category"],
            try db.queryOne("SELECT 1 FROM budget_categories WHERE code = ?", [code]) == nil
        else { return [] }
        return [
            FieldIssue(
                field: "category",
                code: "not_found",
                message:
                    "no budget category '\(code)'; the categories are \(try codes(db).joined(separator: ", ")) (GET /api/v1/budget-categories; admins add more)"
            )
        ]
    }
}

import Storage

/// The directory of people that projects, work packages and reviews refer to.
enum People {
    static let definition: ResourceDefinition = {
        var d = base
        // Lists at a million people: an index per sortable or filterable field, trigrams for substrings.
        d.indexes = SchemaSQL.listIndexes(d, since: 30)
        d.substringIndexSince = 30
        d.searchPrefixesSince = 80
        d.migrations = [
            SchemaSQL.additions(d, version: 30, name: "list indexes and substring index"),
            SchemaSQL.additions(d, version: 80, name: "prefix indexes for q="),
        ]
        return d
    }()

    static let base = ResourceDefinition(
        collection: "people",
        table: "people",
        title: "Person",
        group: .projects,
        fields: [
            Field("name", .string, required: true, summary: "Full name").length(1...200).searchable().sortable()
                .substringFilter(),
            Field("email", .email, required: true, summary: "Unique work email address").length(3...254)
                .unique(ignoringCase: true).sortable().substringFilter(),
            Field("title", .string, summary: "Job title").length(1...200).searchable().sortable().substringFilter(),
            Field("onetCode", .onetCode, summary: "O*NET-SOC code of the person's occupation, e.g. 15-1299.09"),
            Field("hourlyCostRate", .integer, summary: "Cost of an hour of work, in minor units of costCurrency")
                .range(0...100_000_000).sortable(),
            Field("costCurrency", .currency, summary: "ISO 4217 currency of hourlyCostRate").notFilterable(),
        ],
        rules: { record, db in
            var issues: [FieldIssue] = []
            if record["hourlyCostRate"] != nil && record["hourlyCostRate"] != .null
                && (record["costCurrency"] == nil || record["costCurrency"] == .null)
            {
                issues.append(
                    FieldIssue(
                        field: "costCurrency",
                        code: "required",
                        message: "is required when hourlyCostRate is set"
                    )
                )
            }
            if case .string(let code)? = record["onetCode"],
                try db.queryOne("SELECT 1 FROM occupations WHERE code = ?", [code]) == nil
            {
                issues.append(
                    FieldIssue(
                        field: "onetCode",
                        code: "not_found",
                        message: "no career has code \(code); see GET /api/v1/careers?q=…"
                    )
                )
            }
            return issues
        }
    )
}

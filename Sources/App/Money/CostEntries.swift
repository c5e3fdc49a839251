import HTTPCore
import Storage

/// Actual costs: a dated amount of a category, optionally against a work package, a vendor and an invoice. An
/// amount may be in another currency than the project's if it carries `exchangeRate`, the project-currency units
/// one unit of it is worth (`"1.0825"`); `projectAmount` is then the amount converted, in the project's minor units,
/// rounded half to even. A negative amount is a credit.
enum CostEntries {
    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "cost-entries",
            table: "cost_entries",
            title: "Cost entry",
            group: .projects,
            fields: [
                Field("project", .reference(collection: "projects"), column: "project_id", required: true).owner()
                    .immutableAfterCreate(),
                Field(
                    "workPackage",
                    .reference(collection: "work-packages"),
                    column: "work_package_id",
                    summary: "The package the cost belongs to (of the same project)"
                ).within("project"),
                Field("date", .date, required: true).sortable(),
                Field("category", .enumeration(Money.categories), required: true).filterable(alongside: "project"),
                Field("amount", .integer, required: true, summary: "Minor units of currency; negative for a credit")
                    .range(-Money.maxAmount...Money.maxAmount).filterable(alongside: "project"),
                Field("currency", .currency, required: true).notFilterable(),
                Field(
                    "exchangeRate",
                    .pattern(#"^[0-9]{1,6}(\.[0-9]{1,6})?$"#, example: "1.0825"),
                    summary: "Project-currency units per unit of currency; required when they differ"
                ).notFilterable(),
                Field("projectAmount", .integer, summary: "The amount in the project's currency (minor units)")
                    .serverSet().notNull().filterable(alongside: "project"),
                Field("vendor", .string).length(1...200).filterable(alongside: "project"),
                Field("invoiceReference", .string).length(1...100).filterable(alongside: "project"),
            ]
        )
        d.indexes = [
            TableIndex("cost_entries_project_date", on: ["project_id", "date"]),
            TableIndex("cost_entries_work_package", on: ["work_package_id"], where: "work_package_id IS NOT NULL"),
        ]
        d.indexes += SchemaSQL.listIndexes(d, since: 54)
        // Earned value and budget vs actual sum a project's entries up to a date by package, category or day:
        // with the amounts in the index they read no table row (50,000 entries: see README, Benchmarks).
        d.indexes.append(
            TableIndex(
                "cost_entries_project_date_amounts",
                on: ["project_id", "date", "work_package_id", "category", "project_amount"],
                since: 63
            )
        )
        d.migrations = [
            SchemaSQL.createTable(d, version: 54),
            SchemaSQL.additions(d, version: 63, name: "cost entries: amounts by project and date, covered"),
        ]
        d.hooks.willWrite = { db, _, current, changes in
            let merged = (current ?? [:]).merging(changes) { _, new in new }
            guard case .int(let project)? = merged["project"], case .string(let currency)? = merged["currency"],
                case .int(let amount)? = merged["amount"]
            else { return }
            guard let own = try Money.projectCurrency(db, project) else {
                throw DomainError.invalid([
                    FieldIssue(
                        field: "project",
                        code: "no_currency",
                        message: "project \(project) has no currency yet: set its fundingCurrency first"
                    )
                ])
            }
            let rate: String? = if case .string(let r)? = merged["exchangeRate"] { r } else { nil }
            if currency == own {
                guard rate == nil || Money.micros(rate!) == 1_000_000 else {
                    throw DomainError.invalid([
                        FieldIssue(
                            field: "exchangeRate",
                            code: "not_needed",
                            message: "must be left out (or 1) for an amount in the project's currency, \(own)"
                        )
                    ])
                }
                changes["projectAmount"] = .int(amount)
                return
            }
            guard let rate, let micros = Money.micros(rate) else {
                throw DomainError.invalid([
                    FieldIssue(
                        field: "exchangeRate",
                        code: "required",
                        message:
                            "is required for an amount in \(currency): how many \(own) one \(currency) is worth, e.g. \"1.0825\""
                    )
                ])
            }
            guard let converted = Money.convert(amount, from: currency, to: own, rateMicros: micros) else {
                throw DomainError.invalid([
                    FieldIssue(
                        field: "amount",
                        code: "out_of_range",
                        message:
                            "converted to \(own) at \(rate) it is beyond the \(Money.maxAmount) minor units a cost may hold"
                    )
                ])
            }
            changes["projectAmount"] = .int(converted)
        }
        return d
    }
}

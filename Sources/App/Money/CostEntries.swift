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
                Field("category", .string, required: true, summary: "A code of GET /api/v1/budget-categories")
                    .length(1...30).filterable(alongside: "project"),
                Field(
                    "amount",
                    .integer,
                    summary:
                        "Minor units of currency; negative for a credit. Required, unless effortHours prices the work of person"
                ).notNull().range(-Money.maxAmount...Money.maxAmount).filterable(alongside: "project"),
                Field("currency", .currency, summary: "Required, unless effortHours gives the person's costCurrency")
                    .notNull().notFilterable(),
                Field(
                    "exchangeRate",
                    .pattern(#"^[0-9]{1,6}(\.[0-9]{1,6})?$"#, example: "1.0825"),
                    summary: "Project-currency units per unit of currency; required when they differ"
                ).notFilterable(),
                Field("projectAmount", .integer, summary: "The amount in the project's currency (minor units)")
                    .serverSet().notNull().filterable(alongside: "project"),
                Field("vendor", .string).length(1...200).filterable(alongside: "project"),
                Field("invoiceReference", .string).length(1...100).filterable(alongside: "project"),
                Field(
                    "person",
                    .reference(collection: "people"),
                    column: "person_id",
                    summary: "Whose work a labour cost is"
                ).since(67).filterable(alongside: "project"),
                Field(
                    "effortHours",
                    .pattern(#"^[0-9]{1,6}(\.[0-9]{1,2})?$"#, example: "7.5"),
                    summary:
                        "Hours of work of person (at most 2 decimals): the amount is then effortHours × their hourlyCostRate, in their costCurrency"
                ).since(67).notFilterable(),
            ],
            rules: { record, db in try BudgetCategories.issues(record, db) }
        )
        d.indexes = [
            TableIndex("cost_entries_project_date", on: ["project_id", "date"]),
            TableIndex("cost_entries_work_package", on: ["work_package_id"], where: "work_package_id IS NOT NULL"),
            TableIndex("cost_entries_person", on: ["person_id"], where: "person_id IS NOT NULL", since: 67),
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
            SchemaSQL.additions(d, version: 67, name: "labour cost: person and effort hours"),
        ]
        d.hooks.willWrite = { db, _, current, changes in
            try labour(db, current, &changes)
            let merged = (current ?? [:]).merging(changes) { _, new in new }
            for name in ["amount", "currency"] where (merged[name] ?? .null) == .null {
                throw DomainError.invalid([
                    FieldIssue(
                        field: name,
                        code: "required",
                        message: "is required, unless effortHours prices the work of a person with an hourlyCostRate"
                    )
                ])
            }
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

    /// Labour priced from effort: with `effortHours` and a `person` whose `hourlyCostRate` (minor units of their
    /// `costCurrency` an hour) is set, the amount is hours × rate, rounded half to even, in that currency (then
    /// converted like any amount, with `exchangeRate`, when it is not the project's). Worked out when the entry is
    /// created or its hours or person change; a later change of the person's rate does not reprice it. A given
    /// amount or currency must agree (422).
    static func labour(_ db: Database, _ current: ResourceHooks.Values?, _ changes: inout ResourceHooks.Values) throws {
        let merged = (current ?? [:]).merging(changes) { _, new in new }
        guard case .string(let hours)? = merged["effortHours"] else { return }
        func refuse(_ field: String, _ code: String, _ message: String) -> DomainError {
            .invalid([FieldIssue(field: field, code: code, message: message)])
        }
        guard current == nil || changes["effortHours"] != nil || changes["person"] != nil else {
            // The amount of priced labour follows its hours: a new amount alone would contradict them.
            for name in ["amount", "currency"] {
                if let given = changes[name], given != .null, given != current?[name] {
                    throw refuse(
                        name,
                        "contradicts_effort",
                        "follows effortHours × the person's rate; change effortHours, or set it to null to give an \(name)"
                    )
                }
            }
            return
        }
        guard case .int(let person)? = merged["person"] else {
            throw refuse("person", "required", "is required with effortHours: whose rate prices the hours")
        }
        guard merged["category"] == .string("labour") else {
            throw refuse("category", "not_labour", "must be 'labour' for a cost priced from effortHours")
        }
        guard
            let row = try db.queryOne("SELECT hourly_cost_rate, cost_currency FROM people WHERE id = ?", [person])
        else { return }  // the reference check reports a person who does not exist
        guard let rate = try row.get(0, as: Int64?.self), let rateCurrency = try row.get(1, as: String?.self) else {
            throw refuse(
                "person",
                "no_rate",
                "person \(person) has no hourlyCostRate and costCurrency: set them, or give amount and currency instead of effortHours"
            )
        }
        let parts = hours.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count == 2 ? String(parts[1]).padding(toLength: 2, withPad: "0", startingAt: 0) : "00"
        let hundredths = (Int64(parts[0]) ?? 0) * 100 + (Int64(fraction) ?? 0)
        let priced = Money.divideHalfEven(Int128(hundredths) * Int128(rate), 100)
        guard priced <= Int128(Money.maxAmount) else {
            throw refuse(
                "effortHours",
                "out_of_range",
                "\(hours) h × \(rate) is beyond the \(Money.maxAmount) minor units a cost may hold"
            )
        }
        let amount = Int64(priced)
        if let given = changes["amount"], given != .null, given != .int(amount) {
            throw refuse(
                "amount",
                "contradicts_effort",
                "is effortHours × person \(person)'s hourlyCostRate = \(hours) × \(rate) = \(amount); leave it out"
            )
        }
        if let given = changes["currency"], given != .null, given != .string(rateCurrency) {
            throw refuse(
                "currency",
                "contradicts_effort",
                "is person \(person)'s costCurrency, \(rateCurrency); leave it out"
            )
        }
        changes["amount"] = .int(amount)
        changes["currency"] = .string(rateCurrency)
    }
}

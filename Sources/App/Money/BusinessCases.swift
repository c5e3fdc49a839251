import Foundation
import HTTPCore
import Storage

/// Business cases: per project, the cash flows of an investment by period (years or months, period 0 being its
/// start) in the project's currency, the discount rate per period (a decimal string, never a binary float), and
/// scenarios (the cash flows carry a scenario name: `worst`, `expected`, `best`, or any other). The case goes
/// draft → submitted → approved or rejected (rejected → draft to revise it; submitted → draft to withdraw it);
/// who submits and who decides is the person behind the request's API key. While submitted or approved its cash
/// flows cannot change (approved is final). `GET /api/v1/business-cases/{id}/analysis` computes NPV, IRR, ROI,
/// simple and discounted payback and the benefit-cost ratio of each scenario and compares them.
enum BusinessCases {
    /// The largest period a cash flow may name: 600 months or years (50 years of monthly flows).
    static let maxPeriod: Int64 = 600
    /// Cash flows a business case may hold (all scenarios together): what one analysis reads.
    static let maxCashFlows = 5_000
    /// Scenarios a business case may compare.
    static let maxScenarios = 20

    static let lifecycle = Lifecycle(
        field: "status",
        initial: ["draft"],
        transitions: [
            "draft": ["submitted"], "submitted": ["approved", "rejected", "draft"], "rejected": ["draft"],
            "approved": [],
        ],
        frozen: ["approved": ["*"]],
        closed: ["submitted", "approved"]
    )

    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "business-cases",
            table: "business_cases",
            title: "Business case",
            group: .projects,
            fields: [
                Field("project", .reference(collection: "projects"), column: "project_id", required: true).owner()
                    .immutableAfterCreate(),
                Field("name", .string, required: true, summary: "Unique in its project").length(1...200).sortable(),
                Field("description", .text),
                Field(
                    "periodUnit",
                    .enumeration(["year", "month"]),
                    summary: "What a period of the cash flows is; period 0 is the start (not discounted)"
                ).notNull().defaultSQL("'year'").filterable(alongside: "project"),
                Field(
                    "discountRate",
                    .pattern(#"^[0-9]{1,2}(\.[0-9]{1,8})?$"#, example: "0.08"),
                    required: true,
                    summary: "Rate per period as a decimal fraction (0.08 is 8 %), at most 8 decimals"
                ).notFilterable(),
                Field("currency", .currency, required: true, summary: "The project's currency (its fundingCurrency)")
                    .notFilterable(),
                Field(
                    "baseScenario",
                    .string,
                    summary: "The scenario the others are compared with; 'expected' when unset"
                ).length(1...50).notNull().defaultSQL("'expected'").filterable(alongside: "project"),
                Field(
                    "status",
                    .enumeration(["draft", "submitted", "approved", "rejected"]),
                    summary: "draft → submitted → approved or rejected; rejected → draft; submitted → draft"
                ).notNull().sortable(),
                Field(
                    "submittedBy",
                    .reference(collection: "people"),
                    column: "submitted_by_id",
                    summary: "The person behind the API key that submitted it"
                ).serverSet(),
                Field(
                    "decidedBy",
                    .reference(collection: "people"),
                    column: "decided_by_id",
                    summary: "The person behind the API key that approved or rejected it"
                ).serverSet(),
                Field("decidedAt", .datetime).serverSet().filterable(alongside: "project"),
                Field("decisionComments", .text),
            ],
            rules: { record, db in
                var issues = try Money.projectCurrencyIssues(record, db)
                let comments: String = if case .string(let c)? = record["decisionComments"] { c } else { "" }
                if record["status"] == .string("rejected"), comments.allSatisfy(\.isWhitespace) {
                    issues.append(
                        FieldIssue(field: "decisionComments", code: "required", message: "say why it was rejected")
                    )
                }
                return issues
            }
        )
        d.uniqueTogether = [["project_id", "name"]]
        d.indexes = [
            TableIndex("business_cases_submitted_by", on: ["submitted_by_id"], where: "submitted_by_id IS NOT NULL"),
            TableIndex("business_cases_decided_by", on: ["decided_by_id"], where: "decided_by_id IS NOT NULL"),
        ]
        d.indexes += SchemaSQL.listIndexes(d, since: 65)
        // One migration creates both tables (cash flows are declared in `CashFlows`).
        d.migrations = [
            Migration(
                version: 65,
                name: "business cases and cash flows",
                sql: (SchemaSQL.createTable(d, version: 65).sql ?? "")
                    + (SchemaSQL.createTable(CashFlows.definition, version: 65).sql ?? "")
            )
        ]
        d.lifecycle = lifecycle
        d.hooks.willWrite = { _, actor, current, changes in
            if changes["status"] == .null || (current == nil && changes["status"] == nil) {
                changes["status"] = current == nil ? .string("draft") : nil
            }
            for name in ["periodUnit", "baseScenario"] where changes[name] == .null { changes[name] = nil }
            guard let current, case .string(let next)? = changes["status"], changes["status"] != current["status"]
            else { return }
            try lifecycle.check(current, changes)  // an illegal step is a 409 before the person is asked for
            switch next {
            case "submitted":
                changes["submittedBy"] = .int(try actor.requirePerson(for: "Submitting a business case"))
                changes["decidedBy"] = .null
                changes["decidedAt"] = .null
            case "approved", "rejected":
                changes["decidedBy"] = .int(try actor.requirePerson(for: "Deciding on a business case"))
                changes["decidedAt"] = .string(SQLiteDateFormat.format(Date()))
            default:
                break
            }
        }
        d.routes = [BusinessCaseAnalysis.route]
        return d
    }
}

/// The cash flows of a business case: in one scenario and period, a benefit or a cost (a non-negative amount in
/// minor units of the case's currency), with an optional description. Several may share a scenario and period
/// (licences and staff time in year 0); the analysis adds them up.
enum CashFlows {
    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "cash-flows",
            table: "cash_flows",
            title: "Cash flow",
            group: .projects,
            fields: [
                Field(
                    "businessCase",
                    .reference(collection: "business-cases"),
                    column: "business_case_id",
                    required: true
                ).owner().cascading().immutableAfterCreate(),
                Field("scenario", .string, required: true, summary: "worst, expected, best, or another name")
                    .length(1...50).filterable(alongside: "businessCase"),
                Field("period", .integer, required: true, summary: "0 is the start; 1 the end of the first period")
                    .range(0...BusinessCases.maxPeriod).filterable(alongside: "businessCase"),
                Field("kind", .enumeration(["benefit", "cost"]), required: true)
                    .filterable(alongside: "businessCase"),
                Field("amount", .integer, required: true, summary: "Minor units of currency")
                    .range(0...Money.maxAmount).filterable(alongside: "businessCase"),
                Field("currency", .currency, required: true, summary: "The business case's currency").notFilterable(),
                Field("description", .string).length(1...200).notFilterable(),
            ],
            rules: { record, db in
                guard case .int(let caseID)? = record["businessCase"], case .string(let currency)? = record["currency"]
                else { return [] }
                guard
                    let own = try db.queryOne("SELECT currency FROM business_cases WHERE id = ?", [caseID]).map({
                        try $0.get(0, as: String.self)
                    }), own != currency
                else { return [] }
                return [
                    FieldIssue(
                        field: "currency",
                        code: "other_currency",
                        message:
                            "must be the business case's currency, \(own); amounts of different currencies are never added"
                    )
                ]
            }
        )
        d.indexes = [TableIndex("cash_flows_case", on: ["business_case_id", "scenario", "period"])]
        d.indexes += SchemaSQL.listIndexes(d, since: 65)
        // Created by migration 65, with its business cases (`BusinessCases.definition`).
        d.hooks.willWrite = { db, _, current, changes in
            guard current == nil, case .int(let caseID)? = changes["businessCase"] else { return }
            let count = try db.scalar(
                Int.self,
                "SELECT count(*) FROM cash_flows WHERE business_case_id = ?",
                [caseID]
            )
            if count >= BusinessCases.maxCashFlows {
                throw DomainError.invalid([
                    FieldIssue(
                        field: "businessCase",
                        code: "too_many",
                        message:
                            "business case \(caseID) already has \(count) cash flows, the most one may hold (BusinessCases.maxCashFlows); add up flows of a period into one"
                    )
                ])
            }
            if case .string(let scenario)? = changes["scenario"],
                try db.queryOne(
                    "SELECT 1 FROM cash_flows WHERE business_case_id = ? AND scenario = ? LIMIT 1",
                    StatementArguments([SQLiteValue.integer(caseID), .text(scenario)])
                ) == nil
            {
                let scenarios = try db.scalar(
                    Int.self,
                    "SELECT count(DISTINCT scenario) FROM cash_flows WHERE business_case_id = ?",
                    [caseID]
                )
                if scenarios >= BusinessCases.maxScenarios {
                    throw DomainError.invalid([
                        FieldIssue(
                            field: "scenario",
                            code: "too_many",
                            message:
                                "business case \(caseID) already compares \(scenarios) scenarios, the most one may (BusinessCases.maxScenarios)"
                        )
                    ])
                }
            }
        }
        return d
    }
}

import Foundation
import HTTPCore
import Storage

/// `GET /api/v1/business-cases/{id}/analysis`: each scenario's cash flows by period (benefits, costs, net,
/// discount factor, present value, cumulative figures) and its NPV, IRR, ROI, payback, discounted payback and
/// benefit-cost ratio (see `CashFlowAnalysis` for the rules), then a comparison of the scenarios by NPV against the
/// base scenario. Amounts are minor units of the case's currency.
enum BusinessCaseAnalysis {
    static let route = ResourceRoute(.get, "analysis", operation: operation) { request, context in
        try analysis(request, context)
    }

    static func analysis(_ request: Request, _ context: RouteContext) throws -> Response {
        let raw = request.parameters["id"] ?? ""
        guard let id = Int64(raw), id > 0 else { throw DomainError.notFound("business case \(raw) does not exist") }
        for (name, _) in request.query {
            throw HTTPError(.badRequest, "unknown parameter '\(name)'; the analysis takes none")
        }
        return try context.database.read { db in
            guard
                let row = try db.queryOne(
                    "SELECT project_id, name, currency, discount_rate, period_unit, base_scenario, status FROM business_cases WHERE id = ?",
                    [id]
                )
            else { throw DomainError.notFound("business case \(id) does not exist") }
            let etag = try ETags.overCollections(db, ["business-cases", "cash-flows"], key: "analysis/\(id)")
            if ETags.noneMatch(request.headers, etag) { return Response(status: .notModified, headers: ["ETag": etag]) }
            let rateText = try row.get(3, as: String.self)
            guard let rate = Decimal(string: rateText) else {
                throw DomainError.conflict("business case \(id) has an unreadable discountRate '\(rateText)'")
            }
            var byScenario: [String: [Int: CashFlowAnalysis.Period]] = [:]
            try db.forEach(
                "SELECT scenario, period, kind, sum(amount) FROM cash_flows WHERE business_case_id = ? GROUP BY scenario, period, kind",
                [id]
            ) { r in
                let scenario = try r.get(0, as: String.self)
                let period = try r.get(1, as: Int.self)
                let amount = try r.get(3, as: Int64.self)
                if try r.get(2, as: String.self) == "benefit" {
                    byScenario[scenario, default: [:]][period, default: .init()].benefits += amount
                } else {
                    byScenario[scenario, default: [:]][period, default: .init()].costs += amount
                }
            }
            let base = try row.get(5, as: String.self)
            var scenarios: [JSONValue] = []
            var npvs: [(String, Int64)] = []
            for name in byScenario.keys.sorted() {
                let flows = byScenario[name]!
                let last = flows.keys.max() ?? 0
                let analysis = CashFlowAnalysis(
                    periods: (0...last).map { flows[$0] ?? .init() },
                    rate: rate
                )
                let npv = CashFlowAnalysis.minorUnits(analysis.npv)
                npvs.append((name, npv))
                scenarios.append(json(name, analysis, npv: npv))
            }
            let baseNPV = npvs.first { $0.0 == base }?.1
            let ranked = npvs.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            let comparison: JSONValue = .object([
                "baseScenario": .string(base),
                "baseHasCashFlows": .bool(baseNPV != nil),
                "best": ranked.first.map { .string($0.0) } ?? .null,
                "worst": ranked.last.map { .string($0.0) } ?? .null,
                "npvSpread": ranked.isEmpty ? .null : .int(ranked.first!.1 - ranked.last!.1),
                "byNpv": .array(
                    ranked.map { name, npv in
                        .object([
                            "scenario": .string(name), "npv": .int(npv),
                            "npvVersusBase": baseNPV.map { .int(npv - $0) } ?? .null,
                        ])
                    }
                ),
            ])
            var writer = JSONWriter(capacity: 1024 + scenarios.count * 2048)
            writer.write(
                .object([
                    "businessCase": .int(id), "project": .int(try row.get(0, as: Int64.self)),
                    "name": .string(try row.get(1, as: String.self)),
                    "currency": .string(try row.get(2, as: String.self)), "discountRate": .string(rateText),
                    "periodUnit": .string(try row.get(4, as: String.self)),
                    "status": .string(try row.get(6, as: String.self)),
                    "scenarios": .array(scenarios), "comparison": comparison,
                ])
            )
            var response = Response.bytes(writer.bytes, contentType: JSON.contentType)
            response.headers["ETag"] = etag
            return response
        }
    }

    static func json(_ name: String, _ a: CashFlowAnalysis, npv: Int64) -> JSONValue {
        func text(_ x: Decimal?, _ scale: Int) -> JSONValue {
            CashFlowAnalysis.text(x, scale).map(JSONValue.string) ?? .null
        }
        let irr = a.irr
        let payback = a.payback
        let discounted = a.discountedPayback
        var cumulative: Int64 = 0
        var cumulativePresent = Decimal(0)
        let discountedNets = a.discountedNets
        let rows: [JSONValue] = a.periods.enumerated().map { t, p in
            cumulative += p.net
            cumulativePresent += discountedNets[t]
            return .object([
                "period": .int(Int64(t)), "benefits": .int(p.benefits), "costs": .int(p.costs), "net": .int(p.net),
                "discountFactor": text(a.factors[t], 10),
                "presentValue": .int(CashFlowAnalysis.minorUnits(discountedNets[t])),
                "cumulative": .int(cumulative),
                "cumulativePresentValue": .int(CashFlowAnalysis.minorUnits(cumulativePresent)),
            ])
        }
        return .object([
            "scenario": .string(name), "periods": .int(Int64(a.periods.count)),
            "totalBenefits": .int(a.totalBenefits), "totalCosts": .int(a.totalCosts),
            "netCashFlow": .int(a.totalBenefits - a.totalCosts),
            "presentValueBenefits": .int(CashFlowAnalysis.minorUnits(a.presentBenefits)),
            "presentValueCosts": .int(CashFlowAnalysis.minorUnits(a.presentCosts)),
            "npv": .int(npv),
            "irr": text(irr.rate, 6), "irrNote": irr.note.map(JSONValue.string) ?? .null,
            "signChanges": .int(Int64(a.signChanges)),
            "roi": text(a.roi, 6), "benefitCostRatio": text(a.benefitCostRatio, 6),
            "paybackPeriods": text(payback.periods, 4), "paybackNote": payback.note.map(JSONValue.string) ?? .null,
            "discountedPaybackPeriods": text(discounted.periods, 4),
            "discountedPaybackNote": discounted.note.map(JSONValue.string) ?? .null,
            "flows": .array(rows),
        ])
    }

    static let operation = OpenAPIDocument.documentOperation(
        id: "getBusinessCaseAnalysis",
        summary:
            "Each scenario's NPV, IRR (or why there is none), ROI, simple and discounted payback and benefit-cost ratio, with its flows by period, and the scenarios compared by NPV",
        description: "The analysis",
        schema: ServicePaths.object([
            "businessCase": ServicePaths.integer, "project": ServicePaths.integer, "currency": ServicePaths.string,
            "discountRate": ServicePaths.string, "periodUnit": ServicePaths.string,
            "scenarios": ServicePaths.array(ServicePaths.looseObject), "comparison": ServicePaths.looseObject,
        ]),
        problems: ["BadRequest", "NotFound", "Conflict"]
    )
}

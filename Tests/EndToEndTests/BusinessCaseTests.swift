import Foundation
import TestSupport
import Testing

@testable import App

/// Business cases (issue 13), worked by hand in euro cents at 8 % a year.
///
/// The expected case: year 0 costs EUR 100,000; years 1–5 bring benefits of 20,000, 30,000, 40,000, 40,000 and
/// 30,000 and cost 2,000 each to run. Net flows: −100,000, 18,000, 28,000, 38,000, 38,000, 28,000.
/// - Discount factors 1/1.08^t: 1, 0.925926, 0.857339, 0.793832, 0.735030, 0.680583.
/// - Discounted nets: −100,000, 16,666.67, 24,005.49, 30,165.63, 27,931.13, 19,056.33; NPV = 17,825.24 EUR
///   (1,782,524.2717… cents, rounded half to even: 1,782,524).
/// - PV of benefits 125,810.66 (12,581,066.28 cents), of costs 107,985.42 (10,798,542.01): BCR = 1.165071.
/// - ROI = (160,000 − 110,000) / 110,000 = 0.454545.
/// - Payback: cumulative −100,000, −82,000, −54,000, −16,000, +22,000: 3 + 16,000 / 38,000 = 3.4211 years.
/// - Discounted payback: cumulative after year 4 is −1,231.09 (−123,108.68 cents), year 5 brings 1,905,632.95
///   cents: 4 + 123,108.68 / 1,905,632.95 = 4.0646 years.
/// - IRR: one sign change, so one rate; NPV(14 %) = +2,485.52 cents and NPV(14.01 %) = −132.68 cents, so it lies
///   between; bisection gives 0.1400949…, rounded 0.140095.
@Suite struct BusinessCaseTests {
    static func expected() -> [CashFlowAnalysis.Period] {
        [
            .init(benefits: 0, costs: 10_000_000), .init(benefits: 2_000_000, costs: 200_000),
            .init(benefits: 3_000_000, costs: 200_000), .init(benefits: 4_000_000, costs: 200_000),
            .init(benefits: 4_000_000, costs: 200_000), .init(benefits: 3_000_000, costs: 200_000),
        ]
    }

    @Test func fiveYearCaseWorkedByHand() {
        let a = CashFlowAnalysis(periods: Self.expected(), rate: Decimal(string: "0.08")!)
        #expect(CashFlowAnalysis.minorUnits(a.npv) == 1_782_524)
        #expect(CashFlowAnalysis.minorUnits(a.presentBenefits) == 12_581_066)
        #expect(CashFlowAnalysis.minorUnits(a.presentCosts) == 10_798_542)
        #expect(CashFlowAnalysis.text(a.benefitCostRatio, 6) == "1.165071")
        #expect(CashFlowAnalysis.text(a.roi, 6) == "0.454545")
        #expect(CashFlowAnalysis.text(a.irr.rate, 6) == "0.140095")
        #expect(a.irr.note == nil)
        #expect(CashFlowAnalysis.text(a.payback.periods, 4) == "3.4211", "paid back inside the fourth year")
        #expect(CashFlowAnalysis.text(a.discountedPayback.periods, 4) == "4.0646")
        // At the IRR itself the NPV is zero (to the cent).
        let atIRR = CashFlowAnalysis(periods: Self.expected(), rate: a.irr.rate!)
        #expect(CashFlowAnalysis.minorUnits(atIRR.npv) == 0)
    }

    @Test func irrIsNotGuessedWithoutOneSignChange() {
        // −100, +230, −132: NPV is zero at 10 % and at 20 %; two sign changes, so no single IRR.
        let twice = CashFlowAnalysis(
            periods: [.init(costs: 10_000), .init(benefits: 23_000), .init(costs: 13_200)],
            rate: Decimal(string: "0.05")!
        )
        #expect(twice.irr.rate == nil)
        #expect(twice.irr.note == "cash flows change sign 2 times; IRR is not unique")
        let thrice = CashFlowAnalysis(
            periods: [.init(costs: 100), .init(benefits: 300), .init(costs: 300), .init(benefits: 150)],
            rate: Decimal(0)
        )
        #expect(thrice.irr.note == "cash flows change sign 3 times; IRR is not unique")
        let never = CashFlowAnalysis(periods: [.init(benefits: 100), .init(benefits: 100)], rate: Decimal(0))
        #expect(never.irr.rate == nil && never.irr.note == "cash flows never change sign; there is no IRR")
        #expect(never.payback.periods == 0, "nothing owed is paid back at once")
        let lost = CashFlowAnalysis(periods: [.init(costs: 1_000), .init(benefits: 100)], rate: Decimal(0))
        #expect(lost.payback.periods == nil)
        #expect(lost.payback.note == "not paid back within the 2 periods of the cash flows")
        #expect(CashFlowAnalysis.text(lost.irr.rate, 6) == "-0.9", "−1,000 then +100: 100 / (1 + r) = 1,000")
        let hopeless = CashFlowAnalysis(periods: [.init(costs: 1_000), .init(benefits: 1)], rate: Decimal(0))
        #expect(hopeless.irr.rate == nil, "−99.9 % a period is outside the range looked in")
        #expect(hopeless.irr.note == "the IRR is outside −99 % to 1,000 % a period")
        // −1,000, +1,100 is 10 % exactly.
        let exact = CashFlowAnalysis(periods: [.init(costs: 1_000), .init(benefits: 1_100)], rate: Decimal(0))
        #expect(CashFlowAnalysis.text(exact.irr.rate, 6) == "0.1")
    }

    @Test func roundingIsHalfToEven() {
        // 5 cents discounted at 100 % for one period is 2.5 cents: to the even 2; 7 is 3.5: to the even 4.
        let a = CashFlowAnalysis(periods: [.init(), .init(benefits: 5)], rate: Decimal(1))
        #expect(CashFlowAnalysis.minorUnits(a.npv) == 2)
        let b = CashFlowAnalysis(periods: [.init(), .init(benefits: 7)], rate: Decimal(1))
        #expect(CashFlowAnalysis.minorUnits(b.npv) == 4)
        #expect(CashFlowAnalysis.text(Decimal(string: "0.00000050"), 6) == "0")
        #expect(CashFlowAnalysis.text(Decimal(string: "0.00000150"), 6) == "0.000002")
    }

    @Test func scenariosComparedAndApprovalOverTheWire() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service)
            for (name, email) in [("Sam", "sam@example.com"), ("Rita", "rita@example.com")] {
                _ = try admin.call("POST", "/api/v1/people", json: #"{"name":"\#(name)","email":"\#(email)"}"#)
            }
            let sam = try RawClient(service, person: 1)
            let rita = try RawClient(service, person: 2)
            let p = try sam.call(
                "POST",
                "/api/v1/projects",
                json: #"{"key":"BC","name":"Case","fundingCurrency":"EUR"}"#
            )
            #expect(p.status == 201)
            let other = try sam.call(
                "POST",
                "/api/v1/business-cases",
                json: #"{"project":1,"name":"Wrong","discountRate":"0.08","currency":"USD"}"#
            )
            #expect(other.status == 422)
            #expect(
                try sam.call(
                    "POST",
                    "/api/v1/business-cases",
                    json: #"{"project":1,"name":"Float","discountRate":0.08,"currency":"EUR"}"#
                ).status == 422,
                "a rate is a decimal string, never a binary float"
            )
            let created = try sam.call(
                "POST",
                "/api/v1/business-cases",
                json: #"{"project":1,"name":"CRM replacement","discountRate":"0.08","currency":"EUR"}"#
            )
            #expect(created.status == 201, "\(created.text)")
            let body = try created.json()
            #expect(body["status"] as? String == "draft")
            #expect(body["periodUnit"] as? String == "year" && body["baseScenario"] as? String == "expected")
            func flow(_ scenario: String, _ period: Int, _ kind: String, _ amount: Int64) throws -> RawResponse {
                try sam.call(
                    "POST",
                    "/api/v1/cash-flows",
                    json:
                        #"{"businessCase":1,"scenario":"\#(scenario)","period":\#(period),"kind":"\#(kind)","amount":\#(amount),"currency":"EUR"}"#
                )
            }
            for (t, p) in Self.expected().enumerated() {
                if p.benefits > 0 { #expect(try flow("expected", t, "benefit", p.benefits).status == 201) }
                #expect(try flow("expected", t, "cost", p.costs).status == 201)
                // The worst case: benefits at half; costs the same.
                if p.benefits > 0 { #expect(try flow("worst", t, "benefit", p.benefits / 2).status == 201) }
                #expect(try flow("worst", t, "cost", p.costs).status == 201)
            }
            #expect(try flow("expected", 1, "cost", 1).status == 201)
            let extra = try sam.call("GET", "/api/v1/cash-flows?businessCase=eq.1&period=eq.1&amount=eq.1").items()
            #expect(extra.count == 1)
            #expect(try sam.call("DELETE", "/api/v1/cash-flows/\(extra[0]["id"] as! Int)").status == 204)
            #expect(try flow("expected", 9999, "cost", 1).status == 422, "periods are bounded")
            let usd = try sam.call(
                "POST",
                "/api/v1/cash-flows",
                json: #"{"businessCase":1,"scenario":"best","period":0,"kind":"cost","amount":1,"currency":"USD"}"#
            )
            #expect(usd.status == 422)
            #expect(try usd.items("errors").first?["code"] as? String == "other_currency")

            let analysis = try sam.call("GET", "/api/v1/business-cases/1/analysis")
            #expect(analysis.status == 200, "\(analysis.text)")
            let a = try analysis.json()
            let scenarios = Dictionary(
                uniqueKeysWithValues: (a["scenarios"] as? [[String: Any]] ?? []).map { ($0["scenario"] as! String, $0) }
            )
            let expected = try #require(scenarios["expected"])
            #expect(expected["npv"] as? Int == 1_782_524)
            #expect(expected["irr"] as? String == "0.140095")
            #expect(expected["irrNote"] is NSNull)
            #expect(expected["roi"] as? String == "0.454545")
            #expect(expected["benefitCostRatio"] as? String == "1.165071")
            #expect(expected["paybackPeriods"] as? String == "3.4211")
            #expect(expected["discountedPaybackPeriods"] as? String == "4.0646")
            let flows = expected["flows"] as? [[String: Any]] ?? []
            #expect(
                flows.map { $0["net"] as? Int } == [-10_000_000, 1_800_000, 2_800_000, 3_800_000, 3_800_000, 2_800_000]
            )
            #expect(flows.last?["cumulativePresentValue"] as? Int == 1_782_524)
            // Worst: benefits halved, costs the same, so NPV = PV(benefits) / 2 − PV(costs) =
            // 6,290,533.14 − 10,798,542.01 = −4,508,008.87 cents → −4,508,009; never paid back.
            let worst = try #require(scenarios["worst"])
            #expect(worst["npv"] as? Int == -4_508_009)
            #expect(worst["paybackPeriods"] is NSNull)
            let comparison = try #require(a["comparison"] as? [String: Any])
            #expect(comparison["best"] as? String == "expected" && comparison["worst"] as? String == "worst")
            #expect(comparison["npvSpread"] as? Int == 1_782_524 + 4_508_009)
            let ranked = comparison["byNpv"] as? [[String: Any]] ?? []
            #expect(ranked.last?["npvVersusBase"] as? Int == -(1_782_524 + 4_508_009))
            let tag = try #require(analysis.headers["ETag"])
            #expect(
                try sam.call("GET", "/api/v1/business-cases/1/analysis", headers: ["If-None-Match": tag]).status == 304
            )

            // Approval: submitted by Sam, decided by Rita; the flows freeze with it.
            #expect(try sam.call("PATCH", "/api/v1/business-cases/1", json: #"{"status":"approved"}"#).status == 409)
            let submitted = try sam.call("PATCH", "/api/v1/business-cases/1", json: #"{"status":"submitted"}"#)
            #expect(try submitted.json()["submittedBy"] as? Int == 1)
            #expect(try flow("best", 0, "cost", 1).status == 409, "a submitted case's flows cannot change")
            #expect(try rita.call("PATCH", "/api/v1/business-cases/1", json: #"{"status":"rejected"}"#).status == 422)
            let approved = try rita.call("PATCH", "/api/v1/business-cases/1", json: #"{"status":"approved"}"#)
            #expect(approved.status == 200)
            #expect(try approved.json()["decidedBy"] as? Int == 2)
            let final = try rita.call("PATCH", "/api/v1/business-cases/1", json: #"{"status":"draft"}"#)
            #expect(final.status == 409)
            #expect((try final.json()["detail"] as? String)?.contains("'approved' is final") == true)
            #expect(try sam.call("GET", "/api/v1/business-cases/1/analysis").json()["status"] as? String == "approved")
            let history = try admin.call("GET", "/api/v1/business-cases/1/history").items()
            #expect(history.count == 3, "created, submitted, approved: each step journaled")
        }
    }
}

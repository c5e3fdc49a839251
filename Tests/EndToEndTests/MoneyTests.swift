import Foundation
import TestSupport
import Testing

@testable import App

/// Budgets, cost entries and budget vs actual (issue 13), worked by hand in euro cents.
@Suite struct MoneyTests {
    @Test func conversionRoundsHalfToEvenAcrossMinorUnits() {
        // 3 cents at 0.5 is 1.5 cents: to the even 2; 1 cent at 0.5 is 0.5: to the even 0; −3 at 0.5 → −2.
        #expect(Money.convert(3, from: "USD", to: "EUR", rateMicros: 500_000) == 2)
        #expect(Money.convert(1, from: "USD", to: "EUR", rateMicros: 500_000) == 0)
        #expect(Money.convert(-3, from: "USD", to: "EUR", rateMicros: 500_000) == -2)
        // 1,001 yen (no minor unit) at 0.006245 euro: 6.251245 euro → 625 cents.
        #expect(Money.convert(1001, from: "JPY", to: "EUR", rateMicros: 6245) == 625)
        // 1 euro cent at 160.5 yen per euro: 1.605 yen → 2 yen.
        #expect(Money.convert(1, from: "EUR", to: "JPY", rateMicros: 160_500_000) == 2)
        // The largest amount at the largest rate is computed in 128 bits and refused, not trapped: it used to
        // crash the process converting back to 64 bits.
        #expect(Money.convert(Money.maxAmount, from: "EUR", to: "KWD", rateMicros: 999_999_999_999) == nil)
        #expect(Money.convert(-Money.maxAmount, from: "EUR", to: "EUR", rateMicros: 1_000_000) == -Money.maxAmount)
        #expect(Money.micros("1.0825") == 1_082_500)
        #expect(Money.micros("0") == nil && Money.micros("1.") == nil && Money.micros("1.1234567") == nil)
    }

    @Test func budgetsAgainstActualsByCategoryAndMonth() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let none = try c.call("POST", "/api/v1/projects", json: #"{"key":"NOC","name":"No currency"}"#)
            let noCurrency = try none.json()["id"] as! Int
            let refused = try c.call(
                "POST",
                "/api/v1/budgets",
                json: #"{"project":\#(noCurrency),"fiscalYear":2026,"category":"labour","amount":1,"currency":"EUR"}"#
            )
            #expect(refused.status == 422)
            #expect(try refused.items("errors").first?["code"] as? String == "no_currency")

            let created = try c.call(
                "POST",
                "/api/v1/projects",
                json: #"{"key":"FIN","name":"Finance","fundingCurrency":"EUR","fiscalYearStartMonth":4}"#
            )
            #expect(created.status == 201, "\(created.text)")
            let p = try created.json()["id"] as! Int
            func budget(_ category: String, _ amount: Int, currency: String = "EUR") throws -> RawResponse {
                try c.call(
                    "POST",
                    "/api/v1/budgets",
                    json:
                        #"{"project":\#(p),"fiscalYear":2026,"category":"\#(category)","amount":\#(amount),"currency":"\#(currency)"}"#
                )
            }
            let labour = try budget("labour", 1_000_000)
            #expect(labour.status == 201)
            #expect(try budget("hardware", 300_000).status == 201)
            #expect(try budget("labour", 5).status == 409, "one budget a year and category")
            #expect(try budget("travel", 5, currency: "USD").status == 422)
            // A revision is a change like any other, kept in the history.
            let labourID = try labour.json()["id"] as! Int
            #expect(try c.call("PATCH", "/api/v1/budgets/\(labourID)", json: #"{"amount":1200000}"#).status == 200)
            #expect(try c.call("GET", "/api/v1/budgets/\(labourID)/history").items().count == 2)

            func cost(_ body: String) throws -> RawResponse {
                try c.call("POST", "/api/v1/cost-entries", json: #"{"project":\#(p),\#(body)}"#)
            }
            #expect(
                try cost(#""date":"2026-04-15","category":"labour","amount":100000,"currency":"EUR""#).status == 201
            )
            let usd = try cost(
                #""date":"2026-05-03","category":"hardware","amount":50000,"currency":"USD","exchangeRate":"0.925""#
            )
            #expect(usd.status == 201)
            #expect(try usd.json()["projectAmount"] as? Int == 46_250)
            #expect(
                try cost(#""date":"2026-06-01","category":"hardware","amount":-6250,"currency":"EUR""#).status == 201
            )
            #expect(try cost(#""date":"2027-03-31","category":"travel","amount":10000,"currency":"EUR""#).status == 201)
            #expect(try cost(#""date":"2027-04-01","category":"labour","amount":999,"currency":"EUR""#).status == 201)
            let noRate = try cost(#""date":"2026-05-03","category":"hardware","amount":1,"currency":"USD""#)
            #expect(noRate.status == 422)
            #expect(try noRate.items("errors").first?["field"] as? String == "exchangeRate")
            let needless = try cost(
                #""date":"2026-05-03","category":"hardware","amount":1,"currency":"EUR","exchangeRate":"1.1""#
            )
            #expect(try needless.items("errors").first?["code"] as? String == "not_needed")
            let huge = try cost(
                #""date":"2026-05-03","category":"other","amount":10000000000000,"currency":"USD","exchangeRate":"999999.999999""#
            )
            #expect(huge.status == 422, "a conversion beyond the limit is refused, never a 500")

            let report = try c.call("GET", "/api/v1/projects/\(p)/budget-vs-actual?fiscalYear=2026")
            #expect(report.status == 200, "\(report.text)")
            let body = try report.json()
            #expect(body["from"] as? String == "2026-04-01" && body["until"] as? String == "2027-04-01")
            let total = try #require(body["total"] as? [String: Any])
            #expect(total["budget"] as? Int == 1_500_000)
            #expect(total["actual"] as? Int == 150_000)
            #expect(total["variance"] as? Int == 1_350_000)
            #expect(total["percentUsed"] as? Double == 10)
            let categories = Dictionary(
                uniqueKeysWithValues: (body["categories"] as? [[String: Any]] ?? []).map {
                    ($0["category"] as! String, $0)
                }
            )
            #expect(categories["labour"]?["actual"] as? Int == 100_000)
            #expect(categories["labour"]?["percentUsed"] as? Double == 8.3)
            #expect(categories["hardware"]?["actual"] as? Int == 40_000)
            #expect(categories["travel"]?["budget"] as? Int == 0)
            #expect(categories["travel"]?["percentUsed"] is NSNull)
            let months = body["months"] as? [[String: Any]] ?? []
            #expect(months.count == 12)
            #expect(months.first?["month"] as? String == "2026-04" && months.last?["month"] as? String == "2027-03")
            #expect(months.map { $0["actual"] as? Int } == [100_000, 46_250, -6_250, 0, 0, 0, 0, 0, 0, 0, 0, 10_000])
            #expect(months.first?["cumulativePlanned"] as? Int == 125_000)
            #expect(months.last?["cumulativeActual"] as? Int == 150_000)
            // The burn rate averages the months begun by today.
            let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
            let begun = min(12, max(0, (now.year! - 2026) * 12 + now.month! - 4 + 1))
            let spent = months.prefix(begun).compactMap { $0["actual"] as? Int }.reduce(0, +)
            if begun > 0 {
                let expected = (Double(spent) / Double(begun)).rounded(.toNearestOrEven)
                #expect(body["burnRate"] as? Int == Int(expected))
            }
            let next = try c.call("GET", "/api/v1/projects/\(p)/budget-vs-actual?fiscalYear=2027").json()
            #expect((next["total"] as? [String: Any])?["actual"] as? Int == 999)
            #expect(try c.call("GET", "/api/v1/projects/\(p)/budget-vs-actual?fiscalYear=x").status == 400)
            #expect(try c.call("GET", "/api/v1/projects/\(noCurrency)/budget-vs-actual").status == 409)
        }
    }
}

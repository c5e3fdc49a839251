import Foundation
import TestSupport
import Testing

/// Labour cost = effort × a person's cost rate (issue 13), worked by hand in euro cents.
@Suite struct LabourCostTests {
    @Test func labourIsPricedFromEffortAndTheRate() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let ada = try c.call(
                "POST",
                "/api/v1/people",
                json: #"{"name":"Ada","email":"ada@example.com","hourlyCostRate":5555,"costCurrency":"EUR"}"#
            )
            #expect(ada.status == 201)
            _ = try c.call("POST", "/api/v1/people", json: #"{"name":"Bob","email":"bob@example.com"}"#)
            let sam = try c.call(
                "POST",
                "/api/v1/people",
                json: #"{"name":"Sam","email":"sam@example.com","hourlyCostRate":5,"costCurrency":"USD"}"#
            )
            #expect(sam.status == 201)
            #expect(
                try c.call("POST", "/api/v1/projects", json: #"{"key":"LAB","name":"Labour","fundingCurrency":"EUR"}"#)
                    .status == 201
            )
            func cost(_ body: String) throws -> RawResponse {
                try c.call("POST", "/api/v1/cost-entries", json: #"{"project":1,"date":"2026-05-04",\#(body)}"#)
            }
            // 7.25 h × 55.55 EUR = 402.7375 EUR = 40,273.75 cents → 40,274.
            let priced = try cost(#""category":"labour","person":1,"effortHours":"7.25""#)
            #expect(priced.status == 201, "\(priced.text)")
            let entry = try priced.json()
            #expect(entry["amount"] as? Int == 40_274)
            #expect(entry["currency"] as? String == "EUR" && entry["projectAmount"] as? Int == 40_274)
            // 0.5 h × 5 US cents = 2.5 cents → 2 (half to even), then at 0.9 EUR: 1.8 → 2 euro cents.
            let usd = try cost(#""category":"labour","person":3,"effortHours":"0.5","exchangeRate":"0.9""#)
            #expect(usd.status == 201, "\(usd.text)")
            #expect(try usd.json()["amount"] as? Int == 2 && usd.json()["currency"] as? String == "USD")
            #expect(try usd.json()["projectAmount"] as? Int == 2)
            // Changing the hours reprices; an amount that contradicts them is refused.
            let id = entry["id"] as! Int
            let more = try c.call("PATCH", "/api/v1/cost-entries/\(id)", json: #"{"effortHours":"8"}"#)
            #expect(try more.json()["amount"] as? Int == 44_440)
            let wrong = try c.call("PATCH", "/api/v1/cost-entries/\(id)", json: #"{"amount":1}"#)
            #expect(wrong.status == 422, "an amount alone would contradict the hours")
            let own = try c.call("PATCH", "/api/v1/cost-entries/\(id)", json: #"{"effortHours":null,"amount":1}"#)
            #expect(own.status == 200, "without hours, the amount is the entry's own: \(own.text)")
            let contradiction = try cost(#""category":"labour","person":1,"effortHours":"1","amount":1"#)
            #expect(contradiction.status == 422)
            #expect(try contradiction.items("errors").first?["code"] as? String == "contradicts_effort")
            let noRate = try cost(#""category":"labour","person":2,"effortHours":"1""#)
            #expect(try noRate.items("errors").first?["code"] as? String == "no_rate")
            let notLabour = try cost(#""category":"travel","person":1,"effortHours":"1""#)
            #expect(try notLabour.items("errors").first?["code"] as? String == "not_labour")
            let nothing = try cost(#""category":"travel""#)
            #expect(nothing.status == 422)
            #expect(try nothing.items("errors").first?["field"] as? String == "amount")
            #expect(try cost(#""category":"labour","person":1,"effortHours":"1.234""#).status == 422)
        }
    }
}

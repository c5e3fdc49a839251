import Foundation
import TestSupport
import Testing

@testable import App

/// Earned value (issue 13), worked by hand in euro cents on Monday-to-Friday weeks: A is 20 working days
/// (Mon 4 – Fri 29 January 2027) and costs 100,000; B follows it, 10 working days (Mon 1 – Fri 12 February) for
/// 30,001, an odd amount so that halves show the rounding.
@Suite struct EarnedValueTests {
    static func money(_ body: [String: Any], _ key: String, _ method: String) -> Int? {
        (body[key] as? [String: Any])?[method] as? Int
    }

    @Test func twoPackagesOverTwoMonthsWorkedByHand() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let created = try c.call(
                "POST",
                "/api/v1/projects",
                json: #"{"key":"EVM","name":"Earned","plannedStart":"2027-01-04","fundingCurrency":"EUR"}"#
            )
            #expect(created.status == 201, "\(created.text)")
            let p = try created.json()["id"] as! Int
            let a = try ProjectPlanTests.package(c, p, "A", extra: #""durationDays":20,"plannedCost":100000"#)
            let b = try ProjectPlanTests.package(c, p, "B", extra: #""durationDays":10,"plannedCost":30001"#)
            try WorkingCalendarScheduleTests.link(c, a, b)

            // Nothing to measure against yet: 409 saying so.
            let none = try c.call("GET", "/api/v1/projects/\(p)/earned-value?asOf=2027-01-15")
            #expect(none.status == 409)
            #expect(none.text.contains("no current baseline"), "\(none.text)")

            let saved = try c.call("POST", "/api/v1/baselines", json: #"{"project":\#(p),"name":"Approved"}"#)
            #expect(saved.status == 201, "\(saved.text)")
            // Added after the baseline: no budget in it, so no PV or EV.
            let later = try ProjectPlanTests.package(c, p, "C", extra: #""durationDays":1,"plannedCost":500"#)
            #expect(
                try c.call(
                    "PATCH",
                    "/api/v1/work-packages/\(a)",
                    json: #"{"percentComplete":40,"actualStart":"2027-01-04","estimateToComplete":70000}"#
                ).status == 200
            )
            func cost(_ date: String, _ amount: Int, _ package: Int?) throws {
                let on = package.map { #","workPackage":\#($0)"# } ?? ""
                let r = try c.call(
                    "POST",
                    "/api/v1/cost-entries",
                    json:
                        #"{"project":\#(p),"date":"\#(date)","category":"labour","amount":\#(amount),"currency":"EUR"\#(on)}"#
                )
                #expect(r.status == 201, "\(r.text)")
            }
            try cost("2027-01-08", 30_000, a)
            try cost("2027-01-10", 5_000, nil)
            try cost("2027-01-20", 20_000, a)

            // Before any cost: AC 0, so CPI is null, not infinity; EAC by CPI with it.
            let early = try c.call("GET", "/api/v1/projects/\(p)/earned-value?asOf=2027-01-05").json()
            let earlyTotal = try #require(early["total"] as? [String: Any])
            #expect(earlyTotal["ac"] as? Int == 0)
            #expect(earlyTotal["cpi"] is NSNull)
            #expect(Self.money(earlyTotal, "eac", "bacOverCpi") == nil)
            #expect(earlyTotal["pv"] as? Int == 10_000, "2 of A's 20 working days")

            // Friday 15 January: A has worked 10 of its 20 days, B none.
            let r = try c.call("GET", "/api/v1/projects/\(p)/earned-value?asOf=2027-01-15")
            #expect(r.status == 200, "\(r.text)")
            let body = try r.json()
            #expect(body["currency"] as? String == "EUR" && body["asOf"] as? String == "2027-01-15")
            let t = try #require(body["total"] as? [String: Any])
            #expect(t["bac"] as? Int == 130_001)
            #expect(t["pv"] as? Int == 50_000)
            #expect(t["ev"] as? Int == 40_000, "A is 40 % done")
            #expect(t["ac"] as? Int == 35_000, "30,000 on A and 5,000 on no package; the 20th is after")
            #expect(t["acOutsidePackages"] as? Int == 5_000)
            #expect(t["sv"] as? Int == -10_000 && t["cv"] as? Int == 5_000)
            #expect(t["spi"] as? Double == 0.8)
            #expect(t["cpi"] as? Double == 1.1429, "40,000 / 35,000 = 1.142857…")
            // BAC / CPI = 130,001 × 35,000 / 40,000 = 113,750.875 → 113,751.
            #expect(Self.money(t, "eac", "bacOverCpi") == 113_751)
            #expect(Self.money(t, "eac", "acPlusRemainingBudget") == 125_001, "35,000 + 130,001 − 40,000")
            // Bottom-up: A's own estimate 70,000, B's remaining budget 30,001.
            #expect(Self.money(t, "etc", "acPlusBottomUpEtc") == 100_001)
            #expect(Self.money(t, "eac", "acPlusBottomUpEtc") == 135_001)
            #expect(Self.money(t, "vac", "acPlusBottomUpEtc") == -5_000)
            #expect(Self.money(t, "vac", "bacOverCpi") == 16_250)
            #expect(Self.money(t, "etc", "bacOverCpi") == 78_751)
            #expect(t["tcpi"] as? Double == 0.9474, "90,001 / 95,001 = 0.947369…")
            #expect(t["tcpiToEac"] as? Double == 0.9, "90,001 / 100,001 = 0.900000…")
            let rows = Dictionary(
                uniqueKeysWithValues: (body["packages"] as? [[String: Any]] ?? []).map { ($0["name"] as! String, $0) }
            )
            #expect((body["packages"] as? [[String: Any]])?.map { $0["name"] as! String } == ["A", "B", "C"])
            #expect(rows["A"]?["pv"] as? Int == 50_000 && rows["A"]?["ac"] as? Int == 30_000)
            #expect(rows["A"]?["cpi"] as? Double == 1.3333)
            #expect(rows["B"]?["pv"] as? Int == 0 && rows["B"]?["spi"] is NSNull)
            #expect(rows["C"]?["inBaseline"] as? Bool == false && rows["C"]?["bac"] as? Int == 0)
            #expect(rows["C"]?["id"] as? Int == later)

            // February: A finished on the 29th, B started on the 1st and is half done.
            #expect(
                try c.call(
                    "PATCH",
                    "/api/v1/work-packages/\(a)",
                    json: #"{"percentComplete":100,"actualFinish":"2027-01-29","estimateToComplete":null}"#
                ).status == 200
            )
            #expect(
                try c.call(
                    "PATCH",
                    "/api/v1/work-packages/\(b)",
                    json: #"{"percentComplete":50,"actualStart":"2027-02-01"}"#
                ).status == 200
            )
            try cost("2027-02-03", 10_000, b)
            // Friday 5 February: B has 5 of 10 days, 30,001 / 2 = 15,000.5, to the even 15,000 (PV and EV alike).
            let feb = try c.call("GET", "/api/v1/projects/\(p)/earned-value?asOf=2027-02-05").json()
            let f = try #require(feb["total"] as? [String: Any])
            #expect(f["pv"] as? Int == 115_000 && f["ev"] as? Int == 115_000)
            #expect(f["ac"] as? Int == 65_000 && f["spi"] as? Double == 1)
            #expect(f["cpi"] as? Double == 1.7692, "115,000 / 65,000 = 1.769230…")
            // Wednesday 3 February: 3 of 10 days, 9,000.3 → 9,000; Thursday 4th: 4 of 10, 12,000.4 → 12,000.
            let wed = try c.call("GET", "/api/v1/projects/\(p)/earned-value?asOf=2027-02-03").json()
            #expect((wed["total"] as? [String: Any])?["pv"] as? Int == 109_000)

            // The S-curve by month: the 1st of January, the end of January, the end of February.
            let months = try c.call(
                "GET",
                "/api/v1/projects/\(p)/earned-value?from=2027-01-01&to=2027-02-28&interval=month"
            )
            #expect(months.status == 200, "\(months.text)")
            let points = try #require(try months.json()["points"] as? [[String: Any]])
            #expect(points.map { $0["date"] as? String } == ["2027-01-01", "2027-01-31", "2027-02-28"])
            #expect(points.map { $0["pv"] as? Int } == [0, 100_000, 130_001])
            #expect(points.map { $0["ev"] as? Int } == [0, 100_000, 115_000])
            #expect(points.map { $0["ac"] as? Int } == [0, 55_000, 65_000])
            #expect(points.first?["cpi"] is NSNull && points.first?["spi"] is NSNull)
            // By week: 1, 6, 11 and 13 of A's working days.
            let weeks = try c.call(
                "GET",
                "/api/v1/projects/\(p)/earned-value?from=2027-01-04&to=2027-01-20&interval=week"
            ).json()
            let weekly = weeks["points"] as? [[String: Any]] ?? []
            #expect(weekly.map { $0["date"] as? String } == ["2027-01-04", "2027-01-11", "2027-01-18", "2027-01-20"])
            #expect(weekly.map { $0["pv"] as? Int } == [5_000, 30_000, 55_000, 65_000])

            // The request's own mistakes are 400s; a plan in two currencies is a 409.
            for bad in [
                "asOf=2027-13-01", "from=2027-02-01&to=2027-01-01", "from=2027-01-01",
                "interval=day&from=2027-01-01&to=2027-02-01",
                "asOf=2027-01-01&from=2027-01-01&to=2027-02-01", "from=1900-01-01&to=2100-01-01", "other=1",
            ] {
                #expect(try c.call("GET", "/api/v1/projects/\(p)/earned-value?\(bad)").status == 400, "\(bad)")
            }
            #expect(
                try c.call("PATCH", "/api/v1/work-packages/\(later)", json: #"{"costCurrency":"USD"}"#).status == 200
            )
            let mixed = try c.call("GET", "/api/v1/projects/\(p)/earned-value?asOf=2027-02-05")
            #expect(mixed.status == 409 && mixed.text.contains("USD"), "\(mixed.text)")
            #expect(try c.call("GET", "/api/v1/projects/999999/earned-value").status == 404)
        }
    }

    @Test func indicesRoundHalfToEvenInTenThousandths() {
        // 1 / 8 = 0.125 exactly; 0.00005 steps: 1/20000 = 0.00005 → 0.0000 (even), 3/20000 = 0.00015 → 0.0002.
        #expect(EarnedValue.Measures.ratio(1, 8) == 1_250)
        #expect(EarnedValue.Measures.ratio(1, 20_000) == 0)
        #expect(EarnedValue.Measures.ratio(3, 20_000) == 2)
        #expect(EarnedValue.Measures.ratio(5, 0) == nil && EarnedValue.Measures.ratio(5, -1) == nil)
        // Money: 5 × 1/2 = 2.5 → 2; 7 × 1/2 = 3.5 → 4.
        let even = EarnedValue.Package(id: 1, code: "1", name: "x", bac: 5, start: 0, finish: 1, workingDays: 2)
        #expect(even.pv(day: 0, workedThrough: 1) == 2)
        let odd = EarnedValue.Package(id: 1, code: "1", name: "x", bac: 7, start: 0, finish: 1, workingDays: 2)
        #expect(odd.pv(day: 0, workedThrough: 1) == 4)
        #expect(odd.pv(day: -1, workedThrough: 0) == 0 && odd.pv(day: 5, workedThrough: 6) == 7)
    }

    @Test func thePortfolioKeepsEveryProjectsParsedBaseline() throws {
        // 70 projects, each with a current baseline: a cache bounded at 64 baselines emptied itself on the 65th,
        // so every portfolio request parsed them all again. (210 writes: no rate limit.)
        try TestServer.withCharter({ $0.rateLimitPerMinute = 0 }) { service in
            let c = try RawClient(service)
            for n in 0..<70 {
                let r = try c.call(
                    "POST",
                    "/api/v1/projects",
                    json: #"{"key":"KP\#(n)","name":"Kept \#(n)","plannedStart":"2027-01-04","fundingCurrency":"EUR"}"#
                )
                let p = try r.json()["id"] as! Int
                try ProjectPlanTests.package(c, p, "A", extra: #""durationDays":2,"plannedCost":100"#)
                #expect(
                    try c.call("POST", "/api/v1/baselines", json: #"{"project":\#(p),"name":"B"}"#).status == 201
                )
            }
            #expect(try c.call("GET", "/api/v1/portfolio").status == 200)
            let baselines = try c.call("GET", "/api/v1/baselines?perPage=100&fields=id,createdAt").items()
            #expect(baselines.count == 70)
            let kept = baselines.filter {
                EarnedValue.isKept(Int64($0["id"] as! Int), createdAt: $0["createdAt"] as! String)
            }
            #expect(kept.count == 70)
        }
    }
}

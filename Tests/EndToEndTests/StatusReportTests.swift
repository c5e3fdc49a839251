import Foundation
import TestSupport
import Testing

/// Computed status, per-project thresholds, saved status reports and their trends (issue 13), on the plan of
/// `EarnedValueTests`: A (20 days from Monday 4 January 2027, 100,000 cents) then B (10 days, 30,001).
@Suite struct StatusReportTests {
    @Test func statusIsJudgedByThresholdsAndReportsKeepTheirSnapshot() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let created = try c.call(
                "POST",
                "/api/v1/projects",
                json: #"{"key":"STS","name":"Status","plannedStart":"2027-01-04","fundingCurrency":"EUR"}"#
            )
            let p = try created.json()["id"] as! Int
            let a = try ProjectPlanTests.package(c, p, "A", extra: #""durationDays":20,"plannedCost":100000"#)
            let b = try ProjectPlanTests.package(c, p, "B", extra: #""durationDays":10,"plannedCost":30001"#)
            try WorkingCalendarScheduleTests.link(c, a, b)

            // Without a baseline the status still answers, judged by what it has, and says why EV is missing.
            let bare = try c.call("GET", "/api/v1/projects/\(p)/status?asOf=2027-01-15")
            #expect(bare.status == 200, "\(bare.text)")
            let bareBody = try bare.json()
            #expect(bareBody["overall"] as? String == "green" && bareBody["earnedValue"] is NSNull)
            #expect((bareBody["earnedValueNote"] as? String)?.contains("no current baseline") == true)

            #expect(
                try c.call("POST", "/api/v1/baselines", json: #"{"project":\#(p),"name":"Approved"}"#).status == 201
            )
            #expect(
                try c.call(
                    "PATCH",
                    "/api/v1/work-packages/\(a)",
                    json: #"{"percentComplete":40,"actualStart":"2027-01-04"}"#
                ).status == 200
            )
            func cost(_ date: String, _ amount: Int) throws {
                let r = try c.call(
                    "POST",
                    "/api/v1/cost-entries",
                    json:
                        #"{"project":\#(p),"date":"\#(date)","category":"labour","amount":\#(amount),"currency":"EUR","workPackage":\#(a)}"#
                )
                #expect(r.status == 201, "\(r.text)")
            }
            try cost("2027-01-08", 35_000)
            // Due Monday 11 January, not achieved: slipped by the 15th.
            #expect(
                try c.call(
                    "POST",
                    "/api/v1/milestones",
                    json: #"{"project":\#(p),"name":"Design signed","dueDate":"2027-01-11"}"#
                ).status == 201
            )

            // Friday 15 January, default thresholds: SPI 40,000 / 50,000 = 0.8 is under 0.85, so schedule is red;
            // CPI 40,000 / 35,000 = 1.1429 and 35,000 of a BAC of 130,001 spent (no budgets yet) are green.
            func status() throws -> [String: Any] {
                let r = try c.call("GET", "/api/v1/projects/\(p)/status?asOf=2027-01-15")
                #expect(r.status == 200, "\(r.text)")
                return try r.json()
            }
            let first = try status()
            #expect(first["thresholdsSource"] as? String == "default")
            #expect((first["schedule"] as? [String: Any])?["rag"] as? String == "red")
            #expect(((first["schedule"] as? [String: Any])?["reasons"] as? [String])?.count == 2, "SPI and a milestone")
            #expect((first["cost"] as? [String: Any])?["rag"] as? String == "green")
            #expect((first["scope"] as? [String: Any])?["rag"] as? String == "green")
            #expect(first["openChangeRequests"] as? Int == 0 && first["slippedMilestones"] as? Int == 1)
            #expect(first["overall"] as? String == "red")
            #expect(first["budgetUsed"] as? Double == 0.2692, "35,000 / 130,001")

            // The project's own thresholds: red only under 0.75, so 0.8 is amber; red must stay under amber.
            let wrong = try c.call(
                "POST",
                "/api/v1/status-thresholds",
                json: #"{"project":\#(p),"spiAmberBelow":0.9,"spiRedBelow":0.95}"#
            )
            #expect(wrong.status == 422)
            #expect(try wrong.items("errors").first?["code"] as? String == "above_amber")
            let set = try c.call(
                "POST",
                "/api/v1/status-thresholds",
                json: #"{"project":\#(p),"spiAmberBelow":0.9,"spiRedBelow":0.75}"#
            )
            #expect(set.status == 201, "\(set.text)")
            // A budget of 36,000: 35,000 is 97.22 % of it, at or over the 90 % that turns cost amber.
            #expect(
                try c.call(
                    "POST",
                    "/api/v1/budgets",
                    json: #"{"project":\#(p),"fiscalYear":2027,"category":"labour","amount":36000,"currency":"EUR"}"#
                ).status == 201
            )
            let second = try status()
            #expect(second["thresholdsSource"] as? String == "project")
            #expect((second["schedule"] as? [String: Any])?["rag"] as? String == "amber")
            #expect((second["cost"] as? [String: Any])?["rag"] as? String == "amber")
            #expect(second["budgetUsed"] as? Double == 0.9722)
            #expect(second["overall"] as? String == "amber")

            // A saved report takes the metrics as of its period's end.
            let january = try c.call(
                "POST",
                "/api/v1/status-reports",
                json:
                    #"{"project":\#(p),"periodStart":"2027-01-04","periodEnd":"2027-01-15","accomplishments":"Design drafted","decisionsNeeded":"Sign the design"}"#
            )
            #expect(january.status == 201, "\(january.text)")
            let j = try january.json()
            #expect(j["state"] as? String == "draft" && j["publishedAt"] is NSNull)
            #expect(j["spi"] as? Double == 0.8 && j["cpi"] as? Double == 1.1429)
            #expect(j["ac"] as? Int == 35_000 && j["overallRag"] as? String == "amber")
            #expect(j["slippedMilestones"] as? Int == 1 && j["openChangeRequests"] as? Int == 0)
            let janID = j["id"] as! Int

            // February 5th: PV 100,000 + 15,000 (B's 15,000.5 to the even), EV still 40,000: SPI 0.3478.
            let february = try c.call(
                "POST",
                "/api/v1/status-reports",
                json: #"{"project":\#(p),"periodStart":"2027-01-18","periodEnd":"2027-02-05"}"#
            )
            #expect(february.status == 201, "\(february.text)")
            let f = try february.json()
            #expect(f["spi"] as? Double == 0.3478 && f["pv"] as? Int == 115_000)
            let febID = f["id"] as! Int
            // A draft's snapshot is taken again on each save.
            try cost("2027-02-01", 1_000)
            let resaved = try c.call("PATCH", "/api/v1/status-reports/\(febID)", json: #"{"nextSteps":"Build B"}"#)
            #expect(try resaved.json()["ac"] as? Int == 36_000)

            // Published: stamped, then immutable and kept.
            let published = try c.call("PATCH", "/api/v1/status-reports/\(janID)", json: #"{"state":"published"}"#)
            #expect(published.status == 200, "\(published.text)")
            #expect(try published.json()["publishedAt"] as? String != nil)
            let changed = try c.call("PATCH", "/api/v1/status-reports/\(janID)", json: #"{"issues":"late"}"#)
            #expect(changed.status == 409 && changed.text.contains("published"), "\(changed.text)")
            #expect(try c.call("DELETE", "/api/v1/status-reports/\(janID)").status == 409)
            #expect(try c.call("DELETE", "/api/v1/status-reports/\(febID)").status == 204, "a draft may go")
            let backwards = try c.call(
                "POST",
                "/api/v1/status-reports",
                json: #"{"project":\#(p),"periodStart":"2027-03-01","periodEnd":"2027-02-01"}"#
            )
            #expect(backwards.status == 422)

            // Trends: the snapshots across saved reports, oldest period first.
            let third = try c.call(
                "POST",
                "/api/v1/status-reports",
                json: #"{"project":\#(p),"periodStart":"2027-01-01","periodEnd":"2027-01-08"}"#
            )
            #expect(third.status == 201)
            let trends = try c.call("GET", "/api/v1/projects/\(p)/status-trends")
            #expect(trends.status == 200, "\(trends.text)")
            let points = try #require(try trends.json()["points"] as? [[String: Any]])
            #expect(points.map { $0["periodEnd"] as? String } == ["2027-01-08", "2027-01-15"])
            // 8 January: A has 5 of 20 days (PV 25,000), EV 40,000: SPI 1.6.
            #expect(points.map { $0["spi"] as? Double } == [1.6, 0.8])
            #expect(points.map { $0["state"] as? String } == ["draft", "published"])
            let onlyPublished = try c.call("GET", "/api/v1/projects/\(p)/status-trends?state=published").json()
            #expect((onlyPublished["points"] as? [Any])?.count == 1)
            #expect(try c.call("GET", "/api/v1/projects/\(p)/status-trends?state=x").status == 400)
        }
    }

    @Test func thePortfolioHasOneRowPerProject() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let created = try c.call(
                "POST",
                "/api/v1/projects",
                json:
                    #"{"key":"PFA","name":"Measured","plannedStart":"2027-01-04","fundingCurrency":"EUR"}"#
            )
            #expect(created.status == 201, "\(created.text)")
            let p = try created.json()["id"] as! Int
            let a = try ProjectPlanTests.package(c, p, "A", extra: #""durationDays":20,"plannedCost":100000"#)
            #expect(
                try c.call("POST", "/api/v1/baselines", json: #"{"project":\#(p),"name":"Approved"}"#).status == 201
            )
            #expect(
                try c.call(
                    "PATCH",
                    "/api/v1/work-packages/\(a)",
                    json: #"{"percentComplete":40,"actualStart":"2027-01-04"}"#
                ).status == 200
            )
            // Progress reported as of Friday 15 January (after the baseline, which it would otherwise move).
            #expect(
                try c.call("PATCH", "/api/v1/projects/\(p)", json: #"{"statusDate":"2027-01-15"}"#).status == 200
            )
            for (name, due) in [("Later", "2027-03-01"), ("Sooner", "2027-02-01")] {
                #expect(
                    try c.call(
                        "POST",
                        "/api/v1/milestones",
                        json: #"{"project":\#(p),"name":"\#(name)","dueDate":"\#(due)"}"#
                    ).status == 201
                )
            }
            let bare = try ProjectPlanTests.project(c, key: "PFB")

            let first = try c.call("GET", "/api/v1/portfolio")
            #expect(first.status == 200, "\(first.text)")
            let rows = try #require(try first.json()["projects"] as? [[String: Any]])
            #expect(rows.map { $0["id"] as? Int } == [p, bare])
            let measured = rows[0]
            // As of its status date, 15 January: SPI 40,000 / 50,000, no cost yet so CPI is null.
            #expect(measured["asOf"] as? String == "2027-01-15" && measured["spi"] as? Double == 0.8)
            #expect(measured["cpi"] is NSNull && measured["actual"] as? Int == 0)
            #expect(measured["bac"] as? Int == 100_000 && measured["budget"] as? Int == 100_000)
            #expect((measured["rag"] as? [String: Any])?["schedule"] as? String == "red")
            #expect((measured["nextMilestone"] as? [String: Any])?["name"] as? String == "Sooner")
            #expect(measured["openChangeRequests"] as? Int == 0 && measured["status"] as? String == "proposed")
            #expect(rows[1]["spi"] is NSNull && (rows[1]["rag"] as? [String: Any])?["overall"] as? String == "green")

            // Unchanged: 304 on its tag; a cost entry changes it.
            let etag = try #require(first.headers["etag"])
            #expect(try c.call("GET", "/api/v1/portfolio", headers: ["If-None-Match": etag]).status == 304)
            #expect(
                try c.call(
                    "POST",
                    "/api/v1/cost-entries",
                    json: #"{"project":\#(p),"date":"2027-01-08","category":"labour","amount":50000,"currency":"EUR"}"#
                ).status == 201
            )
            let after = try c.call("GET", "/api/v1/portfolio", headers: ["If-None-Match": etag])
            #expect(after.status == 200)
            #expect((try after.json()["projects"] as? [[String: Any]])?.first?["cpi"] as? Double == 0.8)
            #expect(try c.call("GET", "/api/v1/portfolio?x=1").status == 400)
        }
    }
}

import Foundation
import TestSupport
import Testing

/// Baselines (issue 12, item 4): a snapshot of the plan, several a project, one current, and the variance of the
/// live plan against one, worked by hand on Monday-to-Friday weeks.
@Suite struct BaselineTests {
    @Test func aBaselineKeepsThePlanAndVarianceSaysWhatMoved() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c, key: "BAS", start: "2027-01-04")
            let parent = try ProjectPlanTests.package(c, p, "Build")
            let a = try ProjectPlanTests.package(
                c,
                p,
                "A",
                parent: parent,
                extra: #""durationDays":3,"plannedCost":1000"#
            )
            let b = try ProjectPlanTests.package(
                c,
                p,
                "B",
                parent: parent,
                extra: #""durationDays":2,"plannedCost":500"#
            )
            try WorkingCalendarScheduleTests.link(c, a, b)

            // A: Mon 4 – Wed 6, B: Thu 7 – Fri 8.
            let saved = try c.call("POST", "/api/v1/baselines", json: #"{"project":\#(p),"name":"Approved"}"#)
            #expect(saved.status == 201, "\(saved.text)")
            let baseline = try saved.json()
            #expect(baseline["isCurrent"] as? Bool == true, "the first baseline of a project is current")
            #expect(baseline["packageCount"] as? Int == 3)
            #expect(baseline["plannedStart"] as? String == "2027-01-04")
            #expect(baseline["plannedFinish"] as? String == "2027-01-08")
            #expect(baseline["plannedCost"] as? Int == 1500)
            #expect(baseline["snapshot"] == nil)
            let id = baseline["id"] as! Int

            // The plan moves: A takes 4 days and costs more, so B is Fri 8 – Mon 11; C is new; nothing is removed.
            #expect(
                try c.call("PATCH", "/api/v1/work-packages/\(a)", json: #"{"durationDays":4,"plannedCost":1200}"#)
                    .status == 200
            )
            try ProjectPlanTests.package(c, p, "C", extra: #""durationDays":1"#)

            // What a Gantt chart needs, in the one schedule request: the current baseline's bars, the links, and
            // the milestones with the forecast the schedule gives them (B leads to one due Thursday 7).
            let milestone = try c.call(
                "POST",
                "/api/v1/milestones",
                json: #"{"project":\#(p),"name":"Beta","dueDate":"2027-01-07"}"#
            )
            #expect(milestone.status == 201, "\(milestone.text)")
            let m = try milestone.json()["id"] as! Int
            #expect(try c.call("PATCH", "/api/v1/work-packages/\(b)", json: #"{"milestone":\#(m)}"#).status == 200)
            let gantt = try c.call("GET", "/api/v1/projects/\(p)/schedule").json()
            #expect((gantt["baseline"] as? [String: Any])?["name"] as? String == "Approved")
            let bars = Dictionary(
                uniqueKeysWithValues: (gantt["items"] as? [[String: Any]] ?? []).map { ($0["name"] as! String, $0) }
            )
            #expect(bars["B"]?["baselineStart"] as? String == "2027-01-07")
            #expect(bars["B"]?["baselineFinish"] as? String == "2027-01-08")
            #expect(bars["B"]?["earlyFinishDate"] as? String == "2027-01-11")
            #expect(bars["C"]?["baselineStart"] is NSNull)
            let links = gantt["links"] as? [[String: Any]]
            #expect(
                links?.count == 1 && links?.first?["predecessor"] as? Int == a
                    && links?.first?["type"] as? String == "FS"
            )
            let beta = (gantt["milestones"] as? [[String: Any]])?.first
            #expect(beta?["forecastDate"] as? String == "2027-01-11")
            #expect(beta?["slipDays"] as? Int == 2, "Thursday 7 to Monday 11: two working days late")
            let variance = try c.call("GET", "/api/v1/baselines/\(id)/variance")
            #expect(variance.status == 200, "\(variance.text)")
            let body = try variance.json()
            let total = try #require(body["total"] as? [String: Any])
            #expect(total["finishVarianceDays"] as? Int == 1)
            #expect(total["startVarianceDays"] as? Int == 0)
            #expect(total["costVariance"] as? Int == 200)
            #expect(total["finish"] as? String == "2027-01-11")
            #expect(
                [total["unchanged"], total["changed"], total["added"], total["removed"]].map { $0 as? Int } == [
                    1, 2, 1, 0,
                ]
            )
            let items = Dictionary(
                uniqueKeysWithValues: (body["items"] as? [[String: Any]] ?? []).map { ($0["name"] as! String, $0) }
            )
            #expect(items["A"]?["finishVarianceDays"] as? Int == 1)
            #expect(items["A"]?["durationVarianceDays"] as? Int == 1)
            #expect(items["A"]?["costVariance"] as? Int == 200)
            #expect(items["B"]?["startVarianceDays"] as? Int == 1)
            #expect(items["B"]?["baselineStart"] as? String == "2027-01-07")
            #expect(items["B"]?["start"] as? String == "2027-01-08")
            #expect(items["C"]?["status"] as? String == "added")
            #expect(items["Build"]?["status"] as? String == "unchanged")

            // A removed package is reported; the variance's tag changes with the plan.
            let tag = try #require(variance.headers["ETag"])
            #expect(try c.call("DELETE", "/api/v1/work-packages/\(b)").status == 204)
            let after = try c.call("GET", "/api/v1/baselines/\(id)/variance", headers: ["If-None-Match": tag])
            #expect(after.status == 200)
            let removed = (try after.json()["items"] as? [[String: Any]])?.first { $0["name"] as? String == "B" }
            #expect(removed?["status"] as? String == "removed")

            // Several baselines, one current; names unique in a project; the snapshot cannot be rewritten.
            let second = try c.call(
                "POST",
                "/api/v1/baselines",
                json: #"{"project":\#(p),"name":"Re-plan","isCurrent":true}"#
            )
            #expect(second.status == 201)
            #expect(try c.call("GET", "/api/v1/baselines/\(id)").json()["isCurrent"] as? Bool == false)
            #expect(
                try c.call("GET", "/api/v1/baselines?project=eq.\(p)&isCurrent=is.true").items().map {
                    $0["name"] as? String
                } == ["Re-plan"]
            )
            let again = try c.call("POST", "/api/v1/baselines", json: #"{"project":\#(p),"name":"Approved"}"#)
            #expect(again.status == 409)
            let other = try ProjectPlanTests.project(c, key: "OTH", start: "2027-01-04")
            let moved = try c.call("PATCH", "/api/v1/baselines/\(id)", json: #"{"project":\#(other)}"#)
            #expect(moved.status == 422)
            let forged = try c.call("PATCH", "/api/v1/baselines/\(id)", json: #"{"plannedCost":1}"#)
            #expect(forged.status == 422)
            #expect(try c.call("GET", "/api/v1/baselines/999/variance").status == 404)
        }
    }
}

import Foundation
import TestSupport
import Testing

/// Issue 12, item 3: one set of dates. The project's `forecastFinish`, a summary package's dates (its record and
/// the `/wbs` tree) and a milestone's forecast are the schedule's, kept in step by every write that moves it
/// (package, link, calendar); the hand-entered planned dates are the baseline beside them, not a second plan.
/// Worked by hand on Monday-to-Friday weeks from Monday 4 January 2027.
@Suite struct ScheduleTruthTests {
    @Test func forecastsSummariesAndMilestonesAreTheSchedulesDates() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c, key: "ONE", start: "2027-01-04")
            let build = try ProjectPlanTests.package(c, p, "Build")
            // A's hand-entered dates say March; its duration and the links say otherwise.
            let a = try ProjectPlanTests.package(
                c,
                p,
                "A",
                parent: build,
                extra: #""durationDays":3,"plannedStart":"2027-03-01","plannedFinish":"2027-03-10""#
            )
            let b = try ProjectPlanTests.package(c, p, "B", parent: build, extra: #""durationDays":2"#)
            try WorkingCalendarScheduleTests.link(c, a, b)
            let m = try c.call(
                "POST",
                "/api/v1/milestones",
                json: #"{"project":\#(p),"name":"M","dueDate":"2027-01-07"}"#
            )
            let milestone = try m.json()["id"] as! Int
            #expect(
                try c.call("PATCH", "/api/v1/work-packages/\(b)", json: #"{"milestone":\#(milestone)}"#).status == 200
            )

            func project() throws -> [String: Any] { try c.call("GET", "/api/v1/projects/\(p)").json() }
            func package(_ id: Int) throws -> [String: Any] { try c.call("GET", "/api/v1/work-packages/\(id)").json() }
            func forecast() throws -> String? {
                try c.call("GET", "/api/v1/milestones/\(milestone)").json()["forecastDate"] as? String
            }
            // A: Mon 4 – Wed 6; B: Thu 7 – Fri 8.
            let schedule = try c.call("GET", "/api/v1/projects/\(p)/schedule").json()
            #expect(schedule["finish"] as? String == "2027-01-08")
            #expect(try project()["forecastFinish"] as? String == "2027-01-08", "the schedule's, not March's")
            #expect(try package(build)["scheduledStart"] as? String == "2027-01-04")
            #expect(try package(build)["scheduledFinish"] as? String == "2027-01-08")
            #expect(try package(a)["scheduledFinish"] as? String == "2027-01-06")
            #expect(try forecast() == "2027-01-08")
            let tree = try c.call("GET", "/api/v1/projects/\(p)/wbs").items()
            let top = try #require(tree.first { $0["id"] as? Int == build })
            #expect(top["start"] as? String == "2027-01-04" && top["finish"] as? String == "2027-01-08")
            #expect(top["plannedStart"] as? String == "2027-03-01", "the hand-entered dates roll up beside them")
            // With no baseline saved, the hand-entered dates are the baseline bar.
            let bars = WorkingCalendarScheduleTests.items(schedule)
            #expect(bars["A"]?["baselineStart"] as? String == "2027-03-01")
            #expect(bars["A"]?["earlyStartDate"] as? String == "2027-01-04")

            // A longer A moves everything, and the milestone's tag changes with its forecast.
            let milestoneTag = try #require(c.call("GET", "/api/v1/milestones/\(milestone)").headers["ETag"])
            #expect(try c.call("PATCH", "/api/v1/work-packages/\(a)", json: #"{"durationDays":4}"#).status == 200)
            #expect(try project()["forecastFinish"] as? String == "2027-01-11")
            #expect(try package(build)["scheduledFinish"] as? String == "2027-01-11")
            #expect(try forecast() == "2027-01-11")
            let polled = try c.call(
                "GET",
                "/api/v1/milestones/\(milestone)",
                headers: ["If-None-Match": milestoneTag]
            )
            #expect(polled.status == 200, "a moved forecast is not a 304")

            // Without the link, B starts on day one: A (4 days) finishes last.
            let links = try c.call("GET", "/api/v1/dependencies?project=eq.\(p)").items()
            let link = try #require(links.first?["id"] as? Int)
            #expect(try c.call("DELETE", "/api/v1/dependencies/\(link)").status == 204)
            #expect(try project()["forecastFinish"] as? String == "2027-01-07")
            #expect(try forecast() == "2027-01-05")

            // A holiday on Tuesday 5 in the default calendar: A is Mon 4, Wed 6 – Fri 8.
            let calendar = try c.call(
                "POST",
                "/api/v1/calendars",
                json: #"{"name":"With a holiday","isDefault":true,"holidays":["2027-01-05"]}"#
            )
            #expect(calendar.status == 201, "\(calendar.text)")
            #expect(try project()["forecastFinish"] as? String == "2027-01-08")
            #expect(try forecast() == "2027-01-06")

            // Deleting the work leaves no schedule: the project's own planned finish (none) is all there is.
            #expect(try c.call("DELETE", "/api/v1/work-packages/\(build)").status == 204)
            #expect(try project()["forecastFinish"] is NSNull)
            #expect(try forecast() == nil)
        }
    }

    /// A batch of writes computes the schedule once, at its commit, and a batch that fails leaves the stored dates
    /// as they were.
    @Test func aBatchIsScheduledOnceAndAFailedOneLeavesTheDates() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c, key: "BAT", start: "2027-01-04")
            let ops = (1...3).map { n in
                #"{"method":"POST","path":"/api/v1/work-packages","body":{"project":\#(p),"name":"P\#(n)","durationDays":\#(n * 2)}}"#
            }
            let made = try c.call("POST", "/api/v1/batch", json: #"{"operations":[\#(ops.joined(separator: ","))]}"#)
            #expect(made.status == 200, "\(made.text)")
            // Three parallel packages: the longest (6 days) ends Monday 11.
            #expect(try c.call("GET", "/api/v1/projects/\(p)").json()["forecastFinish"] as? String == "2027-01-11")
            let failing = [
                #"{"method":"POST","path":"/api/v1/work-packages","body":{"project":\#(p),"name":"Long","durationDays":20}}"#,
                #"{"method":"POST","path":"/api/v1/work-packages","body":{"project":\#(p)}}"#,
            ]
            let refused = try c.call(
                "POST",
                "/api/v1/batch",
                json: #"{"operations":[\#(failing.joined(separator: ","))]}"#
            )
            #expect(refused.status >= 400)
            #expect(try c.call("GET", "/api/v1/projects/\(p)").json()["forecastFinish"] as? String == "2027-01-11")
        }
    }
}

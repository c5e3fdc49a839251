import Foundation
import TestSupport
import Testing

/// Issue 12, item 5: a plan goes out as Microsoft Project XML and comes back as the same schedule; a file that is
/// not a plan is a clear 4xx and leaves nothing behind. (`Tests/exchange/mspdi_check.py` reads the export with
/// MPXJ, an independent MSPDI reader.)
@Suite struct PlanExchangeTests {
    @Test func anExportImportsBackToTheSameSchedule() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let calendar = try c.call(
                "POST",
                "/api/v1/calendars",
                json: #"{"name":"Site","holidays":["2027-01-06"],"workingDates":["2027-01-09"]}"#
            )
            let cal = try calendar.json()["id"] as! Int
            let made = try c.call(
                "POST",
                "/api/v1/projects",
                json: #"{"key":"OUT","name":"Out & back","plannedStart":"2027-01-04","calendar":\#(cal)}"#
            )
            let p = try made.json()["id"] as! Int
            let phase = try ProjectPlanTests.package(c, p, "Phase")
            let a = try ProjectPlanTests.package(c, p, "A", parent: phase, extra: #""durationDays":3"#)
            let b = try ProjectPlanTests.package(
                c,
                p,
                "B",
                parent: phase,
                extra: #""durationDays":2,"constraintType":"start_no_earlier_than","constraintDate":"2027-01-12""#
            )
            let m = try ProjectPlanTests.package(c, p, "Done", extra: #""durationDays":0"#)
            try WorkingCalendarScheduleTests.link(c, a, b, type: "SS", lag: 1)
            try WorkingCalendarScheduleTests.link(c, b, m, type: "FF", lag: -1)
            try WorkingCalendarScheduleTests.link(c, a, m, type: "SF", lag: 2)

            let export = try c.call("GET", "/api/v1/projects/\(p)/schedule?format=mspdi")
            #expect(export.status == 200)
            #expect(export.headers["Content-Type"]?.hasPrefix("application/xml") == true)
            #expect(export.text.contains("<Title>Out &amp; back</Title>"))
            #expect(export.text.contains("<LinkLag>-4800</LinkLag>"), "a lead of one working day")
            let tag = try #require(export.headers["ETag"])
            #expect(
                try c.call("GET", "/api/v1/projects/\(p)/schedule?format=mspdi", headers: ["If-None-Match": tag])
                    .status == 304
            )

            let imported = try c.call(
                "POST",
                "/api/v1/projects/import?key=BACK",
                json: export.text,
                headers: ["Content-Type": "application/xml"]
            )
            #expect(imported.status == 201, "\(imported.text)")
            let report = try imported.json()
            #expect(report["workPackages"] as? Int == 4 && report["dependencies"] as? Int == 3)
            let q = try #require(report["project"] as? Int)
            #expect(imported.headers["Location"] == "/api/v1/projects/\(q)")
            func schedule(_ id: Int) throws -> [String: [String: String]] {
                let s = try c.call("GET", "/api/v1/projects/\(id)/schedule").json()
                return Dictionary(
                    uniqueKeysWithValues: (s["items"] as? [[String: Any]] ?? []).map { item in
                        (
                            item["wbsCode"] as! String,
                            [
                                "start": item["earlyStartDate"] as! String,
                                "finish": item["earlyFinishDate"] as! String,
                                "late": item["lateStartDate"] as! String, "float": "\(item["totalFloat"]!)",
                                "constraint":
                                    ((item["dateConstraint"] as? [String: Any]).map {
                                        "\($0["type"]!) \($0["date"]!) \($0["violated"]!)"
                                    } ?? "none"),
                            ]
                        )
                    }
                )
            }
            let original = try schedule(p)
            #expect(original.count == 3)
            #expect(try schedule(q) == original)
            #expect(try c.call("GET", "/api/v1/projects/\(q)").json()["name"] as? String == "Out & back")
        }
    }

    @Test func aFileThatIsNotAPlanIsRefusedAndLeavesNothing() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            func post(_ key: String, _ body: String, _ type: String = "application/xml") throws -> RawResponse {
                try c.call(
                    "POST",
                    "/api/v1/projects/import?key=\(key)",
                    json: body,
                    headers: ["Content-Type": type]
                )
            }
            #expect(try post("BADA", "<Project><Tasks>").status == 400)
            let doctype = try post("BADB", #"<!DOCTYPE Project [<!ENTITY e "x">]><Project><Tasks/></Project>"#)
            #expect(doctype.status == 400)
            #expect(doctype.text.contains("document type declaration"))
            #expect(try post("BADC", "<Workbook/>").status == 422)
            #expect(try post("BADD", "{}", "application/json").status == 415)
            #expect(try c.call("POST", "/api/v1/projects/import", json: "{}").status == 400, "no key")
            // Tasks are created before the links: a link to a task not in the file rolls them all back.
            let dangling = try post(
                "BADE",
                "<Project><Tasks><Task><UID>1</UID><Name>a</Name></Task><Task><UID>2</UID><Name>b</Name><PredecessorLink><PredecessorUID>7</PredecessorUID></PredecessorLink></Task></Tasks></Project>"
            )
            #expect(dangling.status == 422)
            #expect(dangling.text.contains("not in the plan"))
            // A refusal of one record names the task it came from.
            let long = String(repeating: "x", count: 300)
            let named = try post(
                "BADF",
                "<Project><Tasks><Task><UID>5</UID><Name>\(long)</Name></Task></Tasks></Project>"
            )
            #expect(named.status == 422)
            #expect(named.text.contains("UID 5"))
            let tooMany = "<Project><Tasks>" + String(repeating: "<Task><UID>1</UID></Task>", count: 10_002)
            #expect(try post("BADG", tooMany + "</Tasks></Project>").status == 422)
            #expect(try c.call("GET", "/api/v1/projects").json()["totalItems"] as? Int == 0)
            #expect(try c.call("GET", "/api/v1/work-packages").json()["totalItems"] as? Int == 0)
            // CSV: wbsCode gives the tree, predecessors the links.
            let csv = "wbsCode,name,durationDays,predecessors\r\n1,Top,,\r\n1.1,A,2,\r\n1.2,B,1,1.1FS+1\r\n"
            let ok = try c.call(
                "POST",
                "/api/v1/projects/import?key=CSVA&start=2027-01-04",
                json: csv,
                headers: ["Content-Type": "text/csv"]
            )
            #expect(ok.status == 201, "\(ok.text)")
            let p = try ok.json()["project"] as! Int
            let items = WorkingCalendarScheduleTests.items(try c.call("GET", "/api/v1/projects/\(p)/schedule").json())
            #expect(items["B"]?["earlyStartDate"] as? String == "2027-01-07", "A Mon 4 – Tue 5, a day's lag, B Thu 7")
        }
    }
}

import Foundation
import TestSupport
import Testing

/// The schedule counts working days of the project's calendar (issue 12): worked examples computed by hand.
@Suite struct WorkingCalendarScheduleTests {
    /// Links two packages (201 expected).
    static func link(_ c: RawClient, _ from: Int, _ to: Int, type: String = "FS", lag: Int = 0) throws {
        let r = try c.call(
            "POST",
            "/api/v1/dependencies",
            json: #"{"predecessor":\#(from),"successor":\#(to),"type":"\#(type)","lagDays":\#(lag)}"#
        )
        #expect(r.status == 201, "\(r.text)")
    }

    static func items(_ schedule: [String: Any]) -> [String: [String: Any]] {
        Dictionary(
            uniqueKeysWithValues: (schedule["items"] as? [[String: Any]] ?? []).map { ($0["name"] as! String, $0) }
        )
    }

    /// Friday 1 January 2027 is a holiday. The plan starts that day, so its first working day is Monday 4 January.
    /// A (3 days): Mon 4 – Wed 6. B after A with a lag of 1 working day (Thu 7): Fri 8 – Mon 11 (2 days, over the
    /// weekend). C starts with A (SS + 2): Wed 6 – Thu 7. M, a milestone after B, sits on the day its start maps
    /// to: Tue 12, which is the plan's last day. D finishes with B (FF + 0), 4 days: Wed 6 – Mon 11.
    @Test func aNetworkOverAWeekendAndAHoliday() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let calendar = try c.call(
                "POST",
                "/api/v1/calendars",
                json: #"{"name":"Office 2027","holidays":["2027-01-01"]}"#
            )
            #expect(calendar.status == 201)
            let calendarID = try calendar.json()["id"] as! Int
            let project = try c.call(
                "POST",
                "/api/v1/projects",
                json: #"{"key":"CAL","name":"Calendar","plannedStart":"2027-01-01","calendar":\#(calendarID)}"#
            )
            #expect(project.status == 201, "\(project.text)")
            let p = try project.json()["id"] as! Int
            var ids: [String: Int] = [:]
            for (name, days) in [("A", 3), ("B", 2), ("C", 2), ("M", 0), ("D", 4)] {
                ids[name] = try ProjectPlanTests.package(c, p, name, extra: #""durationDays":\#(days)"#)
            }
            for (from, to, type, lag) in [
                ("A", "B", "FS", 1), ("A", "C", "SS", 2), ("B", "M", "FS", 0), ("B", "D", "FF", 0),
            ] {
                try Self.link(c, ids[from]!, ids[to]!, type: type, lag: lag)
            }
            let schedule = try c.call("GET", "/api/v1/projects/\(p)/schedule").json()
            #expect(schedule["start"] as? String == "2027-01-04")
            #expect(schedule["finish"] as? String == "2027-01-12")
            #expect(schedule["durationDays"] as? Int == 6, "working days of work; the closing milestone takes none")
            #expect((schedule["calendar"] as? [String: Any])?["name"] as? String == "Office 2027")
            #expect(
                schedule["nonWorkingDays"] as? [String] == ["2027-01-09", "2027-01-10"],
                "the weekend inside the plan (the holiday is before its first working day)"
            )
            let items = Self.items(schedule)
            func dates(_ name: String) -> [String?] {
                [items[name]?["earlyStartDate"] as? String, items[name]?["earlyFinishDate"] as? String]
            }
            #expect(dates("A") == ["2027-01-04", "2027-01-06"])
            #expect(dates("B") == ["2027-01-08", "2027-01-11"])
            #expect(dates("C") == ["2027-01-06", "2027-01-07"])
            #expect(dates("M") == ["2027-01-12", "2027-01-12"])
            #expect(dates("D") == ["2027-01-06", "2027-01-11"])
            #expect(items["C"]?["totalFloat"] as? Int == 2)  // C may finish as late as B, on Monday 11

            // Working on a Saturday (a working date) pulls B in; the tag changes with the calendar.
            let tag = try #require(try c.call("GET", "/api/v1/projects/\(p)/schedule").headers["ETag"])
            let patched = try c.call(
                "PATCH",
                "/api/v1/calendars/\(calendarID)",
                json: #"{"workingDates":["2027-01-09"]}"#
            )
            #expect(patched.status == 200)
            let after = try c.call("GET", "/api/v1/projects/\(p)/schedule", headers: ["If-None-Match": tag])
            #expect(after.status == 200)
            #expect(Self.items(try after.json())["B"]?["earlyFinishDate"] as? String == "2027-01-09")
        }
    }

    /// Without a planned start the schedule starts from the earliest package date, else today, and says which.
    @Test func theStartSaysWhereItCameFrom() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let created = try c.call("POST", "/api/v1/projects", json: #"{"key":"NOS","name":"No start"}"#)
            let p = try created.json()["id"] as! Int
            let schedule = try c.call("GET", "/api/v1/projects/\(p)/schedule").json()
            #expect(schedule["startBasis"] as? String == "today")
            // Planned dates over a weekend count working days: Friday to Monday is 2.
            try ProjectPlanTests.package(
                c,
                p,
                "W",
                extra: #""plannedStart":"2027-01-08","plannedFinish":"2027-01-11""#
            )
            let dated = try c.call("GET", "/api/v1/projects/\(p)/schedule").json()
            #expect(dated["startBasis"] as? String == "earliestPackageStart")
            #expect(Self.items(dated)["W"]?["durationDays"] as? Int == 2)
            #expect(dated["finish"] as? String == "2027-01-11")
        }
    }

    /// Constraints, worked by hand on Monday-to-Friday weeks from Monday 4 January 2027. A: Mon 4 – Wed 6.
    /// B after A, start no earlier than Mon 11: Mon 11 – Tue 12. C after A, finish no later than Thu 7, but 2 days
    /// from Thu 7 end on Fri 8: violated, float −1, and A (which feeds it) gets −1 too, its late start the
    /// Friday before the plan. D must start on Tue 5: it does. E after B must start on Tue 12, but B ends that day:
    /// E starts Wed 13, violated, float −1; the plan ends Wed 13.
    @Test func constraintsShowAsNegativeFloatNeverMoved() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c, key: "CON", start: "2027-01-04")
            var ids: [String: Int] = [:]
            for (name, days, constraint) in [
                ("A", 3, ""), ("B", 2, "start_no_earlier_than:2027-01-11"),
                ("C", 2, "finish_no_later_than:2027-01-07"), ("D", 1, "must_start_on:2027-01-05"),
                ("E", 1, "must_start_on:2027-01-12"),
            ] {
                var extra = #""durationDays":\#(days)"#
                let parts = constraint.split(separator: ":")
                if parts.count == 2 { extra += #","constraintType":"\#(parts[0])","constraintDate":"\#(parts[1])""# }
                ids[name] = try ProjectPlanTests.package(c, p, name, extra: extra)
            }
            for (from, to) in [("A", "B"), ("A", "C"), ("B", "E")] { try Self.link(c, ids[from]!, ids[to]!) }
            let schedule = try c.call("GET", "/api/v1/projects/\(p)/schedule").json()
            let items = Self.items(schedule)
            func row(_ name: String) -> [String?] {
                let item = items[name]
                return [item?["earlyStartDate"] as? String, item?["earlyFinishDate"] as? String]
            }
            func float(_ name: String) -> Int? { items[name]?["totalFloat"] as? Int }
            func violated(_ name: String) -> Bool? {
                (items[name]?["dateConstraint"] as? [String: Any])?["violated"] as? Bool
            }
            #expect(row("A") == ["2027-01-04", "2027-01-06"])
            #expect(row("B") == ["2027-01-11", "2027-01-12"])
            #expect(row("C") == ["2027-01-07", "2027-01-08"])
            #expect(row("D") == ["2027-01-05", "2027-01-05"])
            #expect(row("E") == ["2027-01-13", "2027-01-13"])
            #expect([float("A"), float("B"), float("C"), float("D"), float("E")] == [-1, -1, -1, 0, -1])
            #expect([violated("B"), violated("C"), violated("D"), violated("E")] == [false, true, false, true])
            #expect(items["A"]?["dateConstraint"] is NSNull)
            #expect(items["A"]?["lateStartDate"] as? String == "2027-01-01")
            #expect(schedule["finish"] as? String == "2027-01-13")
            #expect(items["C"]?["critical"] as? Bool == true, "negative float is critical")
            // The same schedule for a spreadsheet, in WBS order; numbers stay numbers.
            let csv = try c.call("GET", "/api/v1/projects/\(p)/schedule?format=csv")
            #expect(csv.headers["Content-Type"]?.hasPrefix("text/csv") == true)
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasPrefix("id,wbsCode,name,durationDays,earlyStart,earlyFinish,") == true)
            #expect(lines.count == 6)
            #expect(
                lines.contains { $0.contains(",C,2,2027-01-07,2027-01-08,2027-01-06,2027-01-07,-1,true,not_started,,") }
            )
            #expect(try c.call("GET", "/api/v1/projects/\(p)/schedule?format=xml").status == 400)

            // A type without a date (or the reverse) is refused.
            let half = try c.call(
                "PATCH",
                "/api/v1/work-packages/\(ids["A"]!)",
                json: #"{"constraintType":"must_start_on"}"#
            )
            #expect(half.status == 422)
            #expect(try half.items("errors").first?["field"] as? String == "constraintDate")
        }
    }

    /// Progress as of a status date (Wednesday 6 January 2027), worked by hand. F actually ran on Friday 1
    /// January, before the planned start, so the plan starts there (working days: Fri 1, Mon 4, Tue 5, Wed 6, Thu 7,
    /// Fri 8, Mon 11, Tue 12). A ran Mon 4 – Tue 5 (done early). B, after A, began Wed 6 and is 25 % done of 4
    /// days: 3 remain after the status date, Thu 7 – Mon 11. E began Tue 5 with 1 day remaining: Thu 7. C has not
    /// started and cannot start before the status date: Thu 7 – Fri 8. D follows B: Tue 12.
    @Test func progressAsOfAStatusDate() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let created = try c.call(
                "POST",
                "/api/v1/projects",
                json: #"{"key":"PRG","name":"Progress","plannedStart":"2027-01-04","statusDate":"2027-01-06"}"#
            )
            #expect(created.status == 201, "\(created.text)")
            let p = try created.json()["id"] as! Int
            var ids: [String: Int] = [:]
            for (name, extra) in [
                ("F", #""durationDays":1,"actualStart":"2027-01-01","actualFinish":"2027-01-01""#),
                ("A", #""durationDays":3,"actualStart":"2027-01-04","actualFinish":"2027-01-05""#),
                ("B", #""durationDays":4,"actualStart":"2027-01-06","percentComplete":25"#),
                ("C", #""durationDays":2"#),
                ("E", #""durationDays":3,"actualStart":"2027-01-05","remainingDays":1"#),
                ("D", #""durationDays":1"#),
            ] {
                ids[name] = try ProjectPlanTests.package(c, p, name, extra: extra)
            }
            for (from, to) in [("A", "B"), ("B", "D")] { try Self.link(c, ids[from]!, ids[to]!) }
            let schedule = try c.call("GET", "/api/v1/projects/\(p)/schedule").json()
            #expect(schedule["start"] as? String == "2027-01-01")
            #expect(schedule["startBasis"] as? String == "actualStart")
            #expect(schedule["statusDate"] as? String == "2027-01-06")
            #expect(schedule["finish"] as? String == "2027-01-12")
            let items = Self.items(schedule)
            func row(_ name: String) -> [String?] {
                [
                    items[name]?["earlyStartDate"] as? String, items[name]?["earlyFinishDate"] as? String,
                    items[name]?["progress"] as? String,
                ]
            }
            #expect(row("F") == ["2027-01-01", "2027-01-01", "completed"])
            #expect(row("A") == ["2027-01-04", "2027-01-05", "completed"])
            #expect(row("B") == ["2027-01-06", "2027-01-11", "in_progress"])
            #expect(row("E") == ["2027-01-05", "2027-01-07", "in_progress"])
            #expect(row("C") == ["2027-01-07", "2027-01-08", "not_started"])
            #expect(row("D") == ["2027-01-12", "2027-01-12", "not_started"])

            // Actuals that contradict each other are refused, every issue at once.
            let bad = try c.call(
                "PATCH",
                "/api/v1/work-packages/\(ids["C"]!)",
                json: #"{"actualFinish":"2027-01-05","remainingDays":2}"#
            )
            #expect(bad.status == 422)
            #expect(
                Set(try bad.items("errors").compactMap { $0["field"] as? String }) == ["actualStart", "remainingDays"]
            )
            let backwards = try c.call(
                "PATCH",
                "/api/v1/work-packages/\(ids["C"]!)",
                json: #"{"actualStart":"2027-01-08","actualFinish":"2027-01-07"}"#
            )
            #expect(try backwards.items("errors").first?["code"] as? String == "before_start")
        }
    }
}

import Foundation
import TestSupport
import Testing

/// Projects, the WBS and the schedule over HTTP.
@Suite struct ProjectPlanTests {
    static func project(_ c: RawClient, key: String = "ERP", start: String = "2026-01-05") throws -> Int {
        let r = try c.call(
            "POST",
            "/api/v1/projects",
            json: #"{"key":"\#(key)","name":"Project \#(key)","plannedStart":"\#(start)"}"#
        )
        #expect(r.status == 201)
        return try r.json()["id"] as! Int
    }

    @discardableResult
    static func package(
        _ c: RawClient,
        _ project: Int,
        _ name: String,
        parent: Int? = nil,
        extra: String = ""
    ) throws -> Int {
        var body = #""project":\#(project),"name":"\#(name)""#
        if let parent { body += #","parent":\#(parent)"# }
        if !extra.isEmpty { body += "," + extra }
        let r = try c.call("POST", "/api/v1/work-packages", json: "{\(body)}")
        #expect(r.status == 201, "\(r.text)")
        return try r.json()["id"] as? Int ?? 0
    }

    static func codes(_ c: RawClient, _ project: Int) throws -> [String: String] {
        let items = try c.call("GET", "/api/v1/projects/\(project)/wbs").items()
        return Dictionary(uniqueKeysWithValues: items.map { ($0["name"] as! String, $0["wbsCode"] as! String) })
    }

    @Test func wbsCodesFollowInsertsMovesReordersAndDeletes() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try Self.project(c)
            let a = try Self.package(c, p, "A")
            let b = try Self.package(c, p, "B")
            let a1 = try Self.package(c, p, "A1", parent: a)
            try Self.package(c, p, "A2", parent: a)
            try Self.package(c, p, "A0", parent: a, extra: #""position":1"#)
            try Self.package(c, p, "A1x", parent: a1)
            #expect(
                try Self.codes(c, p) == ["A": "1", "B": "2", "A0": "1.1", "A1": "1.2", "A2": "1.3", "A1x": "1.2.1"]
            )
            let listed = try c.call("GET", "/api/v1/work-packages?project=eq.\(p)&sort=wbsPath").items()
            #expect(listed.map { $0["wbsCode"] as? String } == ["1", "1.1", "1.2", "1.2.1", "1.3", "2"])
            #expect(listed.map { $0["isLeaf"] as? Bool } == [false, true, false, true, true, true])
            // Move A1 (with its child) under B, then put B first.
            #expect(try c.call("PATCH", "/api/v1/work-packages/\(a1)", json: #"{"parent":\#(b)}"#).status == 200)
            #expect(
                try Self.codes(c, p) == ["A": "1", "B": "2", "A0": "1.1", "A2": "1.2", "A1": "2.1", "A1x": "2.1.1"]
            )
            #expect(try c.call("PATCH", "/api/v1/work-packages/\(b)", json: #"{"position":1}"#).status == 200)
            #expect(
                try Self.codes(c, p) == ["B": "1", "A": "2", "A1": "1.1", "A1x": "1.1.1", "A0": "2.1", "A2": "2.2"]
            )
            // A move into its own subtree is refused.
            let cycle = try c.call("PATCH", "/api/v1/work-packages/\(b)", json: #"{"parent":\#(a1)}"#)
            #expect(cycle.status == 409)
            // Deleting B deletes its subtree; A becomes 1.
            #expect(try c.call("DELETE", "/api/v1/work-packages/\(b)").status == 204)
            #expect(try Self.codes(c, p) == ["A": "1", "A0": "1.1", "A2": "1.2"])
            #expect(try c.call("GET", "/api/v1/work-packages/\(a1)").status == 404)
        }
    }

    /// An appended package is placed by the INSERT itself: the 201 body carries its code and path, and the path
    /// sorts `1.10` after `1.9`, which the code cannot.
    @Test func appendedPackagesAreNumberedInTheCreateResponse() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try Self.project(c)
            let top = try Self.package(c, p, "Top")
            var paths: [String] = []
            for n in 1...11 {
                let r = try c.call(
                    "POST",
                    "/api/v1/work-packages",
                    json: #"{"project":\#(p),"parent":\#(top),"name":"C\#(n)"}"#
                )
                let body = try r.json()
                #expect(body["wbsCode"] as? String == "1.\(n)")
                #expect(body["position"] as? Int == n)
                #expect(body["isLeaf"] as? Bool == true)
                paths.append(body["wbsPath"] as? String ?? "")
            }
            #expect(paths.first == "0000001.0000001" && paths == paths.sorted())
            let top1 = try c.call("GET", "/api/v1/work-packages/\(top)").json()
            #expect(top1["isLeaf"] as? Bool == false)
            let names = try c.call("GET", "/api/v1/work-packages?project=eq.\(p)&sort=wbsPath&fields=name").items()
            #expect(names.map { $0["name"] as? String } == ["Top"] + (1...11).map { "C\($0)" })
            let second = try c.call("POST", "/api/v1/work-packages", json: #"{"project":\#(p),"name":"Second"}"#)
            #expect(try second.json()["wbsCode"] as? String == "2")
            #expect(try second.json()["wbsPath"] as? String == "0000002")
        }
    }

    /// /wbs and /schedule carry a weak tag over what they read; a poll with If-None-Match is a 304 until a write
    /// to work packages (either view), dependencies or the project (the schedule) changes it.
    @Test func planViewsRevalidateByTag() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try Self.project(c)
            let a = try Self.package(c, p, "A", extra: #""durationDays":2"#)
            let b = try Self.package(c, p, "B", extra: #""durationDays":3"#)
            func tag(_ path: String) throws -> String { try c.call("GET", path).headers["ETag"] ?? "" }
            func status(_ path: String, _ tag: String) throws -> Int {
                try c.call("GET", path, headers: ["If-None-Match": tag]).status
            }
            let wbs = "/api/v1/projects/\(p)/wbs"
            let schedule = "/api/v1/projects/\(p)/schedule"
            var wbsTag = try tag(wbs)
            var scheduleTag = try tag(schedule)
            #expect(wbsTag.hasPrefix("W/\"") && scheduleTag.hasPrefix("W/\"") && wbsTag != scheduleTag)
            #expect(try status(wbs, wbsTag) == 304 && status(schedule, scheduleTag) == 304)
            #expect(try tag(wbs + "?format=csv") != wbsTag)

            let link = #"{"predecessor":\#(a),"successor":\#(b)}"#
            #expect(try c.call("POST", "/api/v1/dependencies", json: link).status == 201)
            // The tree shows the schedule's dates (B now starts after A), so a link changes it too.
            #expect(try status(wbs, wbsTag) == 200, "a link moves the tree's scheduled dates")
            #expect(try status(schedule, scheduleTag) == 200)
            scheduleTag = try tag(schedule)
            wbsTag = try tag(wbs)

            #expect(try c.call("PATCH", "/api/v1/projects/\(p)", json: #"{"plannedStart":"2026-02-02"}"#).status == 200)
            #expect(try status(schedule, scheduleTag) == 200)
            scheduleTag = try tag(schedule)

            try Self.package(c, p, "C")
            #expect(try status(wbs, wbsTag) == 200 && status(schedule, scheduleTag) == 200)
            wbsTag = try tag(wbs)
            #expect(try status(wbs, wbsTag) == 304)
        }
    }

    @Test func parentsRollUpTheirLeaves() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try Self.project(c)
            let root = try Self.package(c, p, "Root")
            let x = try Self.package(c, p, "X", parent: root)
            try Self.package(
                c,
                p,
                "X1",
                parent: x,
                extra:
                    #""plannedStart":"2026-02-01","plannedFinish":"2026-02-10","estimatedEffortHours":10,"percentComplete":100,"plannedCost":1000,"actualCost":900"#
            )
            try Self.package(
                c,
                p,
                "X2",
                parent: x,
                extra:
                    #""plannedStart":"2026-02-05","plannedFinish":"2026-03-01","estimatedEffortHours":30,"percentComplete":20,"plannedCost":3000"#
            )
            try Self.package(
                c,
                p,
                "Y",
                parent: root,
                extra:
                    #""plannedStart":"2026-01-20","plannedFinish":"2026-02-02","estimatedEffortHours":60,"percentComplete":50,"plannedCost":500"#
            )
            let items = try c.call("GET", "/api/v1/projects/\(p)/wbs").items()
            let byName = Dictionary(uniqueKeysWithValues: items.map { ($0["name"] as! String, $0) })
            let r = try #require(byName["Root"])
            #expect(r["plannedStart"] as? String == "2026-01-20")
            #expect(r["plannedFinish"] as? String == "2026-03-01")
            #expect(r["estimatedEffortHours"] as? Double == 100)
            #expect(r["plannedCost"] as? Int == 4500)
            #expect(r["actualCost"] as? Int == 900)
            // (10·100 + 30·20 + 60·50) / 100 = 46
            #expect(r["percentComplete"] as? Double == 46)
            #expect(byName["X"]?["percentComplete"] as? Double == 40)
            #expect(byName["X"]?["depth"] as? Int == 2)
            #expect(items.map { $0["name"] as! String } == ["Root", "X", "X1", "X2", "Y"])
            #expect(try c.call("GET", "/api/v1/projects/\(p)?fields=progress").json()["progress"] as? Double == 46)
            let csv = try c.call("GET", "/api/v1/projects/\(p)/wbs?format=csv")
            #expect(csv.text.hasPrefix("id,parent,wbsCode,depth,name"))
            #expect(csv.text.split(separator: "\r\n").count == 6)
        }
    }

    /// Issue 13: a roll-up never adds different currencies. A leaf's currency is its own `costCurrency`, else
    /// the project's; a package over leaves in two currencies shows no cost sum and says why.
    @Test func costsRollUpOnlyWithinOneCurrency() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try Self.project(c)
            let root = try Self.package(c, p, "Root")
            let eur = try Self.package(c, p, "EUR", parent: root)
            try Self.package(c, p, "E1", parent: eur, extra: #""plannedCost":1000,"costCurrency":"EUR""#)
            try Self.package(c, p, "E2", parent: eur, extra: #""plannedCost":250,"actualCost":100"#)
            try Self.package(c, p, "USD", parent: root, extra: #""plannedCost":700,"costCurrency":"USD""#)
            func items() throws -> [String: [String: Any]] {
                let items = try c.call("GET", "/api/v1/projects/\(p)/wbs").items()
                return Dictionary(uniqueKeysWithValues: items.map { ($0["name"] as! String, $0) })
            }
            // No project currency yet: E2 has none, E1 is in euros, so even "EUR" mixes a currency with none.
            var byName = try items()
            #expect(byName["EUR"]?["currencyMixed"] as? Bool == true)
            #expect(byName["EUR"]?["plannedCost"] is NSNull && byName["EUR"]?["costCurrency"] is NSNull)
            #expect(byName["USD"]?["plannedCost"] as? Int == 700 && byName["USD"]?["costCurrency"] as? String == "USD")
            // In euros the project's uncosted leaves count as euros: EUR adds up, Root still mixes in dollars.
            let patch = try c.call("PATCH", "/api/v1/projects/\(p)", json: #"{"fundingCurrency":"EUR"}"#)
            #expect(patch.status == 200, "\(patch.text)")
            byName = try items()
            #expect(byName["EUR"]?["plannedCost"] as? Int == 1250 && byName["EUR"]?["actualCost"] as? Int == 100)
            #expect(
                byName["EUR"]?["costCurrency"] as? String == "EUR" && byName["EUR"]?["currencyMixed"] as? Bool == false
            )
            #expect(byName["Root"]?["currencyMixed"] as? Bool == true)
            #expect(byName["Root"]?["plannedCost"] is NSNull && byName["Root"]?["actualCost"] is NSNull)
            let csv = try c.call("GET", "/api/v1/projects/\(p)/wbs?format=csv").text
            #expect(csv.contains(",EUR,false,") && csv.contains(",,true,"), "\(csv)")
        }
    }

    @Test func scheduleFindsTheCriticalPath() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try Self.project(c, start: "2026-03-02")
            var ids: [String: Int] = [:]
            for (name, days) in [("A", 3), ("B", 4), ("C", 2), ("D", 5), ("E", 3), ("F", 2)] {
                ids[name] = try Self.package(c, p, name, extra: #""durationDays":\#(days)"#)
            }
            for (from, to) in [("A", "B"), ("A", "C"), ("B", "D"), ("C", "E"), ("D", "F"), ("E", "F")] {
                let r = try c.call(
                    "POST",
                    "/api/v1/dependencies",
                    json: #"{"predecessor":\#(ids[from]!),"successor":\#(ids[to]!)}"#
                )
                #expect(r.status == 201)
            }
            let lagged = try c.call(
                "POST",
                "/api/v1/dependencies",
                json: #"{"predecessor":\#(ids["F"]!),"successor":\#(ids["A"]!)}"#
            )
            #expect(lagged.status == 409, "F → A would close a cycle")
            let schedule = try c.call("GET", "/api/v1/projects/\(p)/schedule").json()
            // 14 working days from Monday 2 March, weekends not worked: Monday 2 … Thursday 19 March.
            #expect(schedule["durationDays"] as? Int == 14)
            #expect(schedule["finish"] as? String == "2026-03-19")
            #expect(schedule["startBasis"] as? String == "plannedStart")
            #expect((schedule["critical"] as? [Int]) == ["A", "B", "D", "F"].map { ids[$0]! })
            let items = try #require(schedule["items"] as? [[String: Any]])
            let c1 = try #require(items.first { $0["name"] as? String == "C" })
            #expect(c1["totalFloat"] as? Int == 4)
            #expect(c1["earlyStartDate"] as? String == "2026-03-05")
            #expect(c1["lateStartDate"] as? String == "2026-03-11")  // working day 7: Wednesday of week two
        }
    }

    @Test func lifecycleAndReferentialIntegrity() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            _ = try c.call("POST", "/api/v1/people", json: #"{"name":"Ada","email":"ada@example.com"}"#)
            let created = try c.call("POST", "/api/v1/projects", json: #"{"key":"CRM","name":"CRM","manager":1}"#)
            #expect(try created.json()["status"] as? String == "proposed")
            #expect(try c.call("POST", "/api/v1/projects", json: #"{"key":"CRM","name":"Again"}"#).status == 409)
            #expect(try c.call("POST", "/api/v1/projects", json: #"{"key":"crm!","name":"Bad"}"#).status == 422)
            let illegal = try c.call("PATCH", "/api/v1/projects/1", json: #"{"status":"completed"}"#)
            #expect(illegal.status == 409)
            #expect((try illegal.json()["detail"] as? String)?.contains("active, cancelled") == true)
            for next in ["active", "on_hold", "active", "completed"] {
                #expect(try c.call("PATCH", "/api/v1/projects/1", json: #"{"status":"\#(next)"}"#).status == 200)
            }
            #expect(try c.call("PATCH", "/api/v1/projects/1", json: #"{"status":"active"}"#).status == 409)
            // A completed project is history: neither it nor its plan changes any more.
            let rename = try c.call("PATCH", "/api/v1/projects/1", json: #"{"name":"CRM 2"}"#)
            #expect(rename.status == 409)
            #expect((try rename.json()["detail"] as? String)?.contains("is completed") == true)
            let late = try c.call("POST", "/api/v1/work-packages", json: #"{"project":1,"name":"Late"}"#)
            #expect(late.status == 409)
            #expect((try late.json()["detail"] as? String)?.contains("project 1 is completed") == true)
            let person = try c.call("DELETE", "/api/v1/people/1")
            #expect(person.status == 409)
            #expect((try person.json()["detail"] as? String)?.contains("projects (manager)") == true)
            let open = try Self.project(c, key: "CRM2")
            let leaf = try Self.package(c, open, "Leaf")
            let other = try Self.package(c, open, "Other")
            _ = try c.call("POST", "/api/v1/dependencies", json: #"{"predecessor":\#(leaf),"successor":\#(other)}"#)
            #expect(
                try c.call(
                    "POST",
                    "/api/v1/work-packages",
                    json: #"{"project":\#(open),"parent":\#(leaf),"name":"Child"}"#
                ).status == 409
            )
            #expect(try c.call("DELETE", "/api/v1/projects/\(open)").status == 409)
            #expect(try c.call("DELETE", "/api/v1/work-packages/\(leaf)").status == 204)
            #expect(
                try c.call("GET", "/api/v1/dependencies").json()["totalItems"] as? Int == 0,
                "dependencies follow their package"
            )
            let p2 = try Self.project(c, key: "OPS")
            let foreign = try c.call(
                "POST",
                "/api/v1/work-packages",
                json: #"{"project":\#(p2),"parent":\#(other),"name":"X"}"#
            )
            #expect(foreign.status == 422)
            #expect(try foreign.items("errors").first?["code"] as? String == "other_project")
        }
    }

    @Test func milestonesKeepTheirBaselineAndReportSlippage() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try Self.project(c)
            let m = try c.call(
                "POST",
                "/api/v1/milestones",
                json: #"{"project":\#(p),"name":"Go-live","dueDate":"2099-06-01"}"#
            )
            #expect(try m.json()["baselineDate"] as? String == "2099-06-01")
            let moved = try c.call("PATCH", "/api/v1/milestones/1", json: #"{"dueDate":"2099-06-15"}"#)
            #expect(try moved.json()["baselineDate"] as? String == "2099-06-01")
            // The forecast is the schedule's, not typed by hand.
            let typed = try c.call("PATCH", "/api/v1/milestones/1", json: #"{"forecastDate":"2099-06-20"}"#)
            #expect(typed.status == 422)
            #expect(try typed.items("errors").first?["code"] as? String == "read_only")
            // The baseline is the server's: a body that tries to change it is refused, not silently ignored.
            let rebaseline = try c.call("PATCH", "/api/v1/milestones/1", json: #"{"baselineDate":"2000-01-01"}"#)
            #expect(rebaseline.status == 422)
            #expect(try rebaseline.items("errors").first?["code"] as? String == "read_only")
            #expect(
                try c.call("PATCH", "/api/v1/milestones/1", json: #"{"baselineDate":"2099-06-01","name":"Live"}"#)
                    .status == 200,
                "the current value may be sent back"
            )
            #expect(try moved.json()["slippageDays"] as? Int == 14, "due 15 June against the baseline of 1 June")
            _ = try c.call(
                "POST",
                "/api/v1/milestones",
                json: #"{"project":\#(p),"name":"Old","dueDate":"2020-01-01"}"#
            )
            #expect(try c.call("GET", "/api/v1/projects/\(p)").json()["overdueMilestones"] as? Int == 1)
            #expect(try c.call("GET", "/api/v1/projects?overdueMilestones=gt.0").json()["totalItems"] as? Int == 1)
        }
    }
}

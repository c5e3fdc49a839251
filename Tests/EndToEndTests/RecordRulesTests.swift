import Foundation
import TestSupport
import Testing

/// The defects of issue 10 that users found, each rooted in the record engine: states that contradict each
/// other, references across projects, closed projects that kept changing, deletes that left no history, filters
/// that answered empty lists for impossible values.
@Suite struct RecordRulesTests {
    static func errorCodes(_ r: RawResponse) throws -> [String] {
        try r.items("errors").compactMap { "\($0["field"] as? String ?? "").\($0["code"] as? String ?? "")" }
    }

    @Test func impossibleEnumerationFilterIsA400NamingTheAllowedValues() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let bogus = try c.call("GET", "/api/v1/projects?status=eq.bogus")
            #expect(bogus.status == 400)
            #expect((try bogus.json()["detail"] as? String)?.contains("proposed, active, on_hold") == true)
            #expect(try c.call("GET", "/api/v1/projects?status=in.(active,nope)").status == 400)
            #expect(try c.call("GET", "/api/v1/projects?status=eq.active").status == 200)
        }
    }

    @Test func cascadingDeletesJournalEveryRecordTheyRemove() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            let top = try ProjectPlanTests.package(c, p, "Top")
            let mid = try ProjectPlanTests.package(c, p, "Mid", parent: top)
            let leafA = try ProjectPlanTests.package(c, p, "A", parent: mid)
            let leafB = try ProjectPlanTests.package(c, p, "B", parent: mid)
            let outside = try ProjectPlanTests.package(c, p, "Outside")
            let inner = try c.call(
                "POST",
                "/api/v1/dependencies",
                json: #"{"predecessor":\#(leafA),"successor":\#(leafB)}"#
            )
            let across = try c.call(
                "POST",
                "/api/v1/dependencies",
                json: #"{"predecessor":\#(leafB),"successor":\#(outside)}"#
            )
            let dependencyIDs = [try inner.json()["id"] as! Int, try across.json()["id"] as! Int]
            let depsTag = try #require(try c.call("GET", "/api/v1/dependencies").headers["ETag"])
            #expect(try c.call("DELETE", "/api/v1/work-packages/\(top)").status == 204)
            for id in [mid, leafA, leafB] {
                let history = try c.call("GET", "/api/v1/work-packages/\(id)/history").items()
                #expect(history.first?["action"] as? String == "delete", "work package \(id)")
            }
            for id in dependencyIDs {
                let history = try c.call("GET", "/api/v1/dependencies/\(id)/history").items()
                #expect(history.first?["action"] as? String == "delete", "dependency \(id)")
            }
            // The dependencies' list ETag moves too: their collection changed.
            #expect(try c.call("GET", "/api/v1/dependencies", headers: ["If-None-Match": depsTag]).status == 200)
        }
    }

    @Test func referencesMustBelongToTheSameProject() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p1 = try ProjectPlanTests.project(c, key: "ONE")
            let p2 = try ProjectPlanTests.project(c, key: "TWO")
            let m1 = try c.call(
                "POST",
                "/api/v1/milestones",
                json: #"{"project":\#(p1),"name":"M","dueDate":"2099-01-01"}"#
            )
            let milestone = try m1.json()["id"] as! Int
            let foreignDeliverable = try c.call(
                "POST",
                "/api/v1/deliverables",
                json: #"{"project":\#(p2),"name":"D","milestone":\#(milestone)}"#
            )
            #expect(foreignDeliverable.status == 422)
            #expect(try Self.errorCodes(foreignDeliverable) == ["milestone.other_project"])
            let foreignPackage = try c.call(
                "POST",
                "/api/v1/work-packages",
                json: #"{"project":\#(p2),"name":"W","milestone":\#(milestone)}"#
            )
            #expect(foreignPackage.status == 422)
            let own = try c.call(
                "POST",
                "/api/v1/deliverables",
                json: #"{"project":\#(p1),"name":"D","milestone":\#(milestone)}"#
            )
            #expect(own.status == 201)
        }
    }

    @Test func statesThatContradictEachOtherAreRefused() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            // Milestones: achieved means an achieved date, not in the future; recording the date achieves it.
            _ = try c.call("POST", "/api/v1/milestones", json: #"{"project":\#(p),"name":"M","dueDate":"2026-01-01"}"#)
            let noDate = try c.call("PATCH", "/api/v1/milestones/1", json: #"{"status":"achieved"}"#)
            #expect(noDate.status == 422)
            #expect(try Self.errorCodes(noDate) == ["achievedDate.required"])
            let future = try c.call("PATCH", "/api/v1/milestones/1", json: #"{"achievedDate":"2999-01-01"}"#)
            #expect(future.status == 422)
            #expect(try Self.errorCodes(future) == ["achievedDate.in_future"])
            let done = try c.call("PATCH", "/api/v1/milestones/1", json: #"{"achievedDate":"2025-12-30"}"#)
            #expect(done.status == 200)
            #expect(try done.json()["status"] as? String == "achieved")
            let reopened = try c.call("PATCH", "/api/v1/milestones/1", json: #"{"status":"at_risk"}"#)
            #expect(reopened.status == 422, "still carries its achieved date")

            // Work packages: completed is 100 %, not started is 0 %.
            let zero = try c.call(
                "POST",
                "/api/v1/work-packages",
                json: #"{"project":\#(p),"name":"Z","status":"completed","percentComplete":0}"#
            )
            #expect(zero.status == 422)
            #expect(try Self.errorCodes(zero) == ["percentComplete.contradicts_status"])
            let full = try c.call(
                "POST",
                "/api/v1/work-packages",
                json: #"{"project":\#(p),"name":"F","status":"not_started","percentComplete":100}"#
            )
            #expect(full.status == 422)
            let w = try ProjectPlanTests.package(c, p, "W")
            let progressed = try c.call("PATCH", "/api/v1/work-packages/\(w)", json: #"{"percentComplete":40}"#)
            #expect(try progressed.json()["status"] as? String == "in_progress")
            let completed = try c.call("PATCH", "/api/v1/work-packages/\(w)", json: #"{"status":"completed"}"#)
            #expect(try completed.json()["percentComplete"] as? Int == 100)

            // People: an occupation code must name a career that exists.
            let ghost = try c.call(
                "POST",
                "/api/v1/people",
                json: #"{"name":"G","email":"g@example.com","onetCode":"99-9999.99"}"#
            )
            #expect(ghost.status == 422)
            #expect(try Self.errorCodes(ghost) == ["onetCode.not_found"])
            let real = try c.call(
                "POST",
                "/api/v1/people",
                json: #"{"name":"R","email":"r@example.com","onetCode":"15-1299.09"}"#
            )
            #expect(real.status == 201)
        }
    }

    @Test func aReviewFreezesWhatItDecided() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            for (name, email) in [("Sam", "sam@example.com"), ("Rita", "rita@example.com")] {
                _ = try c.call("POST", "/api/v1/people", json: #"{"name":"\#(name)","email":"\#(email)"}"#)
            }
            let sam = try RawClient(service, person: 1)
            let rita = try RawClient(service, person: 2)
            let p = try ProjectPlanTests.project(c)
            _ = try c.call("POST", "/api/v1/deliverables", json: #"{"project":\#(p),"name":"Spec"}"#)
            let path = "/api/v1/deliverables/1"
            #expect(try sam.call("PATCH", path, json: #"{"status":"submitted"}"#).status == 200)
            let blank = try rita.call("PATCH", path, json: #"{"status":"rejected","reviewComments":"   "}"#)
            #expect(blank.status == 422, "blank comments do not say why")
            #expect(
                try rita.call("PATCH", path, json: #"{"status":"rejected","reviewComments":"No diagrams"}"#).status
                    == 200
            )
            let again = try sam.call("PATCH", path, json: #"{"status":"submitted"}"#)
            #expect(try again.json()["reviewComments"] is NSNull, "the last review's comments stay in the history")
            let accepted = try rita.call("PATCH", path, json: #"{"status":"accepted"}"#)
            #expect(accepted.status == 200)
            #expect(try accepted.json()["reviewComments"] is NSNull)
            for change in [
                #"{"reviewComments":"Rewritten"}"#, #"{"name":"Renamed"}"#, #"{"acceptanceCriteria":"New"}"#,
            ] {
                let edit = try rita.call("PATCH", path, json: change)
                #expect(edit.status == 409, "\(change)")
                #expect(try Self.errorCodes(edit).first?.hasSuffix(".frozen") == true)
            }
            let reassigned = try rita.call("PATCH", path, json: #"{"reviewer":1}"#)
            #expect(reassigned.status == 422, "the reviewer is whoever reviewed")
        }
    }

    @Test func aClosedProjectIsReadOnlyHistory() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            let a = try ProjectPlanTests.package(c, p, "A")
            let b = try ProjectPlanTests.package(c, p, "B")
            _ = try c.call("POST", "/api/v1/milestones", json: #"{"project":\#(p),"name":"M","dueDate":"2099-01-01"}"#)
            #expect(try c.call("PATCH", "/api/v1/projects/\(p)", json: #"{"status":"cancelled"}"#).status == 200)
            let attempts: [(String, String, String?)] = [
                ("PATCH", "/api/v1/projects/\(p)", #"{"name":"Renamed"}"#),
                ("PATCH", "/api/v1/work-packages/\(a)", #"{"name":"Renamed"}"#),
                ("DELETE", "/api/v1/work-packages/\(b)", nil),
                ("POST", "/api/v1/work-packages", #"{"project":\#(p),"name":"New"}"#),
                ("POST", "/api/v1/dependencies", #"{"predecessor":\#(a),"successor":\#(b)}"#),
                ("PATCH", "/api/v1/milestones/1", #"{"name":"Renamed"}"#),
                ("POST", "/api/v1/deliverables", #"{"project":\#(p),"name":"New"}"#),
            ]
            for (method, path, body) in attempts {
                let r = try c.call(method, path, json: body)
                #expect(r.status == 409, "\(method) \(path)")
                #expect((try r.json()["detail"] as? String)?.contains("cancelled") == true, "\(method) \(path)")
            }
        }
    }

    /// A package's cost is bounded so that the WBS roll-ups, summed in 64-bit integers, cannot overflow for any
    /// project that fits the server (issue 16: 9,300 leaves at the old maximum made /wbs a 500 for good).
    @Test func costsAreBoundedSoRollUpsCannotOverflow() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            for name in ["A", "B", "C"] {
                let r = try c.call(
                    "POST",
                    "/api/v1/work-packages",
                    json:
                        #"{"project":\#(p),"name":"\#(name)","plannedCost":10000000000000,"actualCost":10000000000000,"costCurrency":"EUR"}"#
                )
                #expect(r.status == 201)
            }
            let over = try c.call(
                "POST",
                "/api/v1/work-packages",
                json: #"{"project":\#(p),"name":"D","plannedCost":10000000000001,"costCurrency":"EUR"}"#
            )
            #expect(over.status == 422)
            #expect(try Self.errorCodes(over) == ["plannedCost.out_of_range"])
            let wbs = try c.call("GET", "/api/v1/projects/\(p)/wbs")
            #expect(wbs.status == 200)
            #expect(
                try wbs.items().map { $0["plannedCost"] as? Int } == [
                    10_000_000_000_000, 10_000_000_000_000, 10_000_000_000_000,
                ]
            )
        }
    }
}

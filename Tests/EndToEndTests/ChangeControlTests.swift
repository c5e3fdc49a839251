import Foundation
import TestSupport
import Testing

@testable import App

/// Change control (issue 13): a change request's impact assessed on the changed plan, the approver's authority,
/// implementation in one transaction with a new baseline, and a failed implementation leaving the plan untouched.
///
/// The plan, worked by hand on the Monday-to-Friday calendar: Build (10 working days from Monday 2027-01-04, to
/// Friday 01-15) then Test (5 days, 01-18 to 01-22). Adding a 6-day Security review after Test finishes it on
/// Monday 2027-02-01 (01-25 … 01-29 and 02-01): the finish moves by 6 working days. Its cost, EUR 3,000.00, and
/// Build's from EUR 5,000.00 to 5,500.00 make the cost delta EUR 3,500.00 (350,000 cents).
@Suite struct ChangeControlTests {
    struct Plan {
        let admin: RawClient
        let paula: RawClient  // project manager, no approval limit
        let carl: RawClient  // change board, limit EUR 1,000.00
        let dora: RawClient  // sponsor, limit EUR 100,000.00
        let build: Int
        let test: Int
    }

    static func plan(_ service: CharterService) throws -> Plan {
        let admin = try RawClient(service)
        for (name, email) in [("Paula", "paula@example.com"), ("Carl", "carl@example.com"), ("Dora", "dora@x.com")] {
            #expect(
                try admin.call("POST", "/api/v1/people", json: #"{"name":"\#(name)","email":"\#(email)"}"#).status
                    == 201
            )
        }
        let paula = try RawClient(service, person: 1)
        let p = try paula.call(
            "POST",
            "/api/v1/projects",
            json: #"{"key":"CC","name":"Change control","fundingCurrency":"EUR","plannedStart":"2027-01-04"}"#
        )
        #expect(p.status == 201)
        func package(_ body: String) throws -> Int {
            let r = try paula.call("POST", "/api/v1/work-packages", json: #"{"project":1,\#(body)}"#)
            #expect(r.status == 201, "\(r.text)")
            return try r.json()["id"] as! Int
        }
        let build = try package(#""name":"Build","durationDays":10,"plannedCost":500000"#)
        let test = try package(#""name":"Test","durationDays":5,"plannedCost":200000"#)
        #expect(
            try paula.call("POST", "/api/v1/dependencies", json: #"{"predecessor":\#(build),"successor":\#(test)}"#)
                .status == 201
        )
        #expect(
            try paula.call("POST", "/api/v1/baselines", json: #"{"project":1,"name":"Approved plan"}"#).status == 201
        )
        for (person, role, limit) in [
            (1, "Project manager", "null"), (2, "Change board", "100000"), (3, "Sponsor", "10000000"),
        ] {
            let currency = limit == "null" ? "null" : #""EUR""#
            let m = try admin.call(
                "POST",
                "/api/v1/project-members",
                json:
                    #"{"project":1,"person":\#(person),"role":"\#(role)","approvalLimit":\#(limit),"currency":\#(currency),"from":"2026-01-01"}"#
            )
            #expect(m.status == 201, "\(m.text)")
        }
        return Plan(
            admin: admin,
            paula: paula,
            carl: try RawClient(service, person: 2),
            dora: try RawClient(service, person: 3),
            build: build,
            test: test
        )
    }

    @Test func assessedApprovedWithinTheLimitAndImplementedWithABaseline() throws {
        try TestServer.withCharter { service in
            let plan = try Self.plan(service)
            let (paula, carl, dora, admin) = (plan.paula, plan.carl, plan.dora, plan.admin)
            let created = try paula.call(
                "POST",
                "/api/v1/change-requests",
                json: #"{"project":1,"title":"Add a security review","reason":"Audit finding 7"}"#
            )
            #expect(created.status == 201, "\(created.text)")
            let cr = try created.json()
            #expect(cr["status"] as? String == "proposed")
            #expect(cr["requester"] as? Int == 1, "the requester is the person behind the key")
            let id = cr["id"] as! Int
            // An open request counts in the project's status and its portfolio row (issue 13's scope RAG).
            let status = try admin.call("GET", "/api/v1/projects/1/status").json()
            #expect(status["openChangeRequests"] as? Int == 1, "\(status)")
            let rows = try admin.call("GET", "/api/v1/portfolio").json()["projects"] as? [[String: Any]] ?? []
            #expect(rows.first { $0["id"] as? Int == 1 }?["openChangeRequests"] as? Int == 1, "\(rows)")
            func item(_ body: String) throws -> RawResponse {
                try paula.call("POST", "/api/v1/change-items", json: #"{"changeRequest":\#(id),\#(body)}"#)
            }
            #expect(try item(#""action":"add","durationDays":6"#).status == 422, "an added package needs a name")
            #expect(try item(#""action":"change","workPackage":\#(plan.build)"#).status == 422, "say what changes")
            #expect(try item(#""action":"remove","workPackage":\#(plan.test),"name":"x""#).status == 422)
            #expect(try item(#""action":"change","workPackage":999,"durationDays":1"#).status == 422)
            #expect(
                try item(
                    #""action":"add","name":"Security review","durationDays":6,"plannedCost":300000,"predecessor":\#(plan.test)"#
                ).status == 201
            )
            #expect(try item(#""action":"change","workPackage":\#(plan.build),"plannedCost":550000"#).status == 201)

            // The impact, computed on the changed plan and rolled back.
            let impact = try paula.call("GET", "/api/v1/change-requests/\(id)/impact")
            #expect(impact.status == 200, "\(impact.text)")
            let i = try impact.json()
            #expect(i["scheduleDeltaDays"] as? Int == 6)
            #expect(i["finishBefore"] as? String == "2027-01-22" && i["finishAfter"] as? String == "2027-02-01")
            #expect(i["costDelta"] as? Int == 350_000)
            #expect((i["summary"] as? String)?.contains("moves the finish by 6 working days") == true)
            #expect((i["summary"] as? String)?.contains("EUR 3500.00") == true)
            #expect(try paula.call("GET", "/api/v1/work-packages?project=eq.1").items().count == 2, "rolled back")
            #expect(try paula.call("GET", "/api/v1/work-packages/\(plan.build)/history").items().count == 1)

            let early = try carl.call("PATCH", "/api/v1/change-requests/\(id)", json: #"{"status":"approved"}"#)
            #expect(early.status == 409, "an illegal step is a 409 before the approver's limit is looked at")
            let skipped = try dora.call("PATCH", "/api/v1/change-requests/\(id)", json: #"{"status":"approved"}"#)
            #expect(skipped.status == 409)
            #expect(
                (try skipped.json()["detail"] as? String)?.contains("allowed from 'proposed': under_review") == true
            )
            let review = try paula.call("PATCH", "/api/v1/change-requests/\(id)", json: #"{"status":"under_review"}"#)
            #expect(review.status == 200, "\(review.text)")
            #expect(try review.json()["scheduleDeltaDays"] as? Int == 6)
            #expect(try review.json()["costDelta"] as? Int == 350_000)
            #expect(
                try item(#""action":"remove","workPackage":\#(plan.test)"#).status == 409,
                "the reviewed impact is frozen"
            )

            // Carl's limit is EUR 1,000.00: refused, naming it. A key linked to no person cannot approve.
            let over = try carl.call("PATCH", "/api/v1/change-requests/\(id)", json: #"{"status":"approved"}"#)
            #expect(over.status == 403)
            let detail = try over.json()["detail"] as? String ?? ""
            #expect(detail.contains("approval limit of EUR 1000.00 (100000 minor units)"), "\(detail)")
            #expect(detail.contains("EUR 3500.00"))
            #expect(
                try admin.call("PATCH", "/api/v1/change-requests/\(id)", json: #"{"status":"approved"}"#).status == 403
            )
            #expect(
                try paula.call("PATCH", "/api/v1/change-requests/\(id)", json: #"{"status":"approved"}"#).status == 403
            )
            let approved = try dora.call("PATCH", "/api/v1/change-requests/\(id)", json: #"{"status":"approved"}"#)
            #expect(approved.status == 200, "\(approved.text)")
            #expect(try approved.json()["approver"] as? Int == 3)
            #expect(try service.database.read { db in try ChangeRequests.openCount(db, project: 1) } == 1)

            let implemented = try paula.call(
                "PATCH",
                "/api/v1/change-requests/\(id)",
                json: #"{"status":"implemented"}"#
            )
            #expect(implemented.status == 200, "\(implemented.text)")
            let baseline = try #require(try implemented.json()["baseline"] as? Int)
            let saved = try paula.call("GET", "/api/v1/baselines/\(baseline)").json()
            #expect(saved["isCurrent"] as? Bool == true)
            #expect(saved["plannedFinish"] as? String == "2027-02-01")
            #expect(saved["plannedCost"] as? Int == 1_050_000)
            #expect(try paula.call("GET", "/api/v1/work-packages?project=eq.1").items().count == 3)
            #expect(
                try paula.call("GET", "/api/v1/work-packages/\(plan.build)").json()["plannedCost"] as? Int == 550_000
            )
            // Every step journaled, the plan's writes under the key that implemented it.
            let buildHistory = try paula.call("GET", "/api/v1/work-packages/\(plan.build)/history").items()
            #expect(buildHistory.count == 2 && buildHistory.first?["actorPerson"] as? Int == 1)
            let steps = try admin.call("GET", "/api/v1/change-requests/\(id)/history").items().compactMap {
                (($0["changes"] as? [String: [String: Any]])?["status"])?["to"] as? String
            }
            #expect(steps == ["implemented", "approved", "under_review", "proposed"])
            #expect(try service.database.read { db in try ChangeRequests.openCount(db, project: 1) } == 0)
            #expect(try paula.call("GET", "/api/v1/change-requests/\(id)/impact").status == 409)
            #expect(
                try paula.call("PATCH", "/api/v1/change-requests/\(id)", json: #"{"status":"closed"}"#).status == 200
            )
            #expect(try paula.call("PATCH", "/api/v1/change-requests/\(id)", json: #"{"title":"x"}"#).status == 409)
        }
    }

    @Test func aFailedImplementationLeavesThePlanUntouched() throws {
        try TestServer.withCharter { service in
            let plan = try Self.plan(service)
            let (paula, dora) = (plan.paula, plan.dora)
            let docs = try paula.call(
                "POST",
                "/api/v1/work-packages",
                json: #"{"project":1,"name":"Docs","durationDays":2,"plannedCost":40000}"#
            )
            let docsID = try docs.json()["id"] as! Int
            _ = try paula.call(
                "POST",
                "/api/v1/change-requests",
                json: #"{"project":1,"title":"Longer tests, no docs","reason":"Quality"}"#
            )
            for body in [
                #"{"changeRequest":1,"action":"change","workPackage":\#(plan.test),"durationDays":20}"#,
                #"{"changeRequest":1,"action":"remove","workPackage":\#(docsID)}"#,
            ] {
                #expect(try paula.call("POST", "/api/v1/change-items", json: body).status == 201)
            }
            #expect(
                try paula.call("PATCH", "/api/v1/change-requests/1", json: #"{"status":"under_review"}"#).status == 200
            )
            let approved = try dora.call("PATCH", "/api/v1/change-requests/1", json: #"{"status":"approved"}"#)
            #expect(approved.status == 200)
            #expect(try approved.json()["scheduleDeltaDays"] as? Int == 15)
            #expect(try approved.json()["costDelta"] as? Int == -40_000)
            // The plan moves on after approval: the package the change removes is deleted by hand.
            #expect(try paula.call("DELETE", "/api/v1/work-packages/\(docsID)").status == 204)
            let baselines = try paula.call("GET", "/api/v1/baselines?project=eq.1").items().count
            let failed = try paula.call("PATCH", "/api/v1/change-requests/1", json: #"{"status":"implemented"}"#)
            #expect(failed.status == 409)
            let detail = try failed.json()["detail"] as? String ?? ""
            #expect(detail.contains("change item 2 (remove work package \(docsID)) no longer applies"), "\(detail)")
            // Nothing of it stayed: the first item's change was undone with the rest.
            #expect(try paula.call("GET", "/api/v1/work-packages/\(plan.test)").json()["durationDays"] as? Int == 5)
            #expect(try paula.call("GET", "/api/v1/work-packages/\(plan.test)/history").items().count == 1)
            #expect(try paula.call("GET", "/api/v1/baselines?project=eq.1").items().count == baselines)
            #expect(try paula.call("GET", "/api/v1/change-requests/1").json()["status"] as? String == "approved")
        }
    }

    @Test func rejectionSaysWhyAndRecordsWhoDecided() throws {
        try TestServer.withCharter { service in
            let plan = try Self.plan(service)
            let made = try plan.admin.call(
                "POST",
                "/api/v1/change-requests",
                json: #"{"project":1,"title":"Gold plating","reason":"Nice to have"}"#
            )
            #expect(made.status == 422, "a key linked to no person names the requester")
            #expect(
                try plan.admin.call(
                    "POST",
                    "/api/v1/change-requests",
                    json: #"{"project":1,"title":"Gold plating","reason":"Nice to have","requester":1}"#
                ).status == 201
            )
            _ = try plan.paula.call("PATCH", "/api/v1/change-requests/1", json: #"{"status":"under_review"}"#)
            #expect(
                try plan.carl.call("PATCH", "/api/v1/change-requests/1", json: #"{"status":"rejected"}"#).status == 422
            )
            let rejected = try plan.carl.call(
                "PATCH",
                "/api/v1/change-requests/1",
                json: #"{"status":"rejected","decisionComments":"Out of scope"}"#
            )
            #expect(rejected.status == 200)
            #expect(try rejected.json()["approver"] as? Int == 2)
            let back = try plan.carl.call("PATCH", "/api/v1/change-requests/1", json: #"{"status":"approved"}"#)
            #expect(back.status == 409)
            #expect((try back.json()["detail"] as? String)?.contains("allowed from 'rejected': closed") == true)
            let open = try service.database.read { db in try ChangeRequests.openCounts(db) }
            #expect(open.isEmpty, "a rejected request is not open")
        }
    }
}

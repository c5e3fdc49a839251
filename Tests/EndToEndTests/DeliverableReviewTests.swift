import Foundation
import TestSupport
import Testing

@Suite struct DeliverableReviewTests {
    @Test func reviewFlowLegalAndIllegalSteps() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            for (name, email) in [("Sam", "sam@example.com"), ("Rita", "rita@example.com")] {
                _ = try c.call("POST", "/api/v1/people", json: #"{"name":"\#(name)","email":"\#(email)"}"#)
            }
            _ = try c.call("POST", "/api/v1/projects", json: #"{"key":"DOC","name":"Docs"}"#)
            let created = try c.call(
                "POST",
                "/api/v1/deliverables",
                json: #"{"project":1,"name":"Design spec","acceptanceCriteria":"Reviewed by QA","owner":1}"#
            )
            #expect(try created.json()["status"] as? String == "draft")
            #expect(
                try c.call(
                    "PATCH",
                    "/api/v1/deliverables/1",
                    json: #"{"status":"accepted","reviewer":2,"submittedBy":1}"#
                ).status == 409
            )
            #expect(
                try c.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"submitted"}"#).status == 422,
                "who submits is required"
            )
            let submitted = try c.call(
                "PATCH",
                "/api/v1/deliverables/1",
                json: #"{"status":"submitted","submittedBy":1}"#
            )
            #expect(submitted.status == 200)
            #expect(try submitted.json()["submittedAt"] is String)
            let selfReview = try c.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"accepted","reviewer":1}"#)
            #expect(selfReview.status == 422)
            #expect(try selfReview.items("errors").first?["code"] as? String == "same_as_submitter")
            #expect(
                try c.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"rejected","reviewer":2}"#).status
                    == 422,
                "a rejection says why"
            )
            let rejected = try c.call(
                "PATCH",
                "/api/v1/deliverables/1",
                json: #"{"status":"rejected","reviewer":2,"reviewComments":"Missing diagrams"}"#
            )
            #expect(rejected.status == 200)
            #expect(try rejected.json()["reviewedAt"] is String)
            let resubmitted = try c.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"submitted"}"#)
            #expect(resubmitted.status == 200)
            #expect(try resubmitted.json()["reviewer"] is NSNull, "a resubmission starts a new review")
            let accepted = try c.call(
                "PATCH",
                "/api/v1/deliverables/1",
                json: #"{"status":"accepted","reviewer":2,"reviewComments":"Good"}"#
            )
            #expect(accepted.status == 200)
            #expect(
                try c.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"draft"}"#).status == 409,
                "accepted is final"
            )
            let steps = try c.call("GET", "/api/v1/deliverables/1/history").items().compactMap { entry -> String? in
                guard let changes = entry["changes"] as? [String: [String: Any]] else { return nil }
                return changes["status"]?["to"] as? String
            }
            #expect(steps == ["accepted", "submitted", "rejected", "submitted", "draft"])
        }
    }
}

import Foundation
import TestSupport
import Testing

@Suite struct DeliverableReviewTests {
    /// Sam (person 1) and Rita (person 2) each use a key linked to themselves; reviews record the person behind
    /// the key, and "someone other than the submitter" is checked against that identity (issue 10).
    @Test func reviewFlowLegalAndIllegalSteps() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service)
            for (name, email) in [("Sam", "sam@example.com"), ("Rita", "rita@example.com")] {
                _ = try admin.call("POST", "/api/v1/people", json: #"{"name":"\#(name)","email":"\#(email)"}"#)
            }
            let sam = try RawClient(service, person: 1)
            let rita = try RawClient(service, person: 2)
            _ = try sam.call("POST", "/api/v1/projects", json: #"{"key":"DOC","name":"Docs"}"#)
            let created = try sam.call(
                "POST",
                "/api/v1/deliverables",
                json: #"{"project":1,"name":"Design spec","acceptanceCriteria":"Reviewed by QA","owner":1}"#
            )
            #expect(try created.json()["status"] as? String == "draft")
            #expect(try rita.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"accepted"}"#).status == 409)
            // A key with no person cannot take a step that records who took it.
            let anonymous = try admin.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"submitted"}"#)
            #expect(anonymous.status == 403)
            #expect((try anonymous.json()["detail"] as? String)?.contains("--person") == true)
            // Nor can a body name someone else as the submitter.
            let spoofed = try sam.call(
                "PATCH",
                "/api/v1/deliverables/1",
                json: #"{"status":"submitted","submittedBy":2}"#
            )
            #expect(spoofed.status == 422)
            #expect(try spoofed.items("errors").first?["code"] as? String == "read_only")
            let submitted = try sam.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"submitted"}"#)
            #expect(submitted.status == 200)
            #expect(try submitted.json()["submittedBy"] as? Int == 1)
            #expect(try submitted.json()["submittedAt"] is String)
            let selfReview = try sam.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"accepted"}"#)
            #expect(selfReview.status == 403)
            #expect(
                try rita.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"rejected"}"#).status == 422,
                "a rejection says why"
            )
            let rejected = try rita.call(
                "PATCH",
                "/api/v1/deliverables/1",
                json: #"{"status":"rejected","reviewComments":"Missing diagrams"}"#
            )
            #expect(rejected.status == 200)
            #expect(try rejected.json()["reviewer"] as? Int == 2)
            #expect(try rejected.json()["reviewedAt"] is String)
            let resubmitted = try sam.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"submitted"}"#)
            #expect(resubmitted.status == 200)
            #expect(try resubmitted.json()["reviewer"] is NSNull, "a resubmission starts a new review")
            let accepted = try rita.call(
                "PATCH",
                "/api/v1/deliverables/1",
                json: #"{"status":"accepted","reviewer":2,"reviewComments":"Good"}"#
            )
            #expect(accepted.status == 200, "naming oneself as the reviewer is what the server records anyway")
            #expect(
                try rita.call("PATCH", "/api/v1/deliverables/1", json: #"{"status":"draft"}"#).status == 409,
                "accepted is final"
            )
            let history = try admin.call("GET", "/api/v1/deliverables/1/history").items()
            let steps = history.compactMap { entry -> String? in
                guard let changes = entry["changes"] as? [String: [String: Any]] else { return nil }
                return changes["status"]?["to"] as? String
            }
            #expect(steps == ["accepted", "submitted", "rejected", "submitted", "draft"])
            #expect(history.first?["actorPerson"] as? Int == 2, "the journal records the person behind the key")
        }
    }

    /// Keys are linked to people by admins, over the API as on the command line.
    @Test func adminsLinkKeysToPeople() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            _ = try admin.call("POST", "/api/v1/people", json: #"{"name":"Sam","email":"sam@example.com"}"#)
            let created = try admin.call("POST", "/api/v1/keys", json: #"{"name":"sam","role":"editor","person":1}"#)
            #expect(created.status == 201)
            #expect(try created.json()["person"] as? Int == 1)
            let id = try created.json()["id"] as! Int
            #expect(try admin.call("PATCH", "/api/v1/keys/\(id)", json: #"{"person":99}"#).status == 422)
            let unlinked = try admin.call("PATCH", "/api/v1/keys/\(id)", json: #"{"person":null}"#)
            #expect(unlinked.status == 200)
            #expect(try unlinked.json()["person"] is NSNull)
            let editor = try RawClient(service)
            #expect(try editor.call("PATCH", "/api/v1/keys/\(id)", json: #"{"person":1}"#).status == 403)
        }
    }
}

import Foundation
import TestSupport
import Testing

@Suite struct ContractBatchTests {
    @Test func appliesEveryOperationInOneTransaction() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            _ = try c.call("POST", "/api/v1/people", json: #"{"name":"Old","email":"old@example.com"}"#)
            let batch = try c.call(
                "POST",
                "/api/v1/batch",
                json: """
                    {"operations":[
                      {"method":"POST","path":"/api/v1/people","body":{"name":"New","email":"new@example.com"}},
                      {"method":"PATCH","path":"/api/v1/people/1","body":{"title":"Renamed"},"ifMatch":"\\"1\\""},
                      {"method":"DELETE","path":"/api/v1/people/2"}
                    ]}
                    """
            )
            #expect(batch.status == 200)
            let results = try batch.items("results")
            #expect(results.map { $0["status"] as? Int } == [201, 200, 204])
            #expect(results[0]["location"] as? String == "/api/v1/people/2")
            #expect(try c.call("GET", "/api/v1/people/1").json()["title"] as? String == "Renamed")
            #expect(try c.call("GET", "/api/v1/people/2").status == 404)
        }
    }

    @Test func oneFailureRollsEverythingBack() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            _ = try c.call("POST", "/api/v1/people", json: #"{"name":"Old","email":"old@example.com"}"#)
            let failed = try c.call(
                "POST",
                "/api/v1/batch",
                json: """
                    {"operations":[
                      {"method":"POST","path":"/api/v1/people","body":{"name":"New","email":"new@example.com"}},
                      {"method":"PATCH","path":"/api/v1/people/1","body":{"title":"Changed"}},
                      {"method":"POST","path":"/api/v1/people","body":{"name":"","email":"bad"}}
                    ]}
                    """
            )
            #expect(failed.status == 422)
            let problem = try failed.json()
            #expect((problem["detail"] as? String)?.hasPrefix("operations[2]") == true)
            #expect(
                try failed.items("errors").map { $0["field"] as! String }.sorted() == [
                    "operations[2].email", "operations[2].name",
                ]
            )
            #expect(try c.call("GET", "/api/v1/people").json()["totalItems"] as? Int == 1)
            #expect(try c.call("GET", "/api/v1/people/1").json()["title"] is NSNull)
            let stale = try c.call(
                "POST",
                "/api/v1/batch",
                json: #"{"operations":[{"method":"DELETE","path":"/api/v1/people/1","ifMatch":"\"9\""}]}"#
            )
            #expect(stale.status == 412)
            let ops = String(repeating: #"{"method":"DELETE","path":"/api/v1/people/1"},"#, count: 101).dropLast()
            #expect(try c.call("POST", "/api/v1/batch", json: #"{"operations":[\#(ops)]}"#).status == 422)
            #expect(
                try c.call("POST", "/api/v1/batch", json: #"{"operations":[{"method":"GET","path":"/api/v1/people"}]}"#)
                    .status == 405
            )
        }
    }

    /// Issue 10: the batch was a second router that never consulted the access policy, so an editor could reach an
    /// admin-only path through it. Each operation now goes through the real access check and router.
    @Test func operationsPassTheSameAccessCheckAsDirectRequests() throws {
        try TestServer.withCharter { service in
            let editor = try RawClient(service, role: .editor)
            let viewer = try RawClient(service, role: .viewer)
            let admin = try RawClient(service, role: .admin)
            let keysBefore = try admin.call("GET", "/api/v1/keys").items().count
            let escalation = try editor.call(
                "POST",
                "/api/v1/batch",
                json: """
                    {"operations":[
                      {"method":"POST","path":"/api/v1/people","body":{"name":"Kept?","email":"kept@example.com"}},
                      {"method":"POST","path":"/api/v1/keys","body":{"name":"sneaky","role":"admin"}}
                    ]}
                    """
            )
            #expect(escalation.status == 403)
            #expect((try escalation.json()["detail"] as? String)?.hasPrefix("operations[1]: ") == true)
            #expect(try admin.call("GET", "/api/v1/keys").items().count == keysBefore)
            #expect(try admin.call("GET", "/api/v1/people").json()["totalItems"] as? Int == 0)
            // A viewer cannot write one record at a time, nor in a batch.
            let viewerBatch = try viewer.call(
                "POST",
                "/api/v1/batch",
                json:
                    #"{"operations":[{"method":"POST","path":"/api/v1/people","body":{"name":"V","email":"v@example.com"}}]}"#
            )
            #expect(viewerBatch.status == 403)
            // An admin's batch may manage keys, like the admin's direct requests.
            let allowed = try admin.call(
                "POST",
                "/api/v1/batch",
                json:
                    #"{"operations":[{"method":"POST","path":"/api/v1/keys","body":{"name":"dash","role":"viewer"}}]}"#
            )
            #expect(allowed.status == 200)
            #expect(try admin.call("GET", "/api/v1/keys").items().count == keysBefore + 1)
        }
    }

    /// Every route that writes works in a batch (it is the real router), a batch cannot nest, and an operation
    /// on a path with no route is a 404 that says which operation.
    @Test func operationsReachEveryRouteButNotAnotherBatch() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let nested = try c.call(
                "POST",
                "/api/v1/batch",
                json: #"{"operations":[{"method":"POST","path":"/api/v1/batch","body":{"operations":[]}}]}"#
            )
            #expect(nested.status == 422)
            #expect((try nested.json()["detail"] as? String)?.hasPrefix("operations[0]: ") == true)
            let missing = try c.call(
                "POST",
                "/api/v1/batch",
                json: #"{"operations":[{"method":"DELETE","path":"/api/v1/nowhere/1"}]}"#
            )
            #expect(missing.status == 404)
            #expect((try missing.json()["detail"] as? String)?.hasPrefix("operations[0]: ") == true)
            // A later operation sees what an earlier one wrote (one transaction, read through the writer).
            let chained = try c.call(
                "POST",
                "/api/v1/batch",
                json: """
                    {"operations":[
                      {"method":"POST","path":"/api/v1/people","body":{"name":"Pat","email":"pat@example.com"}},
                      {"method":"POST","path":"/api/v1/projects","body":{"key":"ERP","name":"ERP","manager":1}},
                      {"method":"POST","path":"/api/v1/work-packages","body":{"project":1,"name":"Design"}},
                      {"method":"PATCH","path":"/api/v1/projects/1","body":{"status":"active"},"ifMatch":"\\"1\\""}
                    ]}
                    """
            )
            #expect(chained.status == 200, "\(String(decoding: chained.body, as: UTF8.self))")
            guard chained.status == 200 else { return }
            let results = try chained.items("results")
            #expect(results.map { $0["status"] as? Int } == [201, 201, 201, 200])
            #expect((results[2]["body"] as? [String: Any])?["wbsCode"] as? String == "1")
            #expect(try c.call("GET", "/api/v1/projects/1").json()["status"] as? String == "active")
        }
    }

    /// The same Idempotency-Key on a batch replays its first response and applies nothing twice.
    @Test func idempotencyKeyOnABatchReplaysIt() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let body =
                #"{"operations":[{"method":"POST","path":"/api/v1/people","body":{"name":"A","email":"a@example.com"}}]}"#
            let first = try c.call("POST", "/api/v1/batch", json: body, headers: ["Idempotency-Key": "batch-1"])
            let again = try c.call("POST", "/api/v1/batch", json: body, headers: ["Idempotency-Key": "batch-1"])
            #expect(first.status == 200)
            #expect(again.status == 200)
            #expect(again.headers["Idempotent-Replayed"] == "true")
            #expect(try c.call("GET", "/api/v1/people").json()["totalItems"] as? Int == 1)
        }
    }
}

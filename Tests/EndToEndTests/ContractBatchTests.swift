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
}

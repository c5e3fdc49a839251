import Foundation
import TestSupport
import Testing

@Suite struct ContractExpandTests {
    @Test func embedsReferencedRecordsOneLevelDeep() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            _ = try c.call("POST", "/api/v1/people", json: #"{"name":"Ada","email":"ada@example.com"}"#)
            _ = try c.call("POST", "/api/v1/projects", json: #"{"key":"ERP","name":"ERP","manager":1}"#)
            _ = try c.call("POST", "/api/v1/projects", json: #"{"key":"CRM","name":"CRM"}"#)
            let list = try c.call("GET", "/api/v1/projects?expand=manager,sponsor&sort=key")
            #expect(list.status == 200)
            let items = try list.items()
            #expect(items[0]["key"] as? String == "CRM")
            #expect(items[0]["expand"] == nil, "nothing to embed: no expand object")
            let embedded = try #require((items[1]["expand"] as? [String: Any])?["manager"] as? [String: Any])
            #expect(embedded["email"] as? String == "ada@example.com")
            #expect((items[1]["expand"] as? [String: Any])?["sponsor"] == nil)
            #expect(try c.call("GET", "/api/v1/projects?expand=name").status == 400)
            #expect(try c.call("GET", "/api/v1/projects?expand=manager.manager").status == 400, "one level only")
            // The list ETag follows the expanded collection too.
            let etag = try #require(list.headers["ETag"])
            _ = try c.call("PATCH", "/api/v1/people/1", json: #"{"title":"CIO"}"#)
            #expect(
                try c.call("GET", "/api/v1/projects?expand=manager,sponsor&sort=key", headers: ["If-None-Match": etag])
                    .status == 200
            )
        }
    }
}

import Foundation
import TestSupport
import Testing

/// Search as people type it over the wire (issue 14): corrections say `didYouMean`, admins add synonyms.
@Suite struct CareerSynonymsWireTests {
    @Test func aCorrectedSearchSaysWhatItSearched() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(port: service.port)
            let typo = try c.call("GET", "/api/v1/careers?q=sofware%20enginer&perPage=3")
            #expect(typo.status == 200)
            let body = try typo.json()
            #expect(body["didYouMean"] as? String == "software engineer")
            #expect(try typo.items().first?["code"] as? String == "15-1252.00")
            let plain = try c.call("GET", "/api/v1/careers?q=software%20engineer&perPage=3").json()
            #expect(plain["didYouMean"] == nil)
            for (q, code) in [("devops", "15-1252.00"), ("scrum%20master", "15-1299.09"), ("doctor", "29-1216.00")] {
                let hits = try c.call("GET", "/api/v1/careers?q=\(q)&perPage=2").items().map { $0["code"] as? String }
                #expect(hits.contains(code), "\(q)")
            }
        }
    }

    @Test func adminsAddSynonymsThatSearchFindsAtOnce() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            #expect(try admin.call("GET", "/api/v1/careers?q=gopher%20wrangler").json()["totalItems"] as? Int == 0)
            let created = try admin.call(
                "POST",
                "/api/v1/career-synonyms",
                json: #"{"code":"15-1252.00","title":"Gopher Wrangler"}"#
            )
            #expect(created.status == 201)
            let record = try created.json()
            #expect(record["source"] as? String == "admin")
            let found = try admin.call("GET", "/api/v1/careers?q=gopher%20wranglers").items()
            #expect(found.first?["code"] as? String == "15-1252.00" && found.first?["match"] as? String == "jobTitle")
            // The curated list is there to read (and to change) like any record.
            let curated = try admin.call("GET", "/api/v1/career-synonyms?source=eq.curated&perPage=1").json()
            #expect((curated["totalItems"] as? Int ?? 0) >= 300)
            // An unknown career is a 422 naming the field; viewers cannot write.
            let unknown = try admin.call(
                "POST",
                "/api/v1/career-synonyms",
                json: #"{"code":"15-9999.99","title":"Nobody"}"#
            )
            #expect(unknown.status == 422 && unknown.text.contains("no career has code 15-9999.99"))
            let viewer = try RawClient(service, role: .viewer)
            let refused = try viewer.call(
                "POST",
                "/api/v1/career-synonyms",
                json: #"{"code":"15-1252.00","title":"Nope"}"#
            )
            #expect(refused.status == 403)
            // Deleting it takes it out of search at once.
            let id = try #require(record["id"] as? Int)
            #expect(try admin.call("DELETE", "/api/v1/career-synonyms/\(id)").status == 204)
            #expect(try admin.call("GET", "/api/v1/careers?q=gopher%20wrangler").json()["totalItems"] as? Int == 0)
        }
    }
}

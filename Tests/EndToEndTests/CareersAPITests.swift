import Foundation
import TestSupport
import Testing

/// The careers API over the wire, on the embedded data a new database starts with.
@Suite struct CareersAPITests {
    @Test func searchRanksTheProfileFirstAndScoresEveryHit() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(port: service.port)
            let hits = try c.call("GET", "/api/v1/careers?q=it%20project%20manager").items()
            #expect(hits.first?["code"] as? String == "15-1299.09")
            #expect(hits.allSatisfy { $0["score"] is Double || $0["score"] is Int })
            let prefix = try c.call("GET", "/api/v1/careers?q=proj%20manag&perPage=5")
            #expect(try prefix.items().contains { $0["code"] as? String == "15-1299.09" })
            let byCode = try c.call("GET", "/api/v1/careers?q=15-1299&perPage=50").items()
            #expect(byCode.count == 10)
            #expect(byCode.allSatisfy { ($0["code"] as? String)?.hasPrefix("15-1299") == true })
            let none = try c.call("GET", "/api/v1/careers?q=qwxzvbn")
            #expect(none.status == 200)
            #expect(try none.json()["totalItems"] as? Int == 0)
            let selected = try c.call("GET", "/api/v1/careers?q=manager&fields=code,title&perPage=3")
            #expect(Set(try selected.items().first?.keys.map { $0 } ?? []) == ["code", "title"])
            #expect(selected.headers["Link"]?.contains("rel=\"next\"") == true)
            let full = try c.call("GET", "/api/v1/careers?hasFullProfile=true")
            #expect(try full.items().map { $0["code"] as? String } == ["15-1299.09"])
            #expect(try c.call("GET", "/api/v1/careers?colour=blue").status == 400)
            #expect(try c.call("GET", "/api/v1/careers?jobZone=9").status == 400)
        }
    }

    @Test func profileCarriesEverySectionTheCreditAndAnETag() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(port: service.port)
            let response = try c.call("GET", "/api/v1/careers/15-1299.09")
            #expect(response.status == 200)
            let profile = try response.json()
            #expect((profile["credit"] as? String)?.contains("CC BY 4.0") == true)
            #expect((profile["tasks"] as? [Any])?.count == 21)
            #expect((profile["titles"] as? [Any])?.count == 4)
            #expect(((profile["abilities"] as? [Any])?.count ?? 0) > 0)
            #expect(((profile["knowledge"] as? [Any])?.count ?? 0) > 0)
            #expect(
                (profile["occupation"] as? [String: Any])?["title"] as? String
                    == "Information Technology Project Managers"
            )
            let etag = try #require(response.headers["ETag"])
            #expect(try c.call("GET", "/api/v1/careers/15-1299.09", headers: ["If-None-Match": etag]).status == 304)
            let tasks = try c.call("GET", "/api/v1/careers/15-1299.09/tasks").json()
            #expect(tasks["totalItems"] as? Int == 21)
            #expect((tasks["credit"] as? String)?.isEmpty == false)
            // A known occupation with no ratings: empty sections, not 404.
            let bare = try c.call("GET", "/api/v1/careers/11-1011.00/skills").json()
            #expect(bare["totalItems"] as? Int == 0)
            #expect(try c.call("GET", "/api/v1/careers/11-1011.00").status == 200)
        }
    }

    @Test func codesAreValidatedBeforeTheyAreLookedUp() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(port: service.port)
            #expect(try c.call("GET", "/api/v1/careers/15-1299").status == 400)
            #expect(try c.call("GET", "/api/v1/careers/hello").status == 400)
            #expect(try c.call("GET", "/api/v1/careers/99-9999.99").status == 404)
            #expect(try c.call("GET", "/api/v1/careers/compare?codes=15-1299.09").status == 400)
            #expect(try c.call("GET", "/api/v1/careers/compare?codes=15-1299.09,99-9999.99").status == 404)
            let compared = try c.call("GET", "/api/v1/careers/compare?codes=15-1299.09,13-1082.00")
            #expect(compared.status == 200)
            #expect(try compared.json()["codeB"] as? String == "13-1082.00")
        }
    }
}

import Foundation
import TestSupport
import Testing

@testable import App

/// Lists at a million rows (issue 11): sorts only where an index serves them, substring filters from the trigram
/// index, `q=` paged from the full-text index, totals counted up to a cap. Over the real socket.
@Suite struct ListScaleWireTests {
    static func detail(_ r: RawResponse) throws -> String { (try r.json()["detail"] as? String) ?? "" }

    /// Follows `rel="next"` from `path`, collecting the ids.
    static func walk(_ c: RawClient, _ path: String) throws -> [Int] {
        var ids: [Int] = []
        var next: String? = path
        var hops = 0
        while let url = next, hops < 20 {
            let r = try c.call("GET", url)
            #expect(r.status == 200, "\(url)")
            ids += try r.items().map { $0["id"] as! Int }
            next = ContractListTests.nextLink(r)
            hops += 1
        }
        return ids
    }

    @Test func aSortNoIndexServesIsA400NamingTheSortableFields() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let unindexed = try c.call("GET", "/api/v1/people?sort=onetCode")
            #expect(unindexed.status == 400)
            #expect(try Self.detail(unindexed).contains("id, createdAt, updatedAt, name, email, title, hourlyCostRate"))
            let twoKeys = try c.call("GET", "/api/v1/people?sort=title,name")
            #expect(twoKeys.status == 400)
            #expect(try Self.detail(twoKeys).contains("one field"))
            #expect(try c.call("GET", "/api/v1/work-packages?sort=-plannedFinish").status == 200)
            #expect(try c.call("GET", "/api/v1/projects?sort=progress").status == 400)
        }
    }

    @Test func substringFiltersComeFromTheTrigramIndexAndFollowWrites() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            try ContractListTests.seed(c)
            func names(_ query: String) throws -> [String] {
                try ContractListTests.names(c.call("GET", "/api/v1/people?" + query))
            }
            #expect(try names("name=ilike.*OVELA*") == ["Ada Lovelace"])
            #expect(try names("email=ilike.*@example.com&title=eq.Engineer") == ["Alan Turing", "Edsger Dijkstra"])
            #expect(try names("title=like.*Manager&sort=-id") == ["Grace Hopper", "Ada Lovelace"])
            let short = try c.call("GET", "/api/v1/people?name=ilike.*ov*")
            #expect(short.status == 400)
            #expect(try Self.detail(short).contains("at least 3 characters"))
            let notDeclared = try c.call("GET", "/api/v1/people?onetCode=like.*15-*")
            #expect(notDeclared.status == 400)
            #expect(try Self.detail(notDeclared).contains("name, email, title"))
            #expect(try c.call("GET", "/api/v1/people?name=ilike.*ada*&sort=name").status == 400)
            // The index follows the table: a rename and a delete.
            #expect(try c.call("PATCH", "/api/v1/people/1", json: #"{"name":"Augusta King"}"#).status == 200)
            #expect(try names("name=ilike.*lovelace*") == [])
            #expect(try names("name=ilike.*gusta*") == ["Augusta King"])
            #expect(try c.call("DELETE", "/api/v1/people/1").status == 204)
            #expect(try names("name=ilike.*gusta*") == [])
        }
    }

    /// `q=` is read from the full-text index in id order; its cursor pages visit every match once.
    @Test func searchPagesFollowTheIndexByCursor() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            for n in 0..<12 {
                let title = n % 2 == 0 ? "Delivery Engineer" : "Analyst"
                let body = #"{"name":"Person \#(n)","email":"p\#(n)@example.com","title":"\#(title)"}"#
                #expect(try c.call("POST", "/api/v1/people", json: body).status == 201)
            }
            let forward = try Self.walk(c, "/api/v1/people?q=engineer&perPage=2")
            #expect(forward == [1, 3, 5, 7, 9, 11])
            let backward = try Self.walk(c, "/api/v1/people?q=engineer&perPage=4&sort=-id")
            #expect(backward == [11, 9, 7, 5, 3, 1])
            #expect(try c.call("GET", "/api/v1/people?q=engineer&sort=name").status == 400)
        }
    }

    /// Past `maxExactTotal` the count stops: `totalItems` is the cap, `totalCapped` says so, and `next` still
    /// leads through every record.
    @Test func totalsAreCountedUpToTheCap() throws {
        try TestServer.withCharter({ $0.maxExactTotal = 3 }) { service in
            let c = try RawClient(service)
            try ContractListTests.seed(c)
            let capped = try c.call("GET", "/api/v1/people?perPage=2").json()
            #expect(capped["totalItems"] as? Int == 3)
            #expect(capped["totalPages"] as? Int == 2)
            #expect(capped["totalCapped"] as? Bool == true)
            #expect(try Self.walk(c, "/api/v1/people?perPage=2") == [1, 2, 3, 4, 5])
            let exact = try c.call("GET", "/api/v1/people?title=eq.Engineer").json()
            #expect(exact["totalItems"] as? Int == 2)
            #expect(exact["totalCapped"] as? Bool == false)
        }
    }

    /// Filters without an index of their own are taken within one project, whose index bounds what is read.
    @Test func filtersWithoutAnIndexNeedTheirProject() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let alone = try c.call("GET", "/api/v1/work-packages?isLeaf=is.true")
            #expect(alone.status == 400)
            #expect(try Self.detail(alone).contains("project=eq.ID"))
            #expect(try c.call("GET", "/api/v1/work-packages?project=eq.1&isLeaf=is.true").status == 200)
            #expect(try c.call("GET", "/api/v1/work-packages?or=(project.eq.1,percentComplete.gt.5)").status == 400)
            let text = try c.call("GET", "/api/v1/projects?objectives=eq.x")
            #expect(text.status == 400)
            #expect(try Self.detail(text).contains("cannot be filtered on"))
        }
    }
}

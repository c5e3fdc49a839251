import Foundation
import TestSupport
import Testing

/// Lists: paging, Link, filters, sort, fields, search, CSV, ETags, and SQL-injection attempts.
@Suite struct ContractListTests {
    static let people: [(String, String, String?, Int?)] = [
        ("Ada Lovelace", "ada@example.com", "Project Manager", 9000),
        ("Grace Hopper", "grace@example.com", "Program Manager", 12000),
        ("Alan Turing", "alan@example.com", "Engineer", 8000),
        ("Edsger Dijkstra", "edsger@example.com", "Engineer", nil),
        ("Barbara Liskov", "barbara@example.com", nil, 11000),
    ]

    static func seed(_ c: RawClient) throws {
        for (name, email, title, rate) in people {
            var fields = [#""name":"\#(name)""#, #""email":"\#(email)""#]
            if let title { fields.append(#""title":"\#(title)""#) }
            if let rate { fields.append(#""hourlyCostRate":\#(rate),"costCurrency":"EUR""#) }
            #expect(try c.call("POST", "/api/v1/people", json: "{" + fields.joined(separator: ",") + "}").status == 201)
        }
    }

    static func names(_ r: RawResponse) throws -> [String] { try r.items().map { $0["name"] as! String } }

    @Test func pagesWithEnvelopeAndLinks() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            try Self.seed(c)
            let first = try c.call("GET", "/api/v1/people?perPage=2&sort=name")
            let env = try first.json()
            #expect(env["page"] as? Int == 1)
            #expect(env["perPage"] as? Int == 2)
            #expect(env["totalItems"] as? Int == 5)
            #expect(env["totalPages"] as? Int == 3)
            #expect(try Self.names(first) == ["Ada Lovelace", "Alan Turing"])
            #expect(first.headers["Link"] == "</api/v1/people?perPage=2&sort=name&page=2>; rel=\"next\"")
            let second = try c.call("GET", "/api/v1/people?perPage=2&sort=name&page=2")
            #expect(second.headers["Link"]?.contains("rel=\"prev\"") == true)
            #expect(second.headers["Link"]?.contains("page=3>; rel=\"next\"") == true)
            let last = try c.call("GET", "/api/v1/people?perPage=2&sort=name&page=3&skipTotal=true")
            #expect(try last.json()["totalItems"] as? Int == -1)
            #expect(last.headers["Link"]?.contains("next") == false)
            #expect(try c.call("GET", "/api/v1/people?perPage=501").status == 400)
            #expect(try c.call("GET", "/api/v1/people?page=0").status == 400)
        }
    }

    @Test func filtersWithEveryOperator() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            try Self.seed(c)
            func q(_ query: String) throws -> Set<String> {
                Set(try Self.names(c.call("GET", "/api/v1/people?" + query)))
            }
            #expect(try q("title=eq.Engineer") == ["Alan Turing", "Edsger Dijkstra"])
            #expect(try q("title=neq.Engineer") == ["Ada Lovelace", "Grace Hopper"])
            #expect(try q("hourlyCostRate=gte.11000") == ["Grace Hopper", "Barbara Liskov"])
            #expect(try q("hourlyCostRate=lt.9000") == ["Alan Turing"])
            #expect(try q("hourlyCostRate=lte.9000&title=like.*Manager") == ["Ada Lovelace"])
            #expect(try q("id=in.(1,3,5)") == ["Ada Lovelace", "Alan Turing", "Barbara Liskov"])
            #expect(try q("name=like.a*") == [])
            #expect(try q("name=ilike.a*") == ["Ada Lovelace", "Alan Turing"])
            #expect(try q("title=is.null") == ["Barbara Liskov"])
            #expect(try q("hourlyCostRate=is.null") == ["Edsger Dijkstra"])
            #expect(try q("or=(name.eq.Ada%20Lovelace,hourlyCostRate.gt.11000)") == ["Ada Lovelace", "Grace Hopper"])
            #expect(try q("q=proj%20manag") == ["Ada Lovelace"])
            #expect(try q("q=eng") == ["Alan Turing", "Edsger Dijkstra"])
            #expect(try q("q=zzzz") == [])
            let unknownField = try c.call("GET", "/api/v1/people?salary=gt.1")
            #expect(unknownField.status == 400)
            #expect((try unknownField.json()["detail"] as? String)?.contains("salary") == true)
            let unknownOp = try c.call("GET", "/api/v1/people?name=regex.x")
            #expect((try unknownOp.json()["detail"] as? String)?.contains("regex") == true)
            #expect(try c.call("GET", "/api/v1/people?hourlyCostRate=gt.lots").status == 400)
        }
    }

    @Test func sortsSelectsFieldsAndBreaksTiesById() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            try Self.seed(c)
            let sorted = try c.call("GET", "/api/v1/people?sort=title,-name&fields=id,name,title")
            // NULL titles first, then equal titles by name descending.
            #expect(
                try Self.names(sorted) == [
                    "Barbara Liskov", "Edsger Dijkstra", "Alan Turing", "Grace Hopper", "Ada Lovelace",
                ]
            )
            #expect(Set(try sorted.items()[0].keys) == ["id", "name", "title"])
            let ties = try c.call("GET", "/api/v1/people?sort=title&fields=id&title=eq.Engineer")
            #expect(try ties.items().map { $0["id"] as! Int } == [3, 4])
            #expect(try c.call("GET", "/api/v1/people?sort=salary").status == 400)
            #expect(try c.call("GET", "/api/v1/people?fields=id,salary").status == 400)
        }
    }

    @Test func answersCSVOfTheSameQuery() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            try Self.seed(c)
            _ = try c.call("POST", "/api/v1/people", json: #"{"name":"Quote \"Q\", Esq.","email":"q@example.com"}"#)
            let csv = try c.call(
                "GET",
                "/api/v1/people?fields=id,name&sort=-id&perPage=2",
                headers: ["Accept": "text/csv"]
            )
            #expect(csv.headers["Content-Type"]?.hasPrefix("text/csv") == true)
            #expect(csv.text == "id,name\r\n6,\"Quote \"\"Q\"\", Esq.\"\r\n5,Barbara Liskov\r\n")
            #expect(
                try c.call("GET", "/api/v1/people?format=csv&fields=name&id=eq.1").text == "name\r\nAda Lovelace\r\n"
            )
        }
    }

    @Test func listETagGives304UntilSomethingChanges() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            try Self.seed(c)
            let first = try c.call("GET", "/api/v1/people?sort=name")
            let etag = try #require(first.headers["ETag"])
            #expect(try c.call("GET", "/api/v1/people?sort=name", headers: ["If-None-Match": etag]).status == 304)
            #expect(try c.call("GET", "/api/v1/people?sort=-name", headers: ["If-None-Match": etag]).status == 200)
            _ = try c.call("PATCH", "/api/v1/people/1", json: #"{"title":"CTO"}"#)
            let after = try c.call("GET", "/api/v1/people?sort=name", headers: ["If-None-Match": etag])
            #expect(after.status == 200)
            #expect(after.headers["ETag"] != etag)
        }
    }

    static let injections = [
        "name=eq.x'%20OR%20'1'='1", "sort=name;DROP%20TABLE%20people", "sort=name%20DESC,(SELECT%201)",
        "fields=name,(SELECT%20email%20FROM%20people)", "name)%20OR%20(1=1=eq.x", "id=in.(1);DELETE%20FROM%20people",
        "or=(name.eq.x)%20OR%201=1--,id.eq.1)", "q=%22%20OR%20*", "name=like.*'--", "expand=name;DROP",
    ]

    @Test(arguments: injections)
    func sqlInjectionAttemptsChangeNothing(_ query: String) throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            try Self.seed(c)
            let response = try c.call("GET", "/api/v1/people?" + query)
            #expect(response.status == 200 || response.status == 400)
            if response.status == 200 { #expect(try response.items().count < 5) }
            #expect(try c.call("GET", "/api/v1/people").json()["totalItems"] as? Int == 5)
        }
    }
}

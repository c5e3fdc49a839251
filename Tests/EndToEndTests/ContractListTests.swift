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

    /// The target of the response's `rel="next"` link.
    static func nextLink(_ r: RawResponse) -> String? {
        guard let header = r.headers["Link"] else { return nil }
        for part in header.split(separator: ",") where part.contains("rel=\"next\"") {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">") else { continue }
            return String(part[part.index(after: open)..<close])
        }
        return nil
    }

    /// Following `next` cursors visits exactly the records that offset pages show, in the same order, for sorts
    /// in both directions over a field with NULLs and ties (keyset paging, issue 11), and a cursor made for one
    /// sort is refused by another.
    @Test func cursorsWalkTheSameOrderAsPages() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            for n in 0..<23 {
                let title = n % 3 == 0 ? "null" : "\"T\(n % 4)\""
                let rate = n % 5 == 0 ? "null" : "\(n % 3 * 100)"
                let body =
                    #"{"name":"P\#(n % 7)","email":"p\#(n)@example.com","title":\#(title),"hourlyCostRate":\#(rate),"costCurrency":"EUR"}"#
                #expect(try c.call("POST", "/api/v1/people", json: body).status == 201)
            }
            for sort in ["title", "-title", "hourlyCostRate,id", "-hourlyCostRate", "-id", "name"] {
                var byPages: [Int] = []
                for page in 1...5 {
                    byPages += try c.call("GET", "/api/v1/people?perPage=5&sort=\(sort)&page=\(page)").items().map {
                        $0["id"] as! Int
                    }
                }
                var byCursor: [Int] = []
                var next: String? = "/api/v1/people?perPage=5&sort=\(sort)"
                var hops = 0
                while let url = next, hops < 10 {
                    let r = try c.call("GET", url)
                    #expect(r.status == 200)
                    byCursor += try r.items().map { $0["id"] as! Int }
                    next = Self.nextLink(r)
                    hops += 1
                }
                #expect(byCursor == byPages, "sort=\(sort)")
                #expect(Set(byCursor).count == 23, "sort=\(sort)")
            }
            let first = try c.call("GET", "/api/v1/people?perPage=5&sort=name")
            let cursor = try #require(Self.nextLink(first)).components(separatedBy: "after=").last!
            #expect(try c.call("GET", "/api/v1/people?perPage=5&sort=title&after=\(cursor)").status == 400)
            #expect(try c.call("GET", "/api/v1/people?after=garbage").status == 400)
            #expect(try c.call("GET", "/api/v1/people?sort=name&page=2&after=\(cursor)").status == 400)
        }
    }

    /// The `Link` header is built from the parsed query, each part encoded again: a client's `>` cannot end the
    /// link and start one of its own (issue 16).
    @Test func linksNeverCarryRawQueryText() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            try Self.seed(c)
            let evil = #"perPage=1&title=neq.a>;rel="next",<http://evil.example/steal"#
            let r = try c.call("GET", "/api/v1/people?" + evil)
            #expect(r.status == 200, "\(r.status) \(r.text)")
            let link = r.headers["Link"] ?? ""
            // Every target the header names is this list (the raw copy named http://evil.example/steal too).
            let targets = link.split(separator: "<", omittingEmptySubsequences: false).dropFirst().map {
                $0.prefix(while: { $0 != ">" })
            }
            #expect(!targets.isEmpty && targets.allSatisfy { $0.hasPrefix("/api/v1/people?") }, "\(link)")
            #expect(!link.contains("\"" + "next\"" + ",<"))
        }
    }

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
            let next = try #require(Self.nextLink(first))
            #expect(next.hasPrefix("/api/v1/people?perPage=2&sort=name&after="))
            #expect(try Self.names(try c.call("GET", next)) == ["Barbara Liskov", "Edsger Dijkstra"])
            let second = try c.call("GET", "/api/v1/people?perPage=2&sort=name&page=2")
            #expect(second.headers["Link"]?.contains("page=1>; rel=\"prev\"") == true)
            #expect(second.headers["Link"]?.contains("rel=\"next\"") == true)
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
            #expect(try q("name=like.ada*") == [])
            #expect(try q("name=ilike.ada*") == ["Ada Lovelace"])
            #expect(try q("name=ilike.*LOVE*") == ["Ada Lovelace"])
            #expect(try q("name=like.*ing") == ["Alan Turing"])
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
            let sorted = try c.call("GET", "/api/v1/people?sort=-title&fields=id,name,title")
            // Descending: equal titles by id descending, NULL titles last.
            #expect(
                try Self.names(sorted) == [
                    "Ada Lovelace", "Grace Hopper", "Edsger Dijkstra", "Alan Turing", "Barbara Liskov",
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

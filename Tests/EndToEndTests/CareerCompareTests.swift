import Foundation
import TestSupport
import Testing

/// `compare` on the shipped data (issue 14, item 3): what only A has, what only B has, and a note when a side has
/// nothing to compare, instead of empty lists that look like "the same".
@Suite struct CareerCompareTests {
    @Test func aSideWithoutRatingsIsNamedAndOnlyAIsListed() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(port: service.port)
            let response = try c.call("GET", "/api/v1/careers/compare?codes=15-1299.09,13-1082.00")
            #expect(response.status == 200)
            let body = try response.json()
            let onlyA = try #require(body["onlyInA"] as? [[String: Any]])
            #expect(onlyA.count == 16)  // the page's 10 abilities and 6 knowledge areas
            #expect((body["onlyInB"] as? [Any])?.isEmpty == true && (body["shared"] as? [Any])?.isEmpty == true)
            let sections = try #require(body["sections"] as? [[String: Any]])
            #expect(sections.map { $0["domain"] as? String } == ["abilities", "knowledge", "skills"])
            let abilities = sections[0]
            #expect(abilities["elementsA"] as? Int == 10 && abilities["ratedA"] as? Int == 0)
            let note = try #require(abilities["note"] as? String)
            #expect(note.contains("13-1082.00 has no abilities loaded") && note.contains("without ratings"))
            #expect((sections[2]["note"] as? String)?.contains("15-1299.09 has no skills loaded") == true)
        }
    }

    @Test func aMissingCodeIsNamedInThe404() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(port: service.port)
            let missing = try c.call("GET", "/api/v1/careers/compare?codes=15-1299.09,99-9999.99")
            #expect(missing.status == 404)
            #expect(missing.text.contains("no career profile has code 99-9999.99;"), "\(missing.text)")
            #expect(!missing.text.contains("15-1299.09"), "\(missing.text)")
        }
    }
}

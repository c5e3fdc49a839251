import Foundation
import TestSupport
import Testing

/// CSV exports neutralise formula text (OWASP CSV injection: a leading `'`) and keep numbers as numbers
/// (issue 16: `=HYPERLINK(…)` and `@SUM(1+1)` went out as live formulas).
@Suite struct CSVInjectionTests {
    @Test func listAndWBSExportsNeutraliseFormulasAndKeepNegativeNumbers() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            let formula = #"=HYPERLINK(\"http://evil.example/steal\",\"open\")"#
            let a = try c.call(
                "POST",
                "/api/v1/work-packages",
                json: #"{"project":\#(p),"name":"\#(formula)","description":"\tcmd"}"#
            )
            #expect(a.status == 201, "\(a.text)")
            let b = try c.call("POST", "/api/v1/work-packages", json: #"{"project":\#(p),"name":"@SUM(1+1)"}"#)
            #expect(b.status == 201, "\(b.text)")
            let aID = try #require(try a.json()["id"] as? Int)
            let bID = try #require(try b.json()["id"] as? Int)
            let link = try c.call(
                "POST",
                "/api/v1/dependencies",
                json: #"{"predecessor":\#(aID),"successor":\#(bID),"lagDays":-3}"#
            )
            #expect(link.status == 201, "\(link.text)")

            let list = try c.call("GET", "/api/v1/work-packages?format=csv&fields=id,name,description&sort=id")
            #expect(list.status == 200)
            let rows = list.text.components(separatedBy: "\r\n")
            #expect(rows[1] == #"\#(aID),"'=HYPERLINK(""http://evil.example/steal"",""open"")",'"# + "\tcmd", "\(rows)")
            #expect(rows[2] == "\(bID),'@SUM(1+1),", "\(rows)")

            let lag = try c.call("GET", "/api/v1/dependencies?format=csv&fields=lagDays")
            #expect(lag.text.components(separatedBy: "\r\n").prefix(2) == ["lagDays", "-3"], "\(lag.text)")

            let wbs = try c.call("GET", "/api/v1/projects/\(p)/wbs?format=csv")
            #expect(wbs.status == 200)
            #expect(wbs.text.contains(",'@SUM(1+1),") && wbs.text.contains(#","'=HYPERLINK("#), "\(wbs.text)")
            #expect(!wbs.text.contains(",@SUM") && !wbs.text.contains(#","=HYPERLINK"#))
        }
    }
}

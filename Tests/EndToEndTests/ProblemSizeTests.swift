import App
import Foundation
import HTTPCore
import TestSupport
import Testing

/// A 422 lists at most `50` issues and says how many it left out, and problems are gzipped like
/// other responses (issue 16: 90,000 unknown fields in 0.98 MB made a 7.8 MB problem, never compressed).
@Suite struct ProblemSizeTests {
    static func body(unknownFields count: Int) -> String {
        let unknown = (0..<count).map { #""f\#($0)":1"# }.joined(separator: ",")
        return #"{"name":"Ada","email":"ada@example.com",\#(unknown)}"#
    }

    @Test func aValidationProblemListsTheFirstFiftyIssuesAndCountsTheRest() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            // 6,000 is enough to show the cap (the issue's 90,000 take long under the thread sanitizer).
            let body = Self.body(unknownFields: 6_000)
            let r = try c.call("POST", "/api/v1/people", json: body)
            #expect(r.status == 422)
            let json = try r.json()
            let errors = try #require(json["errors"] as? [[String: Any]])
            #expect(errors.count == Problem.maxErrors)
            #expect(errors.allSatisfy { $0["code"] as? String == "unknown_field" })
            #expect(json["errorsOmitted"] as? Int == 6_000 - Problem.maxErrors)
            #expect((json["detail"] as? String)?.contains("and 5950 more") == true, "\(json["detail"] ?? "")")
            #expect(r.body.count < 8 * 1024, "a \(body.utf8.count)-byte request got a \(r.body.count)-byte problem")
            #expect(try c.call("GET", "/api/v1/people?email=eq.ada@example.com").items().isEmpty)
        }
    }

    @Test func problemsAreGzippedWhenTheClientAcceptsIt() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let r = try c.call(
                "POST",
                "/api/v1/people",
                json: Self.body(unknownFields: 100),
                headers: ["Accept-Encoding": "gzip"]
            )
            #expect(r.status == 422)
            #expect(r.headers["Content-Type"] == "application/problem+json")
            #expect(r.headers["Content-Encoding"] == "gzip")
            #expect(r.headers["Vary"]?.contains("Accept-Encoding") == true)
            // An error still answers with its own status when the client refuses every encoding (no 406).
            let refused = try c.call(
                "GET",
                "/api/v1/people/999",
                headers: ["Accept-Encoding": "gzip;q=0, identity;q=0"]
            )
            #expect(refused.status == 404)
        }
    }
}

import Foundation
import TestSupport
import Testing

/// The career-page import refuses a code that names no occupation and pages past its line and name limits, fast
/// (issue 16: `?code=99-9999.99` made up an occupation; 20,000 headings held the writer for 2.4 s).
@Suite struct CareerImportBoundsTests {
    static func post(_ admin: RawClient, _ page: String, code: String? = nil) throws -> (RawResponse, Double) {
        let start = Date()
        let response = try admin.call(
            "POST",
            "/api/v1/careers/import" + (code.map { "?code=" + $0 } ?? ""),
            json: page,
            headers: ["Content-Type": "text/plain"]
        )
        return (response, Date().timeIntervalSince(start))
    }

    static let page = """
        Example Career: Computer Network Architects
        Career Description
        Design and implement computer and information networks.
        What Computer Network Architects Do
        - Design network layouts.
        """

    @Test func aCodeThatNamesNoOccupationIsRefused() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let (made, _) = try Self.post(admin, Self.page, code: "99-9999.99")
            #expect(made.status == 422, "\(made.text)")
            #expect(made.text.contains("no occupation has code 99-9999.99"), "\(made.text)")
            #expect(try admin.call("GET", "/api/v1/careers/99-9999.99").status == 404)
            // Custom profiles change by PUT and PATCH, not by a page: their codes are not O*NET codes (422).
            let (custom, _) = try Self.post(admin, Self.page, code: "ACME-0001.00")
            #expect(custom.status == 422, "\(custom.text)")
            // Onto an O*NET occupation of the list, it goes.
            #expect(try Self.post(admin, Self.page, code: "15-1241.00").0.status == 200)
        }
    }

    /// Ten times each limit, answered within a second, and the writer free for the next request.
    @Test func pagesPastTheLineAndNameLimitsAreRefusedFast() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let lines = Self.page + "\n" + String(repeating: "- t\n", count: 100_000)
            let (long, longSeconds) = try Self.post(admin, lines)
            #expect(long.status == 422, "\(long.text)")
            #expect(long.text.contains("at most 10000"), "\(long.text)")
            #expect(longSeconds < 1, "\(longSeconds) s")
            let names = Self.page + "\n" + (0..<200).map { "What Architects \($0) Do\n- x" }.joined(separator: "\n")
            let (many, manySeconds) = try Self.post(admin, names)
            #expect(many.status == 422, "\(many.text)")
            #expect(many.text.contains("more than 20 careers"), "\(many.text)")
            #expect(manySeconds < 1, "\(manySeconds) s")
            let tasks = try admin.call("GET", "/api/v1/careers/15-1241.00").json()["tasks"] as? [Any]
            #expect(tasks?.count ?? 0 < 100)  // nothing of either page was written
            #expect(
                try admin.call("POST", "/api/v1/people", json: #"{"name":"A","email":"a@example.com"}"#).status == 201
            )
        }
    }
}

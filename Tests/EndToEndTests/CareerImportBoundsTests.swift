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
            let (refused, _) = try Self.post(admin, Self.page, code: "99-9999.99")
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.text.contains("no occupation has code 99-9999.99"), "\(refused.text)")
            #expect(try admin.call("GET", "/api/v1/careers/99-9999.99").status == 404)
            // A custom profile's code is accepted (issue 14): the page makes (or updates) that custom profile.
            let (custom, _) = try Self.post(admin, Self.page, code: "ACME-0001.00")
            #expect(custom.status == 200, "\(custom.text)")
            let made = try admin.call("GET", "/api/v1/careers/ACME-0001.00").json()
            #expect((made["occupation"] as? [String: Any])?["custom"] as? Bool == true)
            #expect((made["tasks"] as? [Any])?.count == 1)
            // Onto an O*NET occupation of the list, it goes.
            #expect(try Self.post(admin, Self.page, code: "15-1241.00").0.status == 200)
        }
    }

    /// A page onto another occupation is a 409 until `replace=true`; `dryRun=true` says what would change (issue 14).
    @Test func anImportThatWouldDestroyIsAConflictUntilReplaced() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let (refused, _) = try Self.post(admin, Self.page, code: "15-1299.09")
            #expect(refused.status == 409, "\(refused.text)")
            #expect(refused.text.contains("is 'Information Technology Project Managers'"), "\(refused.text)")
            #expect(refused.text.contains("replace=true"), "\(refused.text)")
            let dry = try Self.post(admin, Self.page, code: "15-1299.09&dryRun=true").0
            #expect(dry.status == 200, "\(dry.text)")
            let body = try dry.json()
            #expect(body["dryRun"] as? String == "true")
            #expect((body["changes"] as? [String])?.contains("tasks: 1 added, 0 changed, 21 removed, 0 kept") == true)
            let profile = try admin.call("GET", "/api/v1/careers/15-1299.09").json()
            #expect((profile["tasks"] as? [Any])?.count == 21)
            let replaced = try Self.post(admin, Self.page, code: "15-1299.09&replace=true").0
            #expect(replaced.status == 200, "\(replaced.text)")
            let after = try admin.call("GET", "/api/v1/careers/15-1299.09").json()
            #expect((after["tasks"] as? [Any])?.count == 1)
            #expect(try Self.post(admin, Self.page, code: "15-1241.00&replace=maybe").0.status == 400)
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

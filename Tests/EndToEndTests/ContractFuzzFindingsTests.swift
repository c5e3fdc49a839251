import Foundation
import TestSupport
import Testing

/// What schemathesis (`.ci/schemathesis.sh`) and probing around it found, kept as regression tests: each was a 5xx,
/// a crash, or a response the OpenAPI document does not allow.
@Suite struct ContractFuzzFindingsTests {
    static func request(
        _ client: RawClient,
        _ method: String,
        _ target: String,
        body: String? = nil
    ) throws
        -> RawResponse
    {
        try client.call(method, target, json: body)
    }

    static func createPerson(_ client: RawClient) throws {
        let created = try request(client, "POST", "/api/v1/people", body: #"{"name":"Ada","email":"ada@example.com"}"#)
        #expect(created.status == 201)
    }

    /// QUERY (a registered safe method with a body) was 501 and closed the connection; no route serves it: 405.
    @Test func queryMethodIs405() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(service)
            let response = try Self.request(client, "QUERY", "/api/v1/people", body: "{}")
            #expect(response.status == 405)
            #expect(response.headers["Allow"]?.contains("POST") == true)
            #expect(try Self.request(client, "GET", "/health").status == 200)  // still open
        }
    }

    /// A huge history page overflowed `(page - 1) * perPage` and killed the process.
    @Test(arguments: ["page=999999999999999999", "page=0", "perPage=-5", "perPage=100000", "page=x"])
    func historyPagingIsBounded(_ query: String) throws {
        try TestServer.withCharter { service in
            let client = try RawClient(service)
            try Self.createPerson(client)
            let response = try Self.request(client, "GET", "/api/v1/people/1/history?\(query)")
            #expect(response.status == 400)
            #expect(response.headers["Content-Type"] == "application/problem+json")
            #expect(try Self.request(client, "GET", "/api/v1/people/1/history?page=1&perPage=10").status == 200)
        }
    }

    /// `fields=` (or only commas) selected nothing and answered records as `{}`.
    @Test(arguments: ["/api/v1/people?fields=", "/api/v1/people?fields=,", "/api/v1/people/1?fields="])
    func emptyFieldSelectionIs400(_ target: String) throws {
        try TestServer.withCharter { service in
            let client = try RawClient(service)
            try Self.createPerson(client)
            #expect(try Self.request(client, "GET", target).status == 400)
        }
    }

    /// A bad `fields` with `If-None-Match: *` was answered 304: the 400 comes first (RFC 9110 §13.2.1).
    @Test func badFieldsBeatsIfNoneMatch() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(service)
            try Self.createPerson(client)
            let response = try client.call("GET", "/api/v1/people/1?fields=nope", headers: ["If-None-Match": "*"])
            #expect(response.status == 400)
        }
    }

    /// Lengths are counted in code points, as JSON Schema's maxLength does: 150 "é" written as e + U+0301 are 300.
    @Test func lengthsCountCodePoints() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(service)
            let name = String(repeating: "e\\u0301", count: 150)
            let response = try Self.request(
                client,
                "POST",
                "/api/v1/people",
                body: #"{"name":"\#(name)","email":"e@example.com"}"#
            )
            #expect(response.status == 422)
            #expect(response.text.contains("too_long"))
        }
    }
}

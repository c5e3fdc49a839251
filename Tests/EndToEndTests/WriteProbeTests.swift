import Foundation
import TestSupport
import Testing

/// The write-probe endpoints (used by the crash-safety script) and the storage error mapping behind them.
@Suite struct WriteProbeTests {
    static func post(_ client: RawClient, _ body: String) throws -> RawResponse {
        try client.send(
            "POST /bench/writes HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        )
        return try client.readResponse()
    }

    @Test func storesReadsAndRefusesDuplicates() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            let created = try Self.post(client, #"{"token":"alpha"}"#)
            #expect(created.status == 201)
            #expect(created.headers["Location"] == "/bench/writes/alpha")

            try client.send("GET /bench/writes/alpha HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            try client.send("GET /bench/writes/beta HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 404)

            let duplicate = try Self.post(client, #"{"token":"alpha"}"#)
            #expect(duplicate.status == 409)
            #expect(duplicate.headers["Content-Type"] == "application/problem+json")
            let count = try service.database.read { db in try db.scalar(Int.self, "SELECT count(*) FROM write_probes") }
            #expect(count == 1)
        }
    }

    @Test func malformedJSONIs400AndWritesNothing() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            let bad = try Self.post(client, #"{"token":"#)
            #expect(bad.status == 400)
            #expect((try bad.json()["detail"] as? String)?.contains("malformed JSON") == true)
            let wrongType = try Self.post(client, #"{"token":42}"#)
            #expect(wrongType.status == 400)
            let tooLong = try Self.post(client, #"{"token":""# + String(repeating: "x", count: 200) + #""}"#)
            #expect(tooLong.status == 422)
            let count = try service.database.read { db in try db.scalar(Int.self, "SELECT count(*) FROM write_probes") }
            #expect(count == 0)
        }
    }
}

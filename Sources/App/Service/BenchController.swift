import Foundation
import HTTPCore
import Storage

/// `GET /bench/items`: the benchmark harness's 21,676-byte JSON array (200 items), byte-identical to the peers'
/// (`../shared/bench/peers/Items.swift`). Served only with `benchRoutes` on. Like the peers, the body is built
/// once and compressed per request, so scenario b measures the server and gzip, not JSON encoding.
///
/// `POST /bench/writes` stores `{"token": "…"}` (201, or 409 when the token exists) and `GET /bench/writes/:token`
/// reads it back: the crash-safety script checks with them that every acknowledged write survives `kill -9`.
struct BenchController {
    let database: DatabasePool

    struct Probe: Codable {
        let token: String
    }

    struct Item: Codable {
        let id: Int
        let name: String
        let status: String
        let budget: Int
        let dueDate: String
    }

    static let body: [UInt8] = {
        let statuses = ["active", "paused", "done", "archived"]
        let items = (1...200).map { i in
            Item(
                id: i,
                name: "Item " + String(format: "%03d", i) + " quarterly planning task",
                status: statuses[i % 4],
                budget: 1000 + (i * 7919) % 100_000,
                dueDate: String(format: "2025-%02d-%02d", 1 + i % 12, 1 + i % 28)
            )
        }
        return (try? JSON.encode(items)) ?? []
    }()

    func register(on router: inout Router) {
        let body = Self.body
        router.get("/bench/items") { _ in Response.bytes(body, contentType: "application/json") }
        let database = self.database
        router.post("/bench/writes") { request in
            let probe = try JSON.decode(Probe.self, from: request.body)
            guard (1...128).contains(probe.token.utf8.count) else {
                throw HTTPError(.unprocessableContent, "token must be 1 to 128 bytes")
            }
            try database.write { db in
                try db.execute(
                    "INSERT INTO write_probes (token, created_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    [probe.token]
                )
            }
            var response = try Response.json(probe, status: .created)
            response.headers["Location"] = "/bench/writes/" + probe.token
            return response
        }
        router.get("/bench/writes/:token") { request in
            let token = request.parameters["token"] ?? ""
            let found = try database.read { db in
                try db.scalar(Int.self, "SELECT count(*) FROM write_probes WHERE token = ?", [token])
            }
            guard found == 1 else { throw HTTPError(.notFound, "no write probe \(token)") }
            return try Response.json(Probe(token: token))
        }
    }
}

import Foundation
import HTTPCore

/// `GET /bench/items`: the benchmark harness's 21,676-byte JSON array (200 items), byte-identical to the peers'
/// (`../shared/bench/peers/Items.swift`). Served only with `benchRoutes` on. Like the peers, the body is built
/// once and compressed per request, so scenario b measures the server and gzip, not JSON encoding.
struct BenchController {
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
    }
}

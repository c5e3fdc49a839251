import Foundation
import HTTPCore
import Storage

/// `GET /health`: liveness for load balancers, Docker's HEALTHCHECK and the benchmark scripts.
struct HealthController {
    let startedAt: Date
    let database: DatabasePool

    struct Health: Encodable {
        let status: String
        let version: String
        let uptimeSeconds: Int
        let database: String
    }

    func register(on router: inout Router) {
        let startedAt = self.startedAt
        let database = self.database
        router.get("/health") { _ in
            // A trivial query on a reader: it fails when the file is gone, unreadable or corrupt.
            let healthy = (try? database.quickHealthCheck()) != nil
            var response = try Response.json(
                Health(
                    status: healthy ? "ok" : "degraded",
                    version: CharterVersion.current,
                    uptimeSeconds: Int(Date().timeIntervalSince(startedAt)),
                    database: healthy ? "ok" : "unavailable"
                ),
                status: healthy ? .ok : .serviceUnavailable
            )
            response.headers["Cache-Control"] = "no-store"
            return response
        }
    }
}

import Foundation
import HTTPCore

/// `GET /health`: liveness for load balancers, Docker's HEALTHCHECK and the benchmark scripts.
struct HealthController {
    let startedAt: Date

    struct Health: Encodable {
        let status: String
        let version: String
        let uptimeSeconds: Int
    }

    func register(on router: inout Router) {
        let startedAt = self.startedAt
        router.get("/health") { _ in
            var response = try Response.json(
                Health(
                    status: "ok",
                    version: CharterVersion.current,
                    uptimeSeconds: Int(Date().timeIntervalSince(startedAt))
                )
            )
            response.headers["Cache-Control"] = "no-store"
            return response
        }
    }
}

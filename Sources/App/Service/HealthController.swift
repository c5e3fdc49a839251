import Foundation
import HTTPCore
import Storage
import Synchronization

/// `GET /health`: liveness for load balancers, Docker's HEALTHCHECK and the benchmark scripts.
///
/// It runs inline on the event loop (no worker, no queue): a load balancer must see a live server even while
/// the workers are busy. So it must never wait: the database probe (`SELECT 1` on a reader) is cached for up to a
/// second, and refreshed only when a reader is free at once; when every reader is busy the last result stands
/// (the database is evidently answering).
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
        let probe = Probe(database: database)
        // The answer changes at most once a second (uptime, and the probe's cached result): it is encoded once
        // and reused until then, so a request costs no JSON encoding.
        let last = LockedValue<(uptime: Int, healthy: Bool, response: Response)?>(nil)
        router.get("/health", execution: .inline) { _ in
            let healthy = probe.isHealthy()
            let uptime = Int(Date().timeIntervalSince(startedAt))
            if let cached = last.withLock({ $0 }), cached.uptime == uptime, cached.healthy == healthy {
                return cached.response
            }
            var response = try Response.json(
                Health(
                    status: healthy ? "ok" : "degraded",
                    version: CharterVersion.current,
                    uptimeSeconds: uptime,
                    database: healthy ? "ok" : "unavailable"
                ),
                status: healthy ? .ok : .serviceUnavailable
            )
            response.headers["Cache-Control"] = "no-store"
            last.withLock { $0 = (uptime, healthy, response) }
            return response
        }
    }

    /// The database probe, cached for `maxAge` seconds.
    final class Probe: Sendable {
        let database: DatabasePool
        let maxAge: Double
        private let last = LockedValue<(healthy: Bool, at: Double)?>(nil)

        init(database: DatabasePool, maxAge: Double = 1) {
            self.database = database
            self.maxAge = maxAge
        }

        func isHealthy() -> Bool {
            let now = Socket.monotonicSeconds()
            let cached = last.withLock { $0 }
            if let cached, now - cached.at < maxAge { return cached.healthy }
            let healthy: Bool
            do {
                // A trivial query on a reader: it fails when the file is gone, unreadable or corrupt.
                guard try database.readIfFree({ db in try db.quickHealthCheck() }) != nil else {
                    return cached?.healthy ?? true
                }
                healthy = true
            } catch {
                healthy = false
            }
            last.withLock { $0 = (healthy, now) }
            return healthy
        }
    }
}

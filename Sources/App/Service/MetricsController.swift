import HTTPCore
import Storage

/// `GET /metrics`: the Prometheus text exposition format (version 0.0.4), for admins only on the API's listener
/// (an admin key; 401 without one, 403 with a lesser role), or for anyone who can reach `metricsListen`, a
/// listener of its own that serves nothing else (bind it to a private address).
///
/// Nothing is counted here: the page asks the HTTP server (its per-loop counters), the database pool (atomics on
/// its slow paths) and the counters below when it is scraped. It runs on a worker, never inline: the server's
/// collector waits for each event loop in turn.
struct MetricsController {
    let registry: MetricsRegistry
    /// Checks the caller's key on the API listener; nil on the `metricsListen` one, which asks for none.
    let keys: APIKeyStore?

    func register(on router: inout Router) {
        let registry = self.registry
        // `/metrics` lies outside `/api/`, where authentication skips the key lookup: it is done here.
        let authentication = keys.map { AuthenticationMiddleware(store: $0, policy: AccessPolicy()) }
        router.get("/metrics") { request in
            let credential = authentication?.credential(from: request.headers)
            if let credential { try Self.checkAdmin(credential) }
            var response = Response.bytes(Array(registry.render().utf8), contentType: PrometheusText.contentType)
            if case .key(let principal) = credential { response.principalName = principal.name }
            response.headers["Cache-Control"] = "no-store"
            return response
        }
    }

    /// 401 without a valid key, 403 with a key below admin.
    static func checkAdmin(_ credential: Credential) throws {
        switch credential {
        case .unavailable(let error): throw error
        case .invalid:
            throw HTTPError(
                .unauthorized,
                "the API key is unknown or revoked",
                headers: ["WWW-Authenticate": AuthorizationMiddleware.invalidTokenChallenge]
            )
        case .anonymous:
            throw HTTPError(
                .unauthorized,
                "GET /metrics needs an admin API key ('Authorization: Bearer <key>'), or use the metricsListen listener",
                headers: ["WWW-Authenticate": AuthorizationMiddleware.challenge]
            )
        case .key(let principal):
            guard principal.role >= .admin else {
                throw HTTPError(
                    .forbidden,
                    "GET /metrics needs an admin API key; this key's role is \(principal.role.rawValue)",
                    headers: ["WWW-Authenticate": AuthorizationMiddleware.insufficientScopeChallenge]
                )
            }
        }
    }

    /// The application's own families: build info, the database pool, rate limiting.
    static func registerApplication(
        on registry: MetricsRegistry,
        database: DatabasePool,
        rateLimited: MetricCounter
    ) {
        registry.register { text in
            text.family("charter_build_info", .gauge, "The running build: always 1, with the version as a label.")
            text.sample("charter_build_info", [("version", CharterVersion.current), ("swift", swiftVersion)], 1)
            let stats = database.statistics
            text.family(
                "charter_db_pool_waits_total",
                .counter,
                "Reads or writes that found every connection of their kind busy and waited for one."
            )
            text.sample("charter_db_pool_waits_total", [("kind", "read")], stats.readerWaits)
            text.sample("charter_db_pool_waits_total", [("kind", "write")], stats.writerWaits)
            text.family("charter_db_pool_wait_seconds_total", .counter, "Seconds spent waiting for a connection.")
            text.sample("charter_db_pool_wait_seconds_total", [("kind", "read")], stats.readerWaitSeconds)
            text.sample("charter_db_pool_wait_seconds_total", [("kind", "write")], stats.writerWaitSeconds)
            text.family(
                "charter_db_statement_cache_total",
                .counter,
                "Prepared-statement cache lookups: hit (reused) or miss (prepared anew)."
            )
            text.sample("charter_db_statement_cache_total", [("result", "hit")], stats.statementCacheHits)
            text.sample("charter_db_statement_cache_total", [("result", "miss")], stats.statementCacheMisses)
            text.family("charter_rate_limited_requests_total", .counter, "Requests answered 429 by the rate limiter.")
            text.sample("charter_rate_limited_requests_total", rateLimited.value)
        }
    }

    static let swiftVersion: String = {
        #if compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }()
}

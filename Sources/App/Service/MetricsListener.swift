import HTTPCore
import Logging

/// The optional second listener of `metricsListen`: one event loop, one worker, and only `GET /metrics` (no key
/// asked: who can reach the address may scrape). Its own requests are not counted in the page.
enum MetricsListener {
    /// `host:port` split; the host may be `[::1]`-style bracketed. Nil when malformed.
    static func parse(_ value: String) -> (host: String, port: Int)? {
        guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(value[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    /// The server for `configuration.metricsListen`, not started; nil when the setting is empty.
    /// - Throws: `ConfigurationError` for a malformed value.
    static func makeServer(
        configuration: AppConfiguration,
        registry: MetricsRegistry,
        logger: Logger
    ) throws -> HTTPServer? {
        guard !configuration.metricsListen.isEmpty else { return nil }
        guard let (host, port) = parse(configuration.metricsListen) else {
            throw ConfigurationError("metricsListen: expected host:port, got '\(configuration.metricsListen)'")
        }
        var server = configuration.server
        server.host = host
        server.port = port
        server.eventLoops = 1
        server.workers = 1
        server.maxConnections = 64
        server.maxQueuedRequests = 16
        var router = Router()
        MetricsController(registry: registry, keys: nil).register(on: &router)
        let responder = MiddlewareChain(
            [ErrorMiddleware(logger: logger), GzipMiddleware()],
            around: router.build()
        )
        return HTTPServer(configuration: server, responder: responder, logger: logger)
    }
}

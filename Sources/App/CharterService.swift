import Foundation
import HTTPCore
import Logging

/// The running service: configuration, responder and HTTP server together. The `charter serve` command and the
/// end-to-end tests both start Charter through this type, so the tests exercise exactly what ships.
public final class CharterService: Sendable {
    public let configuration: AppConfiguration
    public let server: HTTPServer

    /// Prepares the service; nothing listens until `start()`.
    public init(configuration: AppConfiguration, logger: Logger) throws {
        var configuration = configuration
        configuration.server.serverName = "Charter/\(CharterVersion.current)"
        self.configuration = configuration
        let responder = Application.makeResponder(configuration: configuration, logger: logger)
        server = HTTPServer(configuration: configuration.server, responder: responder, logger: logger)
    }

    /// Binds and starts serving.
    /// - Throws: `SocketError` when the address is taken or invalid.
    public func start() throws { try server.start() }

    /// The port actually bound.
    public var port: Int { server.port }

    /// Graceful shutdown; returns when every connection is closed.
    public func shutdown() { server.shutdown() }
}

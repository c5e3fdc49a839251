import App
import Foundation
import HTTPCore
import Logging

/// Starts real servers on 127.0.0.1, port 0, for tests, and always shuts them down.
public enum TestServer {
    /// A quiet logger: tests check behaviour, not log lines.
    public static let logger: Logger = {
        var logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        return logger
    }()

    /// The configuration tests start from: a free port, the repository's `Public/`, bench routes on.
    public static func configuration() -> AppConfiguration {
        var config = AppConfiguration()
        config.server.port = 0
        config.server.shutdownGrace = 2
        config.publicDirectory = repositoryRoot + "/Public"
        config.benchRoutes = true
        config.databasePath =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("charter-test-\(UUID().uuidString)/charter.sqlite").path
        return config
    }

    /// Runs `body` against a running Charter service built from `configure`d defaults. Unless `configure` names
    /// its own database file, the service starts on a copy of one migrated and seeded template database (made
    /// once per test process), instead of importing the 1,016 occupations again for every test.
    public static func withCharter<T>(
        _ configure: (inout AppConfiguration) -> Void = { _ in },
        _ body: (CharterService) throws -> T
    ) throws -> T {
        var config = configuration()
        let defaultPath = config.databasePath
        configure(&config)
        defer {
            try? FileManager.default.removeItem(atPath: (config.databasePath as NSString).deletingLastPathComponent)
        }
        if config.databasePath == defaultPath { try copyTemplate(to: defaultPath) }
        let service = try CharterService(configuration: config, logger: logger)
        try service.start()
        defer { service.shutdown() }
        return try body(service)
    }

    /// Runs `body` against a bare HTTP server with the given routes (no Charter application around them).
    public static func withServer<T>(
        _ configure: (inout ServerConfiguration) -> Void = { _ in },
        routes: (inout Router) -> Void,
        _ body: (HTTPServer) throws -> T
    ) throws -> T {
        var config = ServerConfiguration()
        config.port = 0
        config.shutdownGrace = 2
        configure(&config)
        var router = Router()
        routes(&router)
        let responder = MiddlewareChain([ErrorMiddleware(logger: logger), GzipMiddleware()], around: router.build())
        let server = HTTPServer(configuration: config, responder: responder, logger: logger)
        try server.start()
        defer { server.shutdown() }
        return try body(server)
    }

    /// The template database: migrated and seeded by a real `CharterService` once, then closed (so its WAL is
    /// checkpointed into the one file that is copied).
    static let template: Result<String, any Error> = Result {
        var config = configuration()
        config.databasePath = (config.databasePath as NSString).deletingLastPathComponent + "-template/charter.sqlite"
        let service = try CharterService(configuration: config, logger: logger)
        service.shutdown()
        return config.databasePath
    }

    /// Puts a copy of the template database at `path` (whose folder may not exist yet).
    public static func copyTemplate(to path: String) throws {
        let source = try template.get()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try FileManager.default.copyItem(atPath: source, toPath: path)
    }

    /// The package root, found from this file's path.
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
        }
        return FileManager.default.currentDirectoryPath
    }()
}

import App
import ArgumentParser
import Dispatch
import Foundation
import HTTPCore
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `charter serve`: loads the configuration, starts the server, and shuts down gracefully on SIGTERM or SIGINT.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP API and the files in Public/.",
        discussion:
            "Configuration comes from Config/charter.json, then CHARTER_* environment variables, then these flags."
    )

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "TCP port (default 8080; 0 picks a free one).") var port: String?
    @Option(name: .customLong("public"), help: "Folder of static files (default Public).") var publicDirectory: String?
    @OptionGroup var options: CommonOptions
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel: String?
    @Option(help: "Log format: text or json (one object a line).") var logFormat: String?

    func run() throws {
        var overrides: [String: String] = [:]
        overrides["host"] = host
        overrides["port"] = port
        overrides["public"] = publicDirectory
        overrides["logLevel"] = logLevel
        overrides["logFormat"] = logFormat
        let configuration = try options.load(overrides)

        let level = configuration.logLevel
        let format = configuration.logFormat
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                var handler = JSONLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let logger = Logger(label: "charter")

        let service: CharterService
        do {
            service = try CharterService(configuration: configuration, logger: logger)
            try service.start()
        } catch {
            FileHandle.standardError.write(Data("charter: cannot start: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if !FileManager.default.fileExists(atPath: configuration.publicDirectory) {
            logger.warning("static folder \(configuration.publicDirectory) does not exist; / will answer 404")
        }

        // Graceful shutdown on SIGTERM and SIGINT: Dispatch sources instead of C signal handlers.
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                logger.info("signal \(sig): shutting down (grace \(configuration.server.shutdownGrace)s)")
                service.shutdown()
            }
            source.resume()
            sources.append(source)
        }
        service.server.waitUntilStopped()
        withExtendedLifetime(sources) {}
    }
}

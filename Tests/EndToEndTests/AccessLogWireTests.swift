import App
import Foundation
import HTTPCore
import Logging
import TestSupport
import Testing

/// The access log over the real socket, in both `logFormat`s: one line per request with its route template,
/// status, size, duration, request id and key name, never the key.
@Suite struct AccessLogWireTests {
    /// Runs a Charter whose log lines land in `lines` (as `JSONLogHandler` writes them).
    static func withLoggedCharter(
        format: LogFormat,
        _ body: (CharterService, LockedValue<[String]>) throws -> Void
    ) throws {
        let lines = LockedValue<[String]>([])
        var logger = Logger(label: "charter") { label in
            JSONLogHandler(label: label) { line in lines.withLock { $0.append(line) } }
        }
        logger.logLevel = .info
        var config = TestServer.configuration()
        config.logFormat = format
        defer {
            try? FileManager.default.removeItem(atPath: (config.databasePath as NSString).deletingLastPathComponent)
        }
        try TestServer.copyTemplate(to: config.databasePath)
        let service = try CharterService(configuration: config, logger: logger)
        try service.start()
        defer { service.shutdown() }
        try body(service, lines)
    }

    static func objects(_ lines: LockedValue<[String]>) throws -> [[String: Any]] {
        try lines.withLock { $0 }.map { line in
            #expect(line.hasSuffix("}\n") && !line.dropLast().contains("\n"))
            return try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func jsonLinesCarryTheRequestFieldsAndTheKeyNameNeverTheKey() throws {
        try Self.withLoggedCharter(format: .json) { service, lines in
            let secret = try TestServer.makeKey(service, role: .editor, name: "log-test-key")
            let client = try RawClient(port: service.port)
            #expect(try client.exchange("GET", "/health", headers: [("X-Request-Id", "probe-1")]).status == 200)
            let missing = try client.exchange("GET", "/api/v1/projects/424242", key: secret)
            #expect(missing.status == 404)
            let requestID = try #require(missing.headers["X-Request-Id"])

            let all = try Self.objects(lines)
            let requests = all.filter { $0["message"] as? String == "request" }
            #expect(requests.count == 2)
            let health = try #require(requests.first { $0["requestId"] as? String == "probe-1" })
            #expect(health["level"] as? String == "info")
            #expect(health["method"] as? String == "GET")
            #expect(health["route"] as? String == "/health")
            #expect(health["status"] as? Int == 200)
            #expect((health["bytes"] as? Int ?? 0) > 0)
            #expect((health["durationMs"] as? Double ?? -1) >= 0)
            #expect(health["key"] == nil)
            let time = try #require(health["time"] as? String)
            #expect(time.hasSuffix("Z") && time.contains("T") && time.contains("."))

            let project = try #require(requests.first { $0["requestId"] as? String == requestID })
            #expect(project["route"] as? String == "/api/v1/projects/:id")
            #expect(project["path"] as? String == "/api/v1/projects/424242")
            #expect(project["status"] as? Int == 404)
            #expect(project["key"] as? String == "log-test-key")
            #expect(!lines.withLock { $0 }.joined().contains(secret))
        }
    }

    @Test func textLinesNameTheRouteAndKey() throws {
        try Self.withLoggedCharter(format: .text) { service, lines in
            let secret = try TestServer.makeKey(service, role: .admin, name: "ops-admin")
            let client = try RawClient(port: service.port)
            #expect(try client.exchange("GET", "/metrics", key: secret).status == 200)
            let messages = try Self.objects(lines).compactMap { $0["message"] as? String }
            let line = try #require(messages.first { $0.hasPrefix("GET /metrics 200 ") })
            #expect(line.contains(" route=/metrics key=ops-admin"))
            #expect(!lines.withLock { $0 }.joined().contains(secret))
        }
    }

    @Test func logFormatIsTextOrJSON() throws {
        #expect(try AppConfiguration.load(file: nil, environment: ["CHARTER_LOG_FORMAT": "JSON"]).logFormat == .json)
        #expect(throws: ConfigurationError.self) {
            _ = try AppConfiguration.load(file: nil, environment: ["CHARTER_LOG_FORMAT": "xml"])
        }
    }

    @Test func jsonEscapesEverythingAndWritesNumbersAsNumbers() throws {
        let lines = LockedValue<[String]>([])
        var logger = Logger(label: "x") { JSONLogHandler(label: $0) { line in lines.withLock { $0.append(line) } } }
        logger.logLevel = .debug
        logger.warning("a \"quoted\"\nline\u{1}", metadata: ["n": .stringConvertible(3), "s": "\\"])
        let line = try #require(lines.withLock { $0 }.first)
        #expect(!line.dropLast().contains("\n"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "a \"quoted\"\nline\u{1}")
        #expect(object["n"] as? Int == 3)
        #expect(object["s"] as? String == "\\")
        #expect(object["level"] as? String == "warning")
    }
}

import App
import Foundation
import HTTPCore
import Logging
import Testing

@Suite struct ConfigurationTests {
    static func writeConfig(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "charter-config-\(UUID().uuidString).json"
        ).path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func defaultsServeLoopback8080WithADatabaseUnderData() throws {
        let config = try AppConfiguration.load(file: nil, environment: [:])
        #expect(config.server.host == "127.0.0.1")
        #expect(config.server.port == 8080)
        #expect(config.databasePath == "data/charter.sqlite")
        #expect(config.publicDirectory == "Public")
    }

    @Test func fileThenEnvironmentThenFlagsEachOverride() throws {
        let path = try Self.writeConfig(
            #"{"port": 9000, "host": "0.0.0.0", "maxBodyBytes": 2048, "benchRoutes": true}"#
        )
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try AppConfiguration.load(file: path, environment: [:])
        #expect(fromFile.server.port == 9000)
        #expect(fromFile.server.host == "0.0.0.0")
        #expect(fromFile.server.limits.maxBodyBytes == 2048)
        #expect(fromFile.benchRoutes)

        let env = [
            "CHARTER_PORT": "9100", "CHARTER_MAX_BODY_BYTES": "4096", "CHARTER_IDLE_TIMEOUT": "2.5", "PORT": "1",
        ]
        let fromEnv = try AppConfiguration.load(file: path, environment: env)
        #expect(fromEnv.server.port == 9100)
        #expect(fromEnv.server.limits.maxBodyBytes == 4096)
        #expect(fromEnv.server.idleTimeout == 2.5)
        #expect(fromEnv.server.host == "0.0.0.0")

        let fromFlags = try AppConfiguration.load(
            file: path,
            environment: env,
            overrides: ["port": "9200", "database": "x.sqlite"]
        )
        #expect(fromFlags.server.port == 9200)
        #expect(fromFlags.databasePath == "x.sqlite")
        #expect(fromFlags.server.limits.maxBodyBytes == 4096)
    }

    @Test(arguments: [
        (["CHARTER_PORT": "eighty"], "CHARTER_PORT"),
        (["CHARTER_PORT": "70000"], "CHARTER_PORT"),
        (["CHARTER_LOG_LEVEL": "loud"], "CHARTER_LOG_LEVEL"),
        (["CHARTER_HEADER_TIMEOUT": "-1"], "CHARTER_HEADER_TIMEOUT"),
        (["CHARTER_BENCH_ROUTES": "maybe"], "CHARTER_BENCH_ROUTES"),
        (["CHARTER_HOST": ""], "CHARTER_HOST"),
    ])
    func badValuesNameTheirKey(_ env: [String: String], _ key: String) throws {
        do {
            _ = try AppConfiguration.load(file: nil, environment: env)
            Issue.record("expected a ConfigurationError for \(env)")
        } catch let error as ConfigurationError {
            #expect(error.message.hasPrefix(key))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func unknownKeysAndBrokenFilesAreRefused() throws {
        let unknown = try Self.writeConfig(#"{"prot": 8080}"#)
        let broken = try Self.writeConfig(#"{"port": "#)
        defer {
            try? FileManager.default.removeItem(atPath: unknown)
            try? FileManager.default.removeItem(atPath: broken)
        }
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(file: unknown, environment: [:]) }
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(file: broken, environment: [:]) }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(file: "/nonexistent/charter.json", environment: [:])
        }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(file: nil, environment: [:], overrides: ["nope": "1"])
        }
    }

    @Test func shippedConfigFileListsEveryKeyWithItsDefault() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("Config/charter.json").path
        let data = try #require(FileManager.default.contents(atPath: path))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let keys = Set(object.keys.filter { !$0.hasPrefix("_") })
        #expect(keys == Set(ConfigKeys.all.map(\.name)))
        #expect(
            try AppConfiguration.load(file: path, environment: [:])
                == AppConfiguration.load(file: nil, environment: [:])
        )
        let readme = try String(contentsOfFile: root.appendingPathComponent("README.md").path, encoding: .utf8)
        for key in ConfigKeys.all { #expect(readme.contains("`\(key.name)`"), "README lacks \(key.name)") }
    }
}

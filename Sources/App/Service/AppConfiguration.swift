import Foundation
import HTTPCore
import Logging

/// Charter's whole configuration. Built from defaults, then `Config/charter.json`, then `CHARTER_*` environment
/// variables, then command-line flags, each overriding the one before. Every key is listed in `ConfigKeys.all`
/// and documented in the README; tests construct this directly and never read the process environment.
public struct AppConfiguration: Sendable, Equatable {
    public var server = ServerConfiguration()
    /// The SQLite file; its folder is created when missing.
    public var databasePath = "data/charter.sqlite"
    /// The folder served at `/`.
    public var publicDirectory = "Public"
    public var logLevel = Logger.Level.info
    /// `text` (one human-readable line per event) or `json` (one JSON object per line; see `JSONLogHandler`).
    public var logFormat = LogFormat.text
    /// Worker threads for handlers; 0 matches the database: one per reader connection and one for the writer.
    public var workers = 0
    /// Responses smaller than this are not compressed.
    public var gzipMinimumBytes = 1024
    public var gzipLevel = 6
    /// Bodies this large or larger are compressed at level 1 (0: always `gzipLevel`).
    public var gzipLargeBodyBytes = 256 * 1024
    /// Serves `GET /bench/items` (a fixed 21.7 KB JSON array) for the benchmark scripts.
    public var benchRoutes = false
    /// The largest `perPage` a list accepts.
    public var maxPerPage = 500
    /// Lists count `totalItems` exactly up to this many records; past it they say `"totalCapped": true`.
    public var maxExactTotal = 10_000
    /// `synchronous=FULL` instead of `NORMAL` (see the README on durability).
    public var durableWrites = false
    /// Origins whose pages may call the API (`https://a.example, https://b.example`, or `*`); empty: CORS off.
    public var corsOrigins = ""
    /// Sustained requests a minute per API key (or per client address without one); 0 turns rate limiting off.
    public var rateLimitPerMinute = 600
    /// Requests a client may make at once before the per-minute rate applies (the token bucket's size).
    public var rateLimitBurst = 100
    /// Career profiles (`/api/v1/careers…`) can be read without a key.
    public var anonymousReadCareers = true
    /// Search pages kept encoded (by normalised query; dropped when the careers data changes); 0 turns it off.
    public var careerSearchCache = 2048
    /// Bytes of large documents (`/wbs`, `/schedule`) kept encoded and gzipped by their ETag; 0 turns it off.
    public var documentCacheBytes = 64 << 20
    /// Project-tracking records (every other `/api/v1/` collection) can be read without a key.
    public var anonymousReadProjects = false
    /// Days of change history (`GET …/history`) kept; older journal entries are pruned in the background. 0 keeps
    /// them forever.
    public var journalRetentionDays = 0
    /// `host:port` of a second listener that serves only `GET /metrics`, to anyone who can reach it (bind it to a
    /// private address); empty: none, and `/metrics` on the API listener needs an admin key.
    public var metricsListen = ""
    /// Seconds before a failed webhook delivery's first retry; each retry waits twice as long (plus jitter).
    public var webhookBackoffBase: Double = 30
    /// Seconds after an event is queued (or re-sent) past which no further attempt is made: it is marked dead.
    public var webhookMaxAgeSeconds = 86_400
    /// Whether this service delivers the webhook outbox (tests turn it off to stop a server before a delivery).
    public var webhookDelivery = true

    public init() {}
}

/// A configuration value that could not be used; the message names the key and says what was expected.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension AppConfiguration {
    /// Loads the configuration.
    /// - Parameters:
    ///   - file: the JSON file; when nil, `Config/charter.json` is read if it exists.
    ///   - environment: the process environment (only `CHARTER_*` keys are read).
    ///   - overrides: flag values by key name (`port`, `host`, …), applied last.
    /// - Throws: `ConfigurationError` naming the first bad key.
    public static func load(
        file: String?,
        environment: [String: String],
        overrides: [String: String] = [:]
    ) throws -> AppConfiguration {
        var config = AppConfiguration()
        let path = file ?? "Config/charter.json"
        if file != nil || FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError("config file \(path) cannot be read")
            }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: data)
            } catch {
                throw ConfigurationError("config file \(path) is not valid JSON")
            }
            guard let dict = object as? [String: Any] else {
                throw ConfigurationError("config file \(path) must hold a JSON object")
            }
            for (key, value) in dict.sorted(by: { $0.key < $1.key }) {
                if key.hasPrefix("_") { continue }  // comments
                guard let spec = ConfigKeys.byName[key] else {
                    throw ConfigurationError("config file \(path): unknown key '\(key)'")
                }
                try spec.apply(&config, ConfigKeys.string(from: value), "\(path): \(key)")
            }
        }
        for spec in ConfigKeys.all {
            if let value = environment[spec.environmentName] { try spec.apply(&config, value, spec.environmentName) }
        }
        for (key, value) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let spec = ConfigKeys.byName[key] else { throw ConfigurationError("unknown option \(key)") }
            try spec.apply(&config, value, "--\(spec.flagName)")
        }
        return config
    }
}

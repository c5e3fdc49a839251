import Foundation
import HTTPCore
import Logging

/// The table of configuration keys: JSON name, environment variable, parser. One place, so the file, the
/// environment and the flags cannot disagree.
public enum ConfigKeys {
    public struct Key: Sendable {
        public let name: String
        public let help: String
        let apply: @Sendable (inout AppConfiguration, String, String) throws -> Void

        /// `CHARTER_` and the name in upper snake case: `maxBodyBytes` is `CHARTER_MAX_BODY_BYTES`.
        public var environmentName: String {
            var out = "CHARTER_"
            for c in name {
                if c.isUppercase { out += "_" }
                out += c.uppercased()
            }
            return out
        }
        /// Kebab case: `maxBodyBytes` is `--max-body-bytes`.
        public var flagName: String {
            var out = ""
            for c in name {
                if c.isUppercase { out += "-" }
                out += c.lowercased()
            }
            return out
        }
    }

    public static let all: [Key] = [
        text("host", "address to listen on") { $0.server.host = $1 },
        int("port", "TCP port (0 picks a free one)", 0...65535) { $0.server.port = $1 },
        text("database", "SQLite database file (created with its folder if missing)") { $0.databasePath = $1 },
        text("public", "folder of static files served at /") { $0.publicDirectory = $1 },
        Key(name: "logLevel", help: "trace, debug, info, notice, warning, error or critical") { c, v, where_ in
            guard let level = Logger.Level(rawValue: v.lowercased()) else {
                throw ConfigurationError(
                    "\(where_): expected trace, debug, info, notice, warning, error or critical, got '\(v)'"
                )
            }
            c.logLevel = level
        },
        Key(name: "logFormat", help: "text or json (one object a line)") { c, v, where_ in
            guard let format = LogFormat(rawValue: v.lowercased()) else {
                throw ConfigurationError("\(where_): expected text or json, got '\(v)'")
            }
            c.logFormat = format
        },
        int("maxHeaderBytes", "largest request head in bytes (431 above)", 256...1 << 20) {
            $0.server.limits.maxHeaderBytes = $1
        },
        int("maxUriLength", "longest request target in bytes (414 above)", 16...1 << 20) {
            $0.server.limits.maxURILength = $1
        },
        int("maxHeaderCount", "most header fields in a request (431 above)", 1...10_000) {
            $0.server.limits.maxHeaderCount = $1
        },
        int("maxBodyBytes", "largest request body in bytes (413 above)", 0...1 << 34) {
            $0.server.limits.maxBodyBytes = $1
        },
        seconds("headerTimeout", "seconds to receive a request head") { $0.server.headerTimeout = $1 },
        seconds("bodyTimeout", "seconds to receive a request body") { $0.server.bodyTimeout = $1 },
        seconds("idleTimeout", "seconds an idle keep-alive connection is kept") { $0.server.idleTimeout = $1 },
        int("maxConnections", "open connections at most (503 above)", 1...1_000_000) { $0.server.maxConnections = $1 },
        int("fileDescriptorReserve", "descriptors kept for the server beside connections", 0...1_000_000) {
            $0.server.fileDescriptorReserve = $1
        },
        int("eventLoops", "event-loop threads (0: one per CPU, at most 4)", 0...64) { $0.server.eventLoops = $1 },
        seconds("shutdownGrace", "seconds in-flight requests get on shutdown") { $0.server.shutdownGrace = $1 },
        int("workers", "threads running handlers off the event loops (0: database readers + 1)", 0...256) {
            $0.workers = $1
        },
        int("maxQueuedRequests", "requests waiting for a worker at most (503 above)", 0...1_000_000) {
            $0.server.maxQueuedRequests = $1
        },
        seconds("requestTimeout", "seconds a request may take before it is answered 503 and cancelled") {
            $0.server.requestTimeout = $1
        },
        int("gzipMinimumBytes", "smallest response body worth compressing", 0...1 << 30) { $0.gzipMinimumBytes = $1 },
        int("gzipLevel", "zlib compression level", 1...9) { $0.gzipLevel = $1 },
        int("gzipLargeBodyBytes", "bodies this large are compressed at level 1 (0: never)", 0...1 << 34) {
            $0.gzipLargeBodyBytes = $1
        },
        int("maxPerPage", "largest perPage a list accepts", 1...10_000) { $0.maxPerPage = $1 },
        int(
            "maxExactTotal",
            "lists count totalItems exactly up to this many records, then report totalCapped",
            1...100_000_000
        ) {
            $0.maxExactTotal = $1
        },
        bool("benchRoutes", "serve GET /bench/items for the benchmark scripts") { $0.benchRoutes = $1 },
        bool("durableWrites", "synchronous=FULL: survive power loss, at a write-speed cost") { $0.durableWrites = $1 },
        Key(name: "corsOrigins", help: "origins allowed to call the API, comma-separated, or *; empty: CORS off") {
            c,
            v,
            _ in c.corsOrigins = v.trimmingCharacters(in: .whitespaces)
        },
        int("rateLimitPerMinute", "requests a minute per key or client address (0: no limit)", 0...1_000_000) {
            $0.rateLimitPerMinute = $1
        },
        int("rateLimitBurst", "requests a client may make at once (token bucket size)", 1...1_000_000) {
            $0.rateLimitBurst = $1
        },
        int("careerSearchCache", "career search pages kept encoded (0: no cache)", 0...1_000_000) {
            $0.careerSearchCache = $1
        },
        int("documentCacheBytes", "bytes of /wbs and /schedule documents kept encoded (0: no cache)", 0...(1 << 34)) {
            $0.documentCacheBytes = $1
        },
        bool("anonymousReadCareers", "career profiles readable without an API key") { $0.anonymousReadCareers = $1 },
        bool("anonymousReadProjects", "project-tracking records readable without an API key") {
            $0.anonymousReadProjects = $1
        },
        int("journalRetentionDays", "days of change history kept (0: forever)", 0...36_500) {
            $0.journalRetentionDays = $1
        },
        Key(name: "metricsListen", help: "host:port of a listener serving only GET /metrics, without a key") {
            c,
            v,
            where_ in
            let value = v.trimmingCharacters(in: .whitespaces)
            if !value.isEmpty && MetricsListener.parse(value) == nil {
                throw ConfigurationError("\(where_): expected host:port (say 127.0.0.1:9464), or empty, got '\(v)'")
            }
            c.metricsListen = value
        },
        seconds("webhookBackoffBase", "seconds before a failed webhook delivery's first retry (doubling after)") {
            $0.webhookBackoffBase = $1
        },
        int("webhookMaxAgeSeconds", "seconds webhook deliveries are retried before the event is dead", 1...2_592_000) {
            $0.webhookMaxAgeSeconds = $1
        },
    ]

    public static let byName: [String: Key] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    static func text(
        _ name: String,
        _ help: String,
        _ set: @escaping @Sendable (inout AppConfiguration, String) -> Void
    ) -> Key {
        Key(name: name, help: help) { c, v, where_ in
            guard !v.isEmpty else { throw ConfigurationError("\(where_): must not be empty") }
            set(&c, v)
        }
    }

    static func int(
        _ name: String,
        _ help: String,
        _ range: ClosedRange<Int>,
        _ set: @escaping @Sendable (inout AppConfiguration, Int) -> Void
    ) -> Key {
        Key(name: name, help: help) { c, v, where_ in
            guard let n = Int(v.trimmingCharacters(in: .whitespaces)), range.contains(n) else {
                throw ConfigurationError(
                    "\(where_): expected an integer in \(range.lowerBound)...\(range.upperBound), got '\(v)'"
                )
            }
            set(&c, n)
        }
    }

    static func seconds(
        _ name: String,
        _ help: String,
        _ set: @escaping @Sendable (inout AppConfiguration, Double) -> Void
    ) -> Key {
        Key(name: name, help: help) { c, v, where_ in
            guard let n = Double(v.trimmingCharacters(in: .whitespaces)), n > 0, n <= 86_400 else {
                throw ConfigurationError("\(where_): expected seconds between 0 and 86400, got '\(v)'")
            }
            set(&c, n)
        }
    }

    static func bool(
        _ name: String,
        _ help: String,
        _ set: @escaping @Sendable (inout AppConfiguration, Bool) -> Void
    ) -> Key {
        Key(name: name, help: help) { c, v, where_ in
            switch v.lowercased() {
            case "true", "1", "yes", "on": set(&c, true)
            case "false", "0", "no", "off": set(&c, false)
            default: throw ConfigurationError("\(where_): expected true or false, got '\(v)'")
            }
        }
    }

    /// A JSON value as the text an environment variable would hold.
    static func string(from value: Any) -> String {
        switch value {
        case let s as String: return s
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return n.boolValue ? "true" : "false" }
            return n.stringValue
        default: return "\(value)"
        }
    }
}

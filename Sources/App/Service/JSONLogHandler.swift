import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// How log lines look (`logFormat`).
public enum LogFormat: String, Sendable, Equatable {
    /// swift-log's `StreamLogHandler` lines: `2026-11-29T00:00:00+0000 info charter : GET /health 200 …`.
    case text
    /// One JSON object a line, see `JSONLogHandler`.
    case json
}

/// Writes each log event as one JSON object on one line:
///
/// ```json
/// {"time":"2026-11-29T00:31:02.114Z","level":"info","label":"charter","message":"request","requestId":"a1b2c3-1",
///  "method":"GET","path":"/api/v1/projects/7","route":"/api/v1/projects/:id","status":200,"durationMs":0.412,
///  "bytes":912,"key":"dashboard"}
/// ```
/// `time` (UTC, milliseconds), `level`, `label` and `message` come first; then the metadata, keys sorted, with
/// numbers as JSON numbers. The access log's `key` is the API key's name; no credential is ever logged.
public struct JSONLogHandler: LogHandler {
    public typealias Sink = @Sendable (String) -> Void

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String
    let sink: Sink

    /// - Parameter sink: receives each line, newline included (one `write` to standard error by default).
    public init(label: String, sink: @escaping Sink) {
        self.label = label
        self.sink = sink
    }

    /// A handler writing to standard error, one `write(2)` a line so that lines from different threads never mix.
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label) { line in
            var bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    static let timeStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public func log(event: LogEvent) {
        let (level, message, explicit) = (event.level, event.message, event.metadata)
        var out = "{\"time\":"
        Self.appendString(Date().formatted(Self.timeStyle), to: &out)
        out += ",\"level\":"
        Self.appendString(level.rawValue, to: &out)
        out += ",\"label\":"
        Self.appendString(label, to: &out)
        out += ",\"message\":"
        Self.appendString(message.description, to: &out)
        let all = explicit.map { metadata.merging($0) { _, new in new } } ?? metadata
        for key in all.keys.sorted() where !["time", "level", "label", "message"].contains(key) {
            out += ","
            Self.appendString(key, to: &out)
            out += ":"
            Self.append(all[key]!, to: &out)
        }
        out += "}\n"
        sink(out)
    }

    static func append(_ value: Logger.Metadata.Value, to out: inout String) {
        switch value {
        case .string(let s): appendString(s, to: &out)
        case .stringConvertible(let v):
            switch v {
            case let n as Int: out += String(n)
            case let n as Double where n.isFinite: out += String(n)
            case let b as Bool: out += b ? "true" : "false"
            default: appendString(v.description, to: &out)
            }
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                append(item, to: &out)
            }
            out += "]"
        case .dictionary(let dict):
            out += "{"
            for (i, key) in dict.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                appendString(key, to: &out)
                out += ":"
                append(dict[key]!, to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped.
    static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(c)
            }
        }
        out += "\""
    }
}

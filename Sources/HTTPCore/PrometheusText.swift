/// Writes the Prometheus text exposition format (version 0.0.4): a `# HELP` and `# TYPE` line per family, then one
/// line per sample, `name{label="value",…} value`. Label values escape `\`, `"` and line feeds; help text escapes
/// `\` and line feeds.
///
/// ```swift
/// var text = PrometheusText()
/// text.family("charter_http_connections_open", .gauge, "Client connections open now.")
/// text.sample("charter_http_connections_open", 3)
/// ```
public struct PrometheusText: Sendable {
    public enum Kind: String, Sendable {
        case counter, gauge, histogram, untyped
    }

    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public private(set) var output = ""

    public init() {}

    /// The `# HELP` and `# TYPE` lines of a family; its samples follow.
    public mutating func family(_ name: String, _ kind: Kind, _ help: String) {
        output += "# HELP \(name) "
        for c in help.unicodeScalars {
            switch c {
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            default: output.unicodeScalars.append(c)
            }
        }
        output += "\n# TYPE \(name) \(kind.rawValue)\n"
    }

    /// One sample line.
    public mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        output += name
        if !labels.isEmpty {
            output += "{"
            for (i, (label, raw)) in labels.enumerated() {
                if i > 0 { output += "," }
                output += label + "=\""
                for c in raw.unicodeScalars {
                    switch c {
                    case "\\": output += "\\\\"
                    case "\"": output += "\\\""
                    case "\n": output += "\\n"
                    default: output.unicodeScalars.append(c)
                    }
                }
                output += "\""
            }
            output += "}"
        }
        output += " " + Self.format(value) + "\n"
    }

    public mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Int) {
        sample(name, labels, Double(value))
    }

    public mutating func sample(_ name: String, _ labels: [(String, String)], _ value: UInt64) {
        sample(name, labels, Double(value))
    }

    /// One sample without labels.
    public mutating func sample(_ name: String, _ value: Double) { sample(name, [], value) }
    public mutating func sample(_ name: String, _ value: Int) { sample(name, [], Double(value)) }
    public mutating func sample(_ name: String, _ value: UInt64) { sample(name, [], Double(value)) }

    /// Integers without a fraction, `+Inf`, and other values as Swift prints them (which Prometheus reads).
    static func format(_ value: Double) -> String {
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

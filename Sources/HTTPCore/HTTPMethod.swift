/// A request method (RFC 9110 §9). An open set: unknown tokens are representable and answered 501.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let get = HTTPMethod("GET")
    public static let head = HTTPMethod("HEAD")
    public static let post = HTTPMethod("POST")
    public static let put = HTTPMethod("PUT")
    public static let patch = HTTPMethod("PATCH")
    public static let delete = HTTPMethod("DELETE")
    public static let options = HTTPMethod("OPTIONS")
    public static let trace = HTTPMethod("TRACE")
    public static let connect = HTTPMethod("CONNECT")
    /// A safe method with a body (draft-ietf-httpbis-safe-method-w-body); no route serves it yet, so it gets 405.
    public static let query = HTTPMethod("QUERY")

    /// The methods this server knows; any other token gets 501 Not Implemented (RFC 9110 §9.1).
    public static let known: Set<HTTPMethod> = [
        .get, .head, .post, .put, .patch, .delete, .options, .trace, .connect, .query,
    ]

    /// Methods that are never served: TRACE reflects requests (cross-site tracing) and CONNECT makes a tunnel.
    public static let refused: Set<HTTPMethod> = [.trace, .connect]

    /// Safe methods (RFC 9110 §9.2.1) ask only to read: pipelined ones may be processed in parallel (RFC 9112
    /// §9.3.2).
    public var isSafe: Bool {
        switch rawValue {
        case "GET", "HEAD", "OPTIONS", "TRACE", "QUERY": true
        default: false
        }
    }
}

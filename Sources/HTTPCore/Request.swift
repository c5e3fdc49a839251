/// A complete HTTP request, as the parser produced it and the router enriched it. A `Sendable` value.
public struct Request: Sendable {
    public var method: HTTPMethod
    /// The request-target exactly as received (origin, absolute or asterisk form).
    public var target: String
    /// The path, still percent-encoded (`/api/v1/careers/15-1299.09`); the router decodes each segment.
    public var path: String
    /// The query string without `?`, still percent-encoded; empty when absent.
    public var rawQuery: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Path parameters bound by the router (`:id`), percent-decoded.
    public var parameters: Parameters = Parameters()
    /// The route template that matched (`/api/v1/projects/:id`), for logs; nil before routing.
    public var route: String?
    /// The request id: the client's `X-Request-Id` when sane, else one the server made.
    public var id: String = ""
    /// Values middleware attaches for handlers further in (the authenticated principal, say), by key.
    public var userInfo: [String: any Sendable] = [:]
    /// The peer's IP address (`127.0.0.1`, `::1`), as the socket reports it; empty when unknown. Behind a proxy
    /// this is the proxy's address.
    public var remoteAddress: String = ""
    /// The request's deadline when it runs on a worker (nil inline): storage code checks it to cancel a statement
    /// and roll back once the client has been told 503 (see `RequestDeadline`).
    public var deadline: RequestDeadline?

    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        (path, rawQuery) = Request.split(target: target)
    }

    /// The query parameters, percent-decoded (`+` as space), in order.
    public var query: QueryParameters { QueryParameters(parsing: rawQuery) }

    /// Whether the client asked to keep the connection open (RFC 9112 §9.3).
    public var wantsKeepAlive: Bool {
        if headers.hasToken("close", in: "Connection") { return false }
        if version == .http1_0 { return headers.hasToken("keep-alive", in: "Connection") }
        return true
    }

    /// Splits an origin-form or absolute-form target into path and query (RFC 9112 §3.2).
    static func split(target: String) -> (path: String, query: String) {
        var rest = Substring(target)
        if !rest.hasPrefix("/"), let schemeEnd = rest.range(of: "://") {
            // absolute-form: drop scheme and authority; the path starts at the next "/" (or is "/").
            let afterAuthority = rest[schemeEnd.upperBound...]
            if let slash = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                rest = afterAuthority[slash...]
                if rest.hasPrefix("?") { rest = "/" + rest }
            } else {
                rest = "/"
            }
        }
        if let q = rest.firstIndex(of: "?") {
            return (String(rest[..<q]), String(rest[rest.index(after: q)...]))
        }
        return (String(rest), "")
    }
}

/// Path parameters by name.
public struct Parameters: Sendable {
    var storage: [(String, String)] = []
    public init() {}
    public subscript(name: String) -> String? { storage.first { $0.0 == name }?.1 }
    mutating func set(_ name: String, _ value: String) { storage.append((name, value)) }
}

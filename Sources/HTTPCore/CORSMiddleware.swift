/// Cross-origin resource sharing for browsers on other origins (Fetch standard §3.2, "CORS protocol").
///
/// An allowed `Origin` gets `Access-Control-Allow-Origin: <origin>` and `Access-Control-Expose-Headers` on every
/// response, errors included (it runs outside `ErrorMiddleware`, so a browser can read a problem body). A preflight
/// (`OPTIONS` with `Access-Control-Request-Method`, Fetch §3.2.2) is answered here with 204, before authentication:
/// preflights carry no credentials. A disallowed origin gets no CORS headers and its preflight a 403 problem.
/// Every response gets `Vary: Origin`, since the headers depend on it (Fetch §3.2.5, "CORS protocol and HTTP caches").
/// No `Access-Control-Allow-Credentials`: keys travel in `Authorization`, never in cookies.
public struct CORSMiddleware: Middleware {
    /// Which origins may read responses.
    public enum Origins: Sendable, Equatable {
        case any
        case list(Set<String>)
    }

    let origins: Origins

    /// Request headers a page may send.
    public static let allowedHeaders =
        "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id"
    public static let allowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE"
    /// Response headers a page may read beyond the CORS-safelisted ones.
    public static let exposedHeaders =
        "ETag, Link, Location, X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset"
    /// Seconds a browser may cache a preflight answer.
    public static let maxAge = 600

    public init(origins: Origins) { self.origins = origins }

    /// The middleware for a configured allowlist (`*`, or origins separated by commas), or nil when it is empty:
    /// CORS is off by default.
    public init?(allowlist: String) {
        let entries = allowlist.split(separator: ",").map { Self.normalize($0) }.filter { !$0.isEmpty }
        if entries.isEmpty { return nil }
        origins = entries.contains("*") ? .any : .list(Set(entries))
    }

    /// `https://App.example.com/` as `https://app.example.com`: origins compare as their ASCII serialization.
    static func normalize(_ origin: Substring) -> String {
        var text = origin.trimmingOWS()
        while text.hasSuffix("/") { text = text.dropLast() }
        return text.lowercased()
    }

    func allows(_ origin: String) -> Bool {
        switch origins {
        case .any: return true
        case .list(let set): return set.contains(Self.normalize(Substring(origin)))
        }
    }

    public func respond(to request: Request, next: any Responder) throws -> Response {
        guard let origin = request.headers["Origin"] else {
            var response = try next.respond(to: request)
            addVary(&response)
            return response
        }
        let allowed = allows(origin)
        if request.method == .options && request.headers.contains("Access-Control-Request-Method") {
            guard allowed else {
                var response = Response.problem(
                    .forbidden,
                    "the origin \(origin) may not call this API",
                    instance: request.path
                )
                addVary(&response)
                return response
            }
            var response = Response(status: .noContent)
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Methods"] = Self.allowedMethods
            response.headers["Access-Control-Allow-Headers"] = Self.allowedHeaders
            response.headers["Access-Control-Max-Age"] = String(Self.maxAge)
            addVary(&response)
            return response
        }
        var response = try next.respond(to: request)
        if allowed {
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = Self.exposedHeaders
        }
        addVary(&response)
        return response
    }

    private func addVary(_ response: inout Response) {
        if !response.headers.hasToken("Origin", in: "Vary") { response.headers.add(name: "Vary", value: "Origin") }
    }
}

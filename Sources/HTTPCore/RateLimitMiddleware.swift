/// Applies a `RateLimiter` to the requests `identify` names, and says so in the headers of
/// draft-ietf-httpapi-ratelimit-headers-07 §3 (`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`).
/// Over the limit, the answer is a 429 problem with `Retry-After` in seconds (RFC 6585 §4, RFC 9110 §10.2.3).
///
/// It sits outside `ErrorMiddleware`, so every response it lets through carries the headers, errors included;
/// the 429 it makes itself is already a problem response.
public struct RateLimitMiddleware: Middleware {
    /// The bucket a request counts against, or nil when it is not limited.
    public typealias Identify = @Sendable (Request) -> String?

    let limiter: RateLimiter
    let identify: Identify
    /// Bumped for every 429 (for `/metrics`).
    let rejected: MetricCounter?

    public init(limiter: RateLimiter, rejected: MetricCounter? = nil, identify: @escaping Identify) {
        self.limiter = limiter
        self.rejected = rejected
        self.identify = identify
    }

    public func respond(to request: Request, next: any Responder) throws -> Response {
        guard let identity = identify(request) else { return try next.respond(to: request) }
        let decision = limiter.consume(identity)
        var response: Response
        if decision.allowed {
            response = try next.respond(to: request)
        } else {
            rejected?.increment()
            response = Response.problem(
                .tooManyRequests,
                "rate limit of \(limiter.perMinute) requests a minute (bursts of \(limiter.burst)) exceeded; "
                    + "retry in \(decision.retryAfterSeconds) s",
                instance: request.path
            )
            response.headers["Retry-After"] = String(decision.retryAfterSeconds)
        }
        response.headers["RateLimit-Limit"] = String(decision.limit)
        response.headers["RateLimit-Remaining"] = String(decision.remaining)
        response.headers["RateLimit-Reset"] = String(decision.resetSeconds)
        return response
    }
}

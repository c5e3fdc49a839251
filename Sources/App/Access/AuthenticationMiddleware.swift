import HTTPCore

/// Reads `Authorization: Bearer KEY` (RFC 6750 §2.1) and records what it amounts to in `request.credential`,
/// without deciding anything: the rate limiter needs to know the caller before `AuthorizationMiddleware` (inside
/// `ErrorMiddleware`) turns the credential into a 401 or 403. It never throws; a database failure is recorded as
/// `.unavailable` and rethrown by `AuthorizationMiddleware` where `ErrorMiddleware` maps it.
///
/// Paths the policy leaves to `anyone` (`/health`, static files) skip the lookup entirely.
public struct AuthenticationMiddleware: Middleware {
    let store: APIKeyStore
    let policy: AccessPolicy

    public init(store: APIKeyStore, policy: AccessPolicy) {
        self.store = store
        self.policy = policy
    }

    public func respond(to request: Request, next: any Responder) throws -> Response {
        var request = request
        guard policy.requirement(request.method, request.path) != .anyone else { return try next.respond(to: request) }
        request.credential = credential(from: request.headers)
        var response = try next.respond(to: request)
        // For the access log: the key's name, never the key.
        if case .key(let principal) = request.credential { response.principalName = principal.name }
        return response
    }

    func credential(from headers: HTTPHeaders) -> Credential {
        guard let token = Self.bearerToken(headers) else { return .anonymous }
        do {
            return try store.authenticate(token).map(Credential.key) ?? .invalid
        } catch {
            return .unavailable(error)
        }
    }

    /// The token of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 9110 §11.1). Another
    /// scheme counts as no credentials; an empty token counts as an invalid one.
    static func bearerToken(_ headers: HTTPHeaders) -> Substring? {
        guard let value = headers["Authorization"] else { return nil }
        let trimmed = Substring(value).trimmingOWS()
        guard let space = trimmed.firstIndex(of: " ") else {
            return String(trimmed).asciiCaseInsensitiveEquals("Bearer") ? "" : nil
        }
        guard String(trimmed[..<space]).asciiCaseInsensitiveEquals("Bearer") else { return nil }
        return trimmed[space...].trimmingOWS()
    }
}

/// Applies the `AccessPolicy` to the credential `AuthenticationMiddleware` recorded: 401 with a
/// `WWW-Authenticate` challenge when a key is missing or invalid (RFC 6750 §3, RFC 9110 §11.6.1), 403 when its
/// role is too low (RFC 6750 §3.1 `insufficient_scope`). It runs before routing, so an unauthorized request to a
/// missing resource is 401, not 404. On success the principal is in `request.principal` for handlers.
public struct AuthorizationMiddleware: Middleware {
    let policy: AccessPolicy

    public init(policy: AccessPolicy) { self.policy = policy }

    static let challenge = #"Bearer realm="charter""#
    static let invalidTokenChallenge = #"Bearer realm="charter", error="invalid_token""#
    static let insufficientScopeChallenge = #"Bearer realm="charter", error="insufficient_scope""#

    public func respond(to request: Request, next: any Responder) throws -> Response {
        let requirement = policy.requirement(request.method, request.path)
        if requirement == .anyone { return try next.respond(to: request) }
        let role: Role?
        switch request.credential {
        case .anonymous: role = nil
        case .key(let principal): role = principal.role
        case .unavailable(let error): throw error
        case .invalid:
            throw HTTPError(
                .unauthorized,
                "the API key is unknown or revoked",
                headers: ["WWW-Authenticate": Self.invalidTokenChallenge]
            )
        }
        switch policy.decide(request.method, request.path, role: role) {
        case .allow:
            return try next.respond(to: request)
        case .unauthenticated:
            throw HTTPError(
                .unauthorized,
                "an API key is required: send 'Authorization: Bearer <key>'",
                headers: ["WWW-Authenticate": Self.challenge]
            )
        case .forbidden:
            throw HTTPError(
                .forbidden,
                "the API key's role (\(role?.rawValue ?? "none")) may not \(request.method) \(request.path)",
                headers: ["WWW-Authenticate": Self.insufficientScopeChallenge]
            )
        }
    }
}

import HTTPCore

/// Who made a request: the API key that authenticated it. Handlers read it as `request.principal`.
public struct Principal: Sendable, Equatable {
    public var keyID: Int64
    public var name: String
    public var role: Role
    /// The person the key is linked to (`charter keys create --person`), for steps that record who took them.
    public var personID: Int64?

    public init(keyID: Int64, name: String, role: Role, personID: Int64? = nil) {
        self.keyID = keyID
        self.name = name
        self.role = role
        self.personID = personID
    }
}

/// What the `Authorization` header of a request amounted to, decided once by `AuthenticationMiddleware`.
public enum Credential: Sendable {
    /// No `Authorization: Bearer` header.
    case anonymous
    /// A key that exists and is not revoked.
    case key(Principal)
    /// A bearer token that is malformed, unknown or revoked (RFC 6750 §3.1 `invalid_token`).
    case invalid
    /// The key could not be checked (the database failed); `AuthorizationMiddleware` rethrows this error.
    case unavailable(any Error)
}

extension Request {
    static let credentialKey = "charter.credential"

    /// The credential `AuthenticationMiddleware` found; `.anonymous` before it ran.
    public var credential: Credential {
        get { userInfo[Request.credentialKey] as? Credential ?? .anonymous }
        set { userInfo[Request.credentialKey] = newValue }
    }

    /// The authenticated key behind this request, or nil when it came without a valid one.
    public var principal: Principal? {
        if case .key(let principal) = credential { return principal }
        return nil
    }
}

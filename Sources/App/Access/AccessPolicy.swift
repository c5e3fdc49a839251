import HTTPCore

/// Who may do what, as one table of path prefixes. The first matching rule wins:
///
/// | rule | paths | read (GET, HEAD) | write (POST, PUT, PATCH, DELETE, …) |
/// |---|---|---|---|
/// | public | outside `/api/` (`/health`, static files); `GET /api/v1/openapi.json` | anyone | anyone (no API there) |
/// | keys | `/api/v1/keys…` | admin | admin |
/// | restricted | each prefix in `restrictedPrefixes` (say, performance feedback) | admin | admin |
/// | reference | each prefix in `referencePrefixes` (budget categories) | as projects | admin |
/// | careers | `/api/v1/careers…` | anyone if `anonymousReadCareers`, else viewer | editor |
/// | projects | every other `/api/` path (project-tracking records) | anyone if `anonymousReadProjects`, else viewer | editor |
///
/// Roles include the ones below them (admin > editor > viewer). Anonymous writes are never allowed. `OPTIONS` is
/// always public: a CORS preflight carries no credentials (Fetch §3.2.2) and a plain one shows only `Allow`.
/// A new resource needs no new rule: it falls into careers or projects by its path, or its declaration says
/// `group: .restricted`.
public struct AccessPolicy: Sendable {
    /// What a request needs.
    public enum Requirement: Sendable, Equatable {
        /// No key is looked at.
        case anyone
        /// A valid key is optional; one presented must be valid.
        case optionalKey
        /// A valid key of at least this role.
        case role(Role)
    }

    /// The outcome for one request.
    public enum Decision: Sendable, Equatable {
        case allow
        /// 401: a key is needed and none (or no valid one) came.
        case unauthenticated
        /// 403: the key is valid but its role is too low.
        case forbidden
    }

    struct Rule: Sendable {
        let name: String
        let prefix: [String]
        /// Matches the prefix itself only, not paths below it.
        var exact = false
        let read: Requirement
        let write: Requirement

        func matches(_ segments: [String]) -> Bool {
            exact ? segments == prefix : segments.starts(with: prefix)
        }
    }

    let rules: [Rule]
    /// Every rule lies under `/api`: a path whose first segment is certainly something else needs no split.
    let rulesUnderAPI: Bool

    /// Collections only admins may touch: the declared resources of group `.restricted` (their declaration is
    /// the one place that says so; the policy, `expand` and the OpenAPI `security` of each operation follow).
    public static var restrictedPrefixes: [String] {
        Catalog.definitions.filter { $0.group == .restricted }.map { "/api/v1/\($0.collection)" }
    }

    /// Reference data everyone who reads project records reads and only admins change: the declared resources of
    /// group `.reference`.
    public static var referencePrefixes: [String] {
        Catalog.definitions.filter { $0.group == .reference }.map { "/api/v1/\($0.collection)" }
    }

    /// The policy table above.
    public init(
        anonymousReadCareers: Bool = true,
        anonymousReadProjects: Bool = false,
        restrictedPrefixes: [String] = AccessPolicy.restrictedPrefixes,
        referencePrefixes: [String] = AccessPolicy.referencePrefixes
    ) {
        var rules = [
            Rule(
                name: "openapi",
                prefix: ["api", "v1", "openapi.json"],
                exact: true,
                read: .anyone,
                write: .role(.editor)
            ),
            Rule(name: "keys", prefix: ["api", "v1", "keys"], read: .role(.admin), write: .role(.admin)),
        ]
        for prefix in restrictedPrefixes {
            rules.append(
                Rule(name: "restricted", prefix: Self.segments(prefix), read: .role(.admin), write: .role(.admin))
            )
        }
        for prefix in referencePrefixes {
            rules.append(
                Rule(
                    name: "reference",
                    prefix: Self.segments(prefix),
                    read: anonymousReadProjects ? .optionalKey : .role(.viewer),
                    write: .role(.admin)
                )
            )
        }
        rules += [
            Rule(
                name: "careers",
                prefix: ["api", "v1", "careers"],
                read: anonymousReadCareers ? .optionalKey : .role(.viewer),
                // Custom profiles and imports change what every reader sees: admins only (issue: "admins create,
                // edit and delete custom profiles; viewers read").
                write: .role(.admin)
            ),
            Rule(
                name: "projects",
                prefix: ["api"],
                read: anonymousReadProjects ? .optionalKey : .role(.viewer),
                write: .role(.editor)
            ),
        ]
        self.rules = rules
        rulesUnderAPI = rules.allSatisfy { $0.prefix.first == "api" }
    }

    /// What `method` on `path` needs. `path` is the raw (percent-encoded) request path; it is split and decoded the
    /// way the router does, so `//api/v1/%6Beys` is judged as `/api/v1/keys`.
    public func requirement(_ method: HTTPMethod, _ path: String) -> Requirement {
        if method == .options { return .anyone }
        if rulesUnderAPI && Self.isOutsideAPI(path) { return .anyone }
        let segments = Self.segments(path)
        // Outside /api/ is public: /health and static files.
        guard let rule = rules.first(where: { $0.matches(segments) }) else { return .anyone }
        return method == .get || method == .head ? rule.read : rule.write
    }

    /// The decision for `method` on `path` from a caller with `role` (nil: anonymous, or an invalid key).
    public func decide(_ method: HTTPMethod, _ path: String, role: Role?) -> Decision {
        switch requirement(method, path) {
        case .anyone, .optionalKey: return .allow
        case .role(let needed):
            guard let role else { return .unauthenticated }
            return role >= needed ? .allow : .forbidden
        }
    }

    /// True when the first segment of `path` is certainly not `api` (as `segments(path).first` would be), judged
    /// without splitting or decoding: `/health` and static files, on every request. A first segment with a `%`
    /// might decode to `api`, so it is not judged here.
    static func isOutsideAPI(_ path: String) -> Bool {
        let judged = path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var i = 0
            while i < bytes.count && bytes[i] == UInt8(ascii: "/") { i += 1 }
            var end = i
            while end < bytes.count && bytes[end] != UInt8(ascii: "/") {
                if bytes[end] == UInt8(ascii: "%") { return false }
                end += 1
            }
            return
                !(end - i == 3 && bytes[i] == UInt8(ascii: "a") && bytes[i + 1] == UInt8(ascii: "p")
                && bytes[i + 2] == UInt8(ascii: "i"))
        }
        if let judged { return judged }
        return segments(path).first != "api" && !path.contains("%")
    }

    /// `/a//b/%63` as `["a", "b", "c"]`: empty segments dropped and each decoded, as the router matches them.
    static func segments(_ path: String) -> [String] {
        path.splitASCII(UInt8(ascii: "/")).map { PercentDecoding.decode($0) ?? String($0) }
    }
}

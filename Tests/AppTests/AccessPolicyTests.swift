import App
import HTTPCore
import Testing

/// The access policy as a pure function: every caller against every group of paths.
@Suite struct AccessPolicyTests {
    typealias D = AccessPolicy.Decision

    struct Row: CustomTestStringConvertible, Sendable {
        let method: HTTPMethod
        let path: String
        /// Decisions for anonymous, viewer, editor, admin.
        let expected: [D]
        var testDescription: String { "\(method) \(path)" }
    }

    static let callers: [Role?] = [nil, .viewer, .editor, .admin]
    static let open: [D] = [.allow, .allow, .allow, .allow]
    static let viewerUp: [D] = [.unauthenticated, .allow, .allow, .allow]
    static let editorUp: [D] = [.unauthenticated, .forbidden, .allow, .allow]
    static let adminOnly: [D] = [.unauthenticated, .forbidden, .forbidden, .allow]

    /// The default settings: careers readable anonymously, projects not.
    static let defaultMatrix: [Row] = [
        Row(method: .get, path: "/api/v1/careers", expected: open),
        Row(method: .head, path: "/api/v1/careers/15-1299.09", expected: open),
        Row(method: .post, path: "/api/v1/careers", expected: adminOnly),
        Row(method: .delete, path: "/api/v1/careers/15-1299.09", expected: adminOnly),
        Row(method: .get, path: "/api/v1/projects", expected: viewerUp),
        Row(method: .get, path: "/api/v1/projects/7/risks", expected: viewerUp),
        Row(method: .post, path: "/api/v1/projects", expected: editorUp),
        Row(method: .put, path: "/api/v1/projects/7", expected: editorUp),
        Row(method: .patch, path: "/api/v1/projects/7", expected: editorUp),
        Row(method: .delete, path: "/api/v1/projects/7", expected: editorUp),
        Row(method: .get, path: "/api/v1/keys", expected: adminOnly),
        Row(method: .post, path: "/api/v1/keys", expected: adminOnly),
        Row(method: .delete, path: "/api/v1/keys/3", expected: adminOnly),
        Row(method: .get, path: "/health", expected: open),
        Row(method: .get, path: "/", expected: open),
        Row(method: .get, path: "/css/site.css", expected: open),
        Row(method: .get, path: "/api/v1/openapi.json", expected: open),
        Row(method: .post, path: "/api/v1/openapi.json", expected: editorUp),
        Row(method: .get, path: "/api/v1/openapi.json/x", expected: viewerUp),
        Row(method: .options, path: "/api/v1/keys", expected: open),
        Row(method: .options, path: "/api/v1/projects", expected: open),
        // Spelled the ways the router also accepts: empty segments, percent-encoding.
        Row(method: .get, path: "//api//v1/keys", expected: adminOnly),
        Row(method: .get, path: "/api/v1/%6Beys", expected: adminOnly),
        Row(method: .get, path: "/api/v1/careersX", expected: viewerUp),
        Row(method: .get, path: "/api", expected: viewerUp),
    ]

    @Test(arguments: defaultMatrix)
    func defaultPolicy(_ row: Row) {
        let policy = AccessPolicy()
        let decisions = Self.callers.map { policy.decide(row.method, row.path, role: $0) }
        #expect(decisions == row.expected)
    }

    @Test func anonymousReadsFollowTheirSettingsAndWritesNeverOpen() {
        let flipped = AccessPolicy(anonymousReadCareers: false, anonymousReadProjects: true)
        #expect(flipped.decide(.get, "/api/v1/careers", role: nil) == .unauthenticated)
        #expect(flipped.decide(.get, "/api/v1/careers", role: .viewer) == .allow)
        #expect(flipped.decide(.get, "/api/v1/projects", role: nil) == .allow)
        #expect(flipped.decide(.get, "/api/v1/keys", role: nil) == .unauthenticated)
        for policy in [AccessPolicy(), flipped, AccessPolicy(anonymousReadCareers: true, anonymousReadProjects: true)] {
            for method in [HTTPMethod.post, .put, .patch, .delete] {
                for path in ["/api/v1/careers", "/api/v1/projects/1", "/api/v1/keys"] {
                    #expect(policy.decide(method, path, role: nil) == .unauthenticated, "\(method) \(path)")
                    #expect(policy.decide(method, path, role: .viewer) == .forbidden, "\(method) \(path)")
                }
            }
        }
    }

    @Test func restrictedPrefixesAreAdminOnlyEvenWhenReadsAreOpen() {
        let policy = AccessPolicy(anonymousReadProjects: true, restrictedPrefixes: ["/api/v1/performance-feedback"])
        let decisions = Self.callers.map { policy.decide(.get, "/api/v1/performance-feedback/9", role: $0) }
        #expect(decisions == Self.adminOnly)
        #expect(policy.decide(.get, "/api/v1/projects", role: nil) == .allow)
        #expect(AccessPolicy.restrictedPrefixes == ["/api/v1/webhooks"])
    }

    @Test func requirementSaysWhetherAKeyIsLookedAt() {
        let policy = AccessPolicy()
        #expect(policy.requirement(.get, "/health") == .anyone)
        #expect(policy.requirement(.get, "/api/v1/careers") == .optionalKey)
        #expect(policy.requirement(.get, "/api/v1/projects") == .role(.viewer))
        #expect(policy.requirement(.post, "/api/v1/careers") == .role(.admin))
    }
}

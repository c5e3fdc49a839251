import App
import Foundation
import HTTPCore
import TestSupport
import Testing

/// The access policy over the wire, against the real `/api/v1/keys` endpoints and the not-yet-existing
/// career and project collections (an authorized request to them is 404, an unauthorized one 401).
@Suite struct AccessControlWireTests {
    struct Callers {
        let keys: [String?]  // anonymous, viewer, editor, admin
        init(_ service: CharterService) throws {
            keys = [
                nil, try TestServer.makeKey(service, role: .viewer), try TestServer.makeKey(service, role: .editor),
                try TestServer.makeKey(service, role: .admin),
            ]
        }
    }

    /// Status codes for anonymous, viewer, editor and admin callers.
    static let matrix: [(String, String, [Int])] = [
        ("GET", "/api/v1/careers/15-1299.09", [200, 200, 200, 200]),
        ("GET", "/api/v1/careers?q=project", [200, 200, 200, 200]),
        ("POST", "/api/v1/careers", [401, 403, 403, 415]),  // admins only; no body: refused by type
        ("GET", "/api/v1/unbuilt/42", [401, 404, 404, 404]),
        ("HEAD", "/api/v1/unbuilt", [401, 404, 404, 404]),
        ("POST", "/api/v1/unbuilt", [401, 403, 404, 404]),
        ("DELETE", "/api/v1/unbuilt/42", [401, 403, 404, 404]),
        ("GET", "/api/v1/projects", [401, 200, 200, 200]),
        ("GET", "/api/v1/people/7", [401, 404, 404, 404]),
        ("POST", "/api/v1/projects", [401, 403, 415, 415]),  // no body: past authorization, refused by type
        ("PATCH", "/api/v1/work-packages/3", [401, 403, 415, 415]),
        ("GET", "/api/v1/projects/1/schedule", [401, 404, 404, 404]),
        ("POST", "/api/v1/batch", [401, 403, 415, 415]),
        ("GET", "/api/v1/keys", [401, 403, 403, 200]),
        ("DELETE", "/api/v1/keys/999", [401, 403, 403, 404]),
        ("GET", "/health", [200, 200, 200, 200]),
        ("GET", "/", [200, 200, 200, 200]),
        ("GET", "/api/v1/openapi.json", [200, 200, 200, 200]),
    ]

    @Test func authorizationMatrix() throws {
        try TestServer.withCharter { service in
            let callers = try Callers(service)
            let client = try RawClient(port: service.port)
            for (method, path, expected) in Self.matrix {
                let statuses = try callers.keys.map { try client.exchange(method, path, key: $0).status }
                #expect(statuses == expected, "\(method) \(path)")
            }
        }
    }

    @Test func anonymousReadSettingsApplyOverTheWire() throws {
        try TestServer.withCharter({
            $0.anonymousReadCareers = false
            $0.anonymousReadProjects = true
        }) { service in
            let client = try RawClient(port: service.port)
            #expect(try client.exchange("GET", "/api/v1/careers").status == 401)
            #expect(try client.exchange("GET", "/api/v1/unbuilt").status == 404)
            #expect(try client.exchange("POST", "/api/v1/unbuilt", body: "{}").status == 401)
        }
    }

    @Test func challengesFollowRFC6750() throws {
        try TestServer.withCharter { service in
            let viewer = try TestServer.makeKey(service, role: .viewer)
            let client = try RawClient(port: service.port)
            let missing = try client.exchange("GET", "/api/v1/unbuilt")
            #expect(missing.status == 401)
            #expect(missing.headers["WWW-Authenticate"] == #"Bearer realm="charter""#)
            #expect(missing.headers["Content-Type"] == "application/problem+json")

            let wellFormedUnknown = APIKeySecret.generate()
            for bad in [wellFormedUnknown, "chk_nope", "not-a-key"] {
                let unknown = try client.exchange("GET", "/api/v1/unbuilt", key: bad)
                #expect(unknown.status == 401)
                #expect(unknown.headers["WWW-Authenticate"] == #"Bearer realm="charter", error="invalid_token""#)
            }
            // A bad key is an error wherever keys are looked at, even where none is needed...
            #expect(try client.exchange("GET", "/api/v1/careers", key: wellFormedUnknown).status == 401)
            // ...but public paths never look.
            #expect(try client.exchange("GET", "/health", key: wellFormedUnknown).status == 200)
            // Another scheme is no credential at all; the scheme name is case-insensitive.
            let basic = try client.exchange("GET", "/api/v1/unbuilt", headers: [("Authorization", "Basic YTpi")])
            #expect(basic.headers["WWW-Authenticate"] == #"Bearer realm="charter""#)
            let lower = try client.exchange("GET", "/api/v1/unbuilt", headers: [("Authorization", "bearer \(viewer)")])
            #expect(lower.status == 404)

            let forbidden = try client.exchange("GET", "/api/v1/keys", key: viewer)
            #expect(forbidden.status == 403)
            #expect(forbidden.headers["Content-Type"] == "application/problem+json")
        }
    }

    @Test func keysEndpointsCreateListAndRevoke() throws {
        try TestServer.withCharter { service in
            let admin = try TestServer.makeKey(service, role: .admin, name: "root")
            let client = try RawClient(port: service.port)

            let created = try client.exchange(
                "POST",
                "/api/v1/keys",
                key: admin,
                body: #"{"name":"bot","role":"editor"}"#
            )
            #expect(created.status == 201)
            #expect(created.headers["Cache-Control"] == "no-store")
            let json = try created.json()
            let secret = try #require(json["key"] as? String)
            let id = try #require(json["id"] as? Int)
            #expect(created.headers["Location"] == "/api/v1/keys/\(id)")
            #expect(json["hash"] == nil)

            let listed = try client.exchange("GET", "/api/v1/keys", key: admin)
            #expect(listed.status == 200)
            #expect(listed.text.contains(#""name":"bot""#))
            #expect(!listed.text.contains(secret))
            #expect(!listed.text.contains(APIKeySecret.hash(secret)))

            let invalid = try client.exchange("POST", "/api/v1/keys", key: admin, body: #"{"role":"boss"}"#)
            #expect(invalid.status == 422)
            let errors = try #require(try invalid.json()["errors"] as? [[String: String]])
            #expect(errors.map { $0["field"]! } == ["name", "role"])
            #expect(errors.allSatisfy { $0["code"] != nil && $0["message"] != nil })
            let duplicate = try client.exchange(
                "POST",
                "/api/v1/keys",
                key: admin,
                body: #"{"name":"bot","role":"viewer"}"#
            )
            #expect(duplicate.status == 409)

            #expect(try client.exchange("POST", "/api/v1/unbuilt", key: secret, body: "{}").status == 404)
            #expect(try client.exchange("DELETE", "/api/v1/keys/\(id)", key: admin).status == 204)
            let revoked = try client.exchange("POST", "/api/v1/unbuilt", key: secret, body: "{}")
            #expect(revoked.status == 401)
            #expect(revoked.headers["WWW-Authenticate"] == #"Bearer realm="charter", error="invalid_token""#)
            #expect(try client.exchange("DELETE", "/api/v1/keys/\(id)", key: admin).status == 204)
            #expect(try client.exchange("DELETE", "/api/v1/keys/4242", key: admin).status == 404)
            let shown = try client.exchange("GET", "/api/v1/keys/\(id)", key: admin)
            #expect(try shown.json()["revokedAt"] is String)
        }
    }

    @Test func keyTextNeverReachesTheDatabaseFile() throws {
        try TestServer.withCharter { service in
            let admin = try TestServer.makeKey(service, role: .admin)
            let client = try RawClient(port: service.port)
            let created = try client.exchange(
                "POST",
                "/api/v1/keys",
                key: admin,
                body: #"{"name":"x","role":"viewer"}"#
            )
            let secret = try #require(try created.json()["key"] as? String)
            #expect(try client.exchange("GET", "/api/v1/unbuilt", key: secret).status == 404)
            let path = service.configuration.databasePath
            var bytes: [UInt8] = []
            for file in [path, path + "-wal", path + "-shm"] {
                bytes += FileManager.default.contents(atPath: file).map { Array($0) } ?? []
            }
            #expect(bytes.count > 0)
            let text = String(decoding: bytes, as: Unicode.ASCII.self)
            #expect(text.contains(APIKeySecret.hash(secret)))
            #expect(!text.contains(secret) && !text.contains(admin))
        }
    }
}

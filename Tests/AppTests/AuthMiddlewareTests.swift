import App
import Foundation
import HTTPCore
import Logging
import Testing

/// Authentication and authorization around a handler, without sockets: what handlers see.
@Suite struct AuthMiddlewareTests {
    static func chain(_ store: APIKeyStore, handler: @escaping Handler) -> any Responder {
        let policy = AccessPolicy()
        return MiddlewareChain(
            [
                AuthenticationMiddleware(store: store, policy: policy),
                ErrorMiddleware(logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })),
                AuthorizationMiddleware(policy: policy),
            ],
            around: ClosureResponder(handler)
        )
    }

    static func request(_ method: HTTPMethod, _ path: String, key: String?) -> Request {
        var headers = HTTPHeaders()
        if let key { headers["Authorization"] = "Bearer \(key)" }
        return Request(method: method, target: path, headers: headers)
    }

    @Test func handlersSeeThePrincipal() throws {
        try APIKeyStoreTests.withStore { store, _ in
            let created = try store.create(name: "editor-bot", role: "editor")
            let responder = Self.chain(store) { request in
                Response.text(request.principal.map { "\($0.keyID) \($0.name) \($0.role)" } ?? "anonymous")
            }
            let seen = try responder.respond(to: Self.request(.post, "/api/v1/projects", key: created.secret))
            #expect(seen.status == .ok)
            #expect(String(decoding: seen.body, as: UTF8.self) == "\(created.key.id) editor-bot editor")
            let anonymous = try responder.respond(to: Self.request(.get, "/api/v1/careers", key: nil))
            #expect(String(decoding: anonymous.body, as: UTF8.self) == "anonymous")
        }
    }

    @Test func aBrokenDatabaseIsAServerErrorNotA401() throws {
        try APIKeyStoreTests.withStore { store, _ in
            let secret = try store.create(name: "k", role: "viewer").secret
            try store.database.write { try $0.execute("DROP TABLE api_keys") }
            let responder = Self.chain(store) { _ in Response.text("reached") }
            let response = try responder.respond(to: Self.request(.get, "/api/v1/projects", key: secret))
            #expect(response.status == .internalServerError)
            let public_ = try responder.respond(to: Self.request(.get, "/health", key: secret))
            #expect(public_.status == .ok)
        }
    }
}

import Testing

@testable import HTTPCore

@Suite("Router")
struct RouterTests {
    /// A handler that answers with the method, the matched route and the bound parameters, so tests can see them.
    static func echo(_ name: String) -> Handler {
        { request in
            let id = request.parameters["id"] ?? "-"
            return .text("\(name) \(request.method) \(request.route ?? "nil") id=\(id)")
        }
    }

    static func makeRouter(fallback: (any Responder)? = nil) -> RouterResponder {
        var router = Router()
        router.get("/health", echo("health"))
        router.get("/projects/:id", echo("project"))
        router.put("/projects/:id", echo("update"))
        router.get("/projects/new", echo("new-form"))
        router.get("/items", echo("list"))
        router.post("/items", echo("create"))
        router.post("/upload", echo("upload"))
        router.get("/files/*", echo("files"))
        router.fallback = fallback
        return router.build()
    }

    static func respond(
        _ method: HTTPMethod,
        _ target: String,
        fallback: (any Responder)? = nil
    ) throws -> Response {
        try makeRouter(fallback: fallback).respond(to: Request(method: method, target: target))
    }

    static func text(_ response: Response) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func servesStaticRoute() throws {
        let response = try Self.respond(.get, "/health")
        #expect(response.status == .ok)
        #expect(Self.text(response) == "health GET /health id=-")
    }

    @Test func bindsPercentDecodedParameter() throws {
        #expect(Self.text(try Self.respond(.get, "/projects/42")) == "project GET /projects/:id id=42")
        #expect(Self.text(try Self.respond(.get, "/projects/a%20b?x=1")) == "project GET /projects/:id id=a b")
        #expect(Self.text(try Self.respond(.put, "/projects/%C3%A9")) == "update PUT /projects/:id id=é")
    }

    @Test func staticSegmentWinsOverParameter() throws {
        #expect(Self.text(try Self.respond(.get, "/projects/new")) == "new-form GET /projects/new id=-")
    }

    @Test func trailingSlashIsTolerated() throws {
        #expect(Self.text(try Self.respond(.get, "/health/")) == "health GET /health id=-")
        #expect(Self.text(try Self.respond(.get, "/projects/7/")) == "project GET /projects/:id id=7")
    }

    @Test func catchAllBindsTheRestOfThePath() throws {
        let response = try Self.respond(.get, "/files/a/b/c.txt")
        #expect(Self.text(response) == "files GET /files/* id=-")
    }

    @Test(arguments: ["/", "/nope", "/projects", "/projects/1/extra", "/projects/%zz", "/healthz"])
    func unknownPathIs404(path: String) {
        let error = #expect(throws: HTTPError.self) { try Self.respond(.get, path) }
        #expect(error?.status.code == 404)
    }

    @Test func wrongMethodIs405WithSortedAllowHeader() {
        let error = #expect(throws: HTTPError.self) { try Self.respond(.delete, "/items") }
        #expect(error?.status.code == 405)
        #expect(error?.headers["Allow"] == "GET, HEAD, OPTIONS, POST")
        let postOnly = #expect(throws: HTTPError.self) { try Self.respond(.get, "/upload") }
        #expect(postOnly?.status.code == 405)
        #expect(postOnly?.headers["Allow"] == "OPTIONS, POST")
    }

    @Test func headIsServedByTheGetHandler() throws {
        #expect(Self.text(try Self.respond(.head, "/projects/9")) == "project HEAD /projects/:id id=9")
        let error = #expect(throws: HTTPError.self) { try Self.respond(.head, "/upload") }
        #expect(error?.status.code == 405)
    }

    @Test func optionsOnARouteGives204WithAllow() throws {
        let response = try Self.respond(.options, "/projects/3")
        #expect(response.status.code == 204)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS, PUT")
        #expect(response.body.isEmpty)
    }

    @Test func optionsAsteriskGives204WithServerWideAllow() throws {
        let response = try Self.respond(.options, "*")
        #expect(response.status.code == 204)
        #expect(response.headers["Allow"] == "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
    }

    @Test func fallbackAnswersGetAndHeadOfUnknownPaths() throws {
        let fallback = ClosureResponder { request in .text("fallback \(request.method) \(request.path)") }
        #expect(Self.text(try Self.respond(.get, "/app.js", fallback: fallback)) == "fallback GET /app.js")
        #expect(Self.text(try Self.respond(.head, "/", fallback: fallback)) == "fallback HEAD /")
        #expect(Self.text(try Self.respond(.get, "/items", fallback: fallback)) == "list GET /items id=-")
    }

    @Test func fallbackIsNotUsedForPost() {
        let fallback = ClosureResponder { _ in .text("fallback") }
        let error = #expect(throws: HTTPError.self) { try Self.respond(.post, "/app.js", fallback: fallback) }
        #expect(error?.status.code == 404)
    }

    @Test func handlerErrorsPropagate() {
        struct Boom: Error {}
        var router = Router()
        router.get("/boom") { _ in throw Boom() }
        #expect(throws: Boom.self) { try router.build().respond(to: Request(method: .get, target: "/boom")) }
    }
}

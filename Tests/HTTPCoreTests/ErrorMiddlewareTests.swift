import Logging
import Testing

@testable import HTTPCore

@Suite("ErrorMiddleware")
struct ErrorMiddlewareTests {
    struct Payload: Codable {
        var a: Int
    }

    struct DatabaseLocked: Error, CustomStringConvertible {
        var description: String { "SQLITE_BUSY: database is locked at /var/secret/path.db" }
    }

    static let logger = Logger(label: "charter.tests.error-middleware") { _ in SwiftLogNoOpLogHandler() }

    static func respond(
        _ target: String = "/api/things/1?x=2",
        map: ErrorMiddleware.Mapper? = nil,
        _ handler: @escaping Handler
    ) throws -> (Response, Problem) {
        let chain = MiddlewareChain(
            [ErrorMiddleware(logger: logger, map: map)],
            around: ClosureResponder(handler)
        )
        let response = try chain.respond(to: Request(method: .post, target: target))
        #expect(response.headers["Content-Type"] == "application/problem+json")
        return (response, try JSON.decode(Problem.self, from: response.body))
    }

    @Test func passesSuccessfulResponsesThrough() throws {
        let chain = MiddlewareChain(
            [ErrorMiddleware(logger: Self.logger)],
            around: ClosureResponder { _ in .text("fine", status: .created) }
        )
        let response = try chain.respond(to: Request(method: .get, target: "/"))
        #expect(response.status.code == 201)
        #expect(response.body == Array("fine".utf8))
    }

    @Test func httpErrorBecomesProblemWithItsStatusDetailAndHeaders() throws {
        let issue = Problem.FieldIssue(field: "name", code: "required", message: "name is required")
        let (response, problem) = try Self.respond { _ in
            throw HTTPError(.methodNotAllowed, "not here", headers: ["Allow": "GET, HEAD"], errors: [issue])
        }
        #expect(response.status.code == 405)
        #expect(response.headers["Allow"] == "GET, HEAD")
        #expect(
            problem
                == Problem(
                    status: .methodNotAllowed,
                    detail: "not here",
                    title: "Method Not Allowed",
                    instance: "/api/things/1",
                    errors: [issue]
                )
        )
        #expect(problem.type == "about:blank")
    }

    @Test func decodingErrorBecomes400MalformedJSON() throws {
        let (response, problem) = try Self.respond { _ in
            _ = try JSON.decode(Payload.self, from: Array("{\"a\":".utf8))
            return .text("unreachable")
        }
        #expect(response.status.code == 400)
        #expect(problem.status == 400)
        #expect(problem.title == "Bad Request")
        #expect(problem.detail.hasPrefix("malformed JSON body: "))
        #expect(problem.instance == "/api/things/1")
    }

    @Test func decodingErrorNamesTheFieldPath() throws {
        let (_, wrongType) = try Self.respond { _ in
            _ = try JSON.decode(Payload.self, from: Array("{\"a\":\"text\"}".utf8))
            return .text("unreachable")
        }
        #expect(wrongType.detail == "malformed JSON body: expected Int at 'a'")
        let (_, missing) = try Self.respond { _ in
            _ = try JSON.decode(Payload.self, from: Array("{}".utf8))
            return .text("unreachable")
        }
        #expect(missing.detail == "malformed JSON body: missing field 'a'")
    }

    @Test func otherErrorsBecomeGeneric500() throws {
        let (response, problem) = try Self.respond { _ in throw DatabaseLocked() }
        #expect(response.status.code == 500)
        #expect(problem.status == 500)
        #expect(problem.detail == "the server failed to answer; see its log")
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(!body.contains("SQLITE_BUSY"))
        #expect(!body.contains("/var/secret"))
    }

    @Test func mapIsHonouredWhenItReturnsAResponse() throws {
        let map: ErrorMiddleware.Mapper = { error, request in
            guard error is DatabaseLocked else { return nil }
            return .problem(.serviceUnavailable, "busy, retry", instance: request.path, headers: ["Retry-After": "1"])
        }
        let (response, problem) = try Self.respond(map: map) { _ in throw DatabaseLocked() }
        #expect(response.status.code == 503)
        #expect(response.headers["Retry-After"] == "1")
        #expect(problem.detail == "busy, retry")
        struct Other: Error {}
        let (fallback, _) = try Self.respond(map: map) { _ in throw Other() }
        #expect(fallback.status.code == 500)
    }

    @Test func mapIsNotConsultedForHTTPErrors() throws {
        let map: ErrorMiddleware.Mapper = { _, _ in .text("mapped", status: .serviceUnavailable) }
        let (response, _) = try Self.respond(map: map) { _ in throw HTTPError(.notFound, "gone") }
        #expect(response.status.code == 404)
    }
}

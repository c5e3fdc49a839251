import HTTPCore
import Storage

/// `POST /api/v1/batch`: up to 100 create, update and delete operations in one transaction; all or nothing.
///
/// ```json
/// {"operations": [
///   {"method": "POST", "path": "/api/v1/people", "body": {"name": "Ada", "email": "ada@example.com"}},
///   {"method": "PATCH", "path": "/api/v1/people/7", "body": {"title": "PM"}, "ifMatch": "\"3\""},
///   {"method": "DELETE", "path": "/api/v1/people/9"}
/// ]}
/// ```
/// Each operation is a real request: it goes through the same access check and the same router as if it had been
/// sent alone, so a batch can do exactly what its key could do one request at a time, and every route that writes
/// (a resource's, a career import…) works in a batch. The whole batch is one write transaction (`DatabasePool` is
/// re-entrant on the writer's thread: each handler's own `write` becomes a savepoint of it).
///
/// Success is 200 with one result per operation (`status`, and `body`, `etag`, `location` where they apply).
/// The first failing operation rolls everything back; the problem names it (`operations[1]: …`, and
/// `operations[1].field` in `errors`), with the status it would have had alone. An `Idempotency-Key` on the batch
/// replays its first response.
struct BatchController: Sendable {
    let database: DatabasePool
    /// The access check around the router, frozen without this route (a batch cannot nest).
    let inner: any Responder
    static let maxOperations = 100
    static let path = "/api/v1/batch"

    func register(on router: inout Router) {
        let c = self
        router.post(Self.path) { try c.run($0) }
    }

    func run(_ request: Request) throws -> Response {
        let body = try ResourceController.jsonBody(request, patch: false)
        guard case .array(let operations)? = body["operations"] else {
            throw HTTPError(.badRequest, "the body must be {\"operations\": [ … ]}")
        }
        guard (1...Self.maxOperations).contains(operations.count) else {
            throw HTTPError(
                .unprocessableContent,
                "a batch holds 1 to \(Self.maxOperations) operations, not \(operations.count)"
            )
        }
        let actor = ResourceController.actor(request)
        return try Idempotency.perform(request, actor: actor.name, database: database) { _ in
            var results: [JSONValue] = []
            for (index, operation) in operations.enumerated() {
                do {
                    results.append(try perform(operation, of: request))
                } catch {
                    throw Self.scoped(error, index: index)
                }
            }
            var writer = JSONWriter(capacity: 1024)
            writer.write(.object(["results": .array(results)]))
            return Response.bytes(writer.bytes, contentType: JSON.contentType)
        }
    }

    /// Runs one operation as a request of the same caller, inside the batch's transaction.
    private func perform(_ operation: JSONValue, of batch: Request) throws -> JSONValue {
        let sub = try Self.request(for: operation, of: batch)
        let response = try inner.respond(to: sub)
        if response.status.code >= 400 {
            // A handler that answered a problem instead of throwing one.
            let problem = try? JSONValue.parseObject(response.body)
            let detail: String =
                if case .string(let d)? = problem?["detail"] { d } else { response.status.reasonPhrase }
            throw HTTPError(response.status, detail)
        }
        var result: [String: JSONValue] = ["status": .int(Int64(response.status.code))]
        if !response.body.isEmpty, let parsed = try? JSONParser.parse(response.body) { result["body"] = parsed }
        if let etag = response.headers["ETag"] { result["etag"] = .string(etag) }
        if let location = response.headers["Location"] { result["location"] = .string(location) }
        return .object(result)
    }

    /// The request an operation stands for: the batch's caller (its credential, request id and address), the
    /// operation's method, path, body and `If-Match`.
    static func request(for operation: JSONValue, of batch: Request) throws -> Request {
        guard case .object(let op) = operation, case .string(let rawMethod)? = op["method"],
            case .string(let path)? = op["path"]
        else {
            throw HTTPError(.unprocessableContent, "each operation needs \"method\" and \"path\" strings")
        }
        let method = HTTPMethod(rawMethod.uppercased())
        guard [.post, .put, .patch, .delete].contains(method) else {
            throw HTTPError(
                .methodNotAllowed,
                "\(rawMethod) \(path) is not a batch operation (POST a collection; PATCH, PUT or DELETE a record)"
            )
        }
        guard path.hasPrefix("/api/"), !path.contains("#") else {
            throw HTTPError(.notFound, "no resource at \(path); operations address /api/v1/… paths")
        }
        var headers = HTTPHeaders()
        var body: [UInt8] = []
        if method != .delete {
            guard case .object? = op["body"] else {
                throw HTTPError(.unprocessableContent, "\(method) needs a \"body\" object")
            }
            var writer = JSONWriter(capacity: 256)
            writer.write(op["body"]!)
            body = writer.bytes
            headers["Content-Type"] = JSON.contentType
        }
        switch op["ifMatch"] {
        case .string(let tag)?: headers["If-Match"] = tag
        case nil, .null?: break
        default: throw HTTPError(.unprocessableContent, "\"ifMatch\" must be an entity tag string, like \"\\\"3\\\"\"")
        }
        var request = Request(method: method, target: path, headers: headers, body: body)
        guard AccessPolicy.segments(request.path) != AccessPolicy.segments(Self.path) else {
            throw HTTPError(.unprocessableContent, "a batch cannot contain another batch")
        }
        request.id = batch.id
        request.userInfo = batch.userInfo
        request.remoteAddress = batch.remoteAddress
        return request
    }

    /// `error` as the problem of operation `index`: the status it would have had alone, its detail and field
    /// names prefixed with `operations[index]`. A server fault keeps its 500 but is still placed.
    static func scoped(_ error: any Error, index: Int) -> any Error {
        guard var scoped = ErrorMapping.httpError(for: error) else {
            return PlacedError(underlying: error, index: index)
        }
        scoped.detail = "operations[\(index)]: \(scoped.detail); nothing in the batch was applied"
        scoped.errors = scoped.errors?.map {
            FieldIssue(field: "operations[\(index)].\($0.field)", code: $0.code, message: $0.message)
        }
        return scoped
    }

    /// A server fault in operation `index`: logged with its cause by `ErrorMiddleware`, answered as a 500.
    struct PlacedError: Error, CustomStringConvertible {
        let underlying: any Error
        let index: Int
        var description: String { "batch operations[\(index)]: \(underlying)" }
    }
}

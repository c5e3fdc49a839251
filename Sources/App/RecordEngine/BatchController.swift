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
/// Success is 200 with one result per operation (`status`, and `body`, `etag`, `location` where they apply).
/// The first failing operation rolls everything back; the problem names it (`operations[1]: …`), with the
/// status it would have had alone.
struct BatchController: Sendable {
    let controllers: [String: ResourceController]
    let database: DatabasePool
    static let maxOperations = 100

    func register(on router: inout Router) {
        let c = self
        router.post("/api/v1/batch") { try c.run($0) }
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
        let results = try database.write { db in
            try operations.enumerated().map { index, operation in
                do {
                    return try perform(db, operation, actor: actor)
                } catch let error as HTTPError {
                    var scoped = error
                    scoped.detail = "operations[\(index)]: \(error.detail); nothing in the batch was applied"
                    scoped.errors = error.errors?.map {
                        FieldIssue(field: "operations[\(index)].\($0.field)", code: $0.code, message: $0.message)
                    }
                    throw scoped
                }
            }
        }
        var writer = JSONWriter(capacity: 1024)
        writer.write(.object(["results": .array(results)]))
        return Response.bytes(writer.bytes, contentType: JSON.contentType)
    }

    private func perform(_ db: Database, _ operation: JSONValue, actor: String) throws -> JSONValue {
        guard case .object(let op) = operation, case .string(let method)? = op["method"],
            case .string(let path)? = op["path"]
        else {
            throw HTTPError(.unprocessableContent, "each operation needs \"method\" and \"path\" strings")
        }
        let segments = path.split(separator: "/").map(String.init)
        guard segments.count >= 3, segments.count <= 4, segments[0] == "api", segments[1] == "v1",
            let controller = controllers[segments[2]]
        else { throw HTTPError(.notFound, "no collection at \(path)") }
        let id: Int64? = segments.count == 4 ? Int64(segments[3]) : nil
        if segments.count == 4 && (id ?? 0) < 1 { throw HTTPError(.notFound, "no record at \(path)") }
        let ifMatch: [String]? = if case .string(let tag)? = op["ifMatch"] { [tag] } else { nil }
        func body() throws -> [String: JSONValue] {
            guard case .object(let b)? = op["body"] else {
                throw HTTPError(.unprocessableContent, "\(method) needs a \"body\" object")
            }
            return b
        }
        switch (method.uppercased(), id) {
        case ("POST", nil):
            let record = try controller.createRecord(db, try body(), actor: actor)
            return .object([
                "status": .int(201), "body": record.json(), "etag": .string(record.etag),
                "location": .string("\(controller.base)/\(record.id)"),
            ])
        case ("PATCH", let id?), ("PUT", let id?):
            let mode: RecordValidator.Mode = method.uppercased() == "PATCH" ? .partial : .complete
            let record = try controller.updateRecord(db, id: id, try body(), mode: mode, ifMatch: ifMatch, actor: actor)
            return .object(["status": .int(200), "body": record.json(), "etag": .string(record.etag)])
        case ("DELETE", let id?):
            try controller.store.delete(db, id: id, ifMatch: ifMatch, actor: actor)
            return .object(["status": .int(204)])
        default:
            throw HTTPError(
                .methodNotAllowed,
                "\(method) \(path) is not a batch operation (POST a collection; PATCH, PUT or DELETE a record)"
            )
        }
    }
}

import Foundation
import HTTPCore
import Storage

/// Sends requests to Charter's own router in the process, as an admin key named `charter demo` (acting for a
/// person when one is set), so that demo data goes through the same access check, validation, hooks and journal
/// as a client's requests. No socket, no key in the database.
struct DemoClient {
    let responder: any Responder
    /// The person the requests act for (who submits or reviews a deliverable); nil for none.
    var person: Int64?

    init(database: DatabasePool, configuration: AppConfiguration) {
        let keys = APIKeyStore(database: database)
        let router = Application.makeRouter(configuration: configuration, database: database, keys: keys)
        let policy = AccessPolicy(anonymousReadCareers: true, anonymousReadProjects: false)
        responder = MiddlewareChain([AuthorizationMiddleware(policy: policy)], around: router.build())
    }

    /// A refused demo request: the problem's status and detail, and the request that got it.
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, _ body: [String: JSONValue?]? = nil) throws -> JSONValue {
        var headers = HTTPHeaders()
        var bytes: [UInt8] = []
        if let body {
            var writer = JSONWriter(capacity: 256)
            writer.write(.object(body.compactMapValues { $0 }))
            bytes = writer.bytes
            headers["Content-Type"] = JSON.contentType
        }
        var request = Request(method: method, target: path, headers: headers, body: bytes)
        request.id = "charter-demo"
        request.remoteAddress = "127.0.0.1"
        request.credential = .key(Principal(keyID: 0, name: "charter demo", role: .admin, personID: person))
        let response: Response
        do {
            response = try responder.respond(to: request)
        } catch {
            guard let refused = ErrorMapping.httpError(for: error) else { throw error }
            let issues = (refused.errors ?? []).map { " \($0.field): \($0.message);" }.joined()
            throw Refused(description: "\(method) \(path): \(refused.status.code) \(refused.detail)\(issues)")
        }
        guard response.status.code < 400 else {
            let text = String(decoding: response.body, as: UTF8.self)
            throw Refused(description: "\(method) \(path): \(response.status.code) \(text)")
        }
        if response.body.isEmpty { return .null }
        return try JSONParser.parse(response.body)
    }

    /// Creates a record and returns its id.
    func create(_ collection: String, _ body: [String: JSONValue?]) throws -> Int64 {
        let record = try send(.post, "/api/v1/\(collection)", body)
        guard case .int(let id)? = record["id"] else {
            throw Refused(description: "POST /api/v1/\(collection): the answer has no id")
        }
        return id
    }

    func patch(_ collection: String, _ id: Int64, _ body: [String: JSONValue?]) throws {
        try send(.patch, "/api/v1/\(collection)/\(id)", body)
    }
}

extension JSONValue {
    /// The member `key` of an object; nil for anything else.
    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var intValue: Int64? { if case .int(let i) = self { i } else { nil } }
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    var arrayValue: [JSONValue] { if case .array(let a) = self { a } else { [] } }
}

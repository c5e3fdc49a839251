import Foundation
import HTTPCore
import Storage

/// The routes of one declared resource: list, create, read, update (PATCH merges, PUT replaces), delete, history.
struct ResourceController: Sendable {
    let definition: ResourceDefinition
    let registry: ResourceRegistry
    let database: DatabasePool
    let paging: Paging
    /// Who may read what: `expand` embeds a referenced record only if the caller could read it directly.
    var policy: AccessPolicy?
    /// List totals kept by filter and change counters: one per controller, so per service and database (tests
    /// run several services in one process; the counters of two databases can agree while their rows do not).
    var totals = TotalCounts()
    /// Called after each write through this controller (after its transaction, or inside a batch's): a service's
    /// caches of what this collection shows (encoded career profiles) drop what they hold.
    var didChange: (@Sendable () -> Void)?
    /// The service's cache of large encoded documents, for declared routes that keep theirs (`/wbs`).
    var documents = BodyCache(limitBytes: 0)

    struct Paging: Sendable {
        var defaultPerPage = 50
        var maxPerPage = 500
        /// `totalItems` is exact up to this many records (see `ListQuery.totalLimit`).
        var maxExactTotal = 10_000
    }

    var store: ResourceStore { registry.store(definition) }
    var base: String { "/api/v1/\(definition.collection)" }

    func register(on router: inout Router) {
        let c = self
        let key = "/:" + definition.keyName
        if !definition.customReads {
            router.get(base) { try c.list($0) }
            router.get(base + key) { try c.read($0) }
        }
        router.post(base) { try c.create($0) }
        router.patch(base + key) { try c.update($0, mode: .partial) }
        router.put(base + key) { try c.update($0, mode: .complete) }
        router.delete(base + key) { try c.delete($0) }
        router.get(base + key + "/history") { try c.history($0) }
        let context = RouteContext(database: database, documents: documents, paging: paging)
        for route in definition.routes {
            router.on(route.method, base + key + "/" + route.path) { try route.handler($0, context) }
        }
    }

    func read(_ request: Request) throws -> Response {
        // A bad `fields` is a 400 even with If-None-Match: conditions apply only to what would be a 2xx (RFC 9110 §13.2.1).
        let fields = try request.query["fields"].map { try ListQuery.parseFields($0, definition) }
        let record = try database.read { db in try store.require(db, id: try store.resolve(db, recordKey(request))) }
        if let tags = ETags.list(request.headers, "If-None-Match"),
            tags.contains(where: { $0 == "*" || ETags.matches($0, record.etag, weak: true) })
        {
            return Response(status: .notModified, headers: ["ETag": record.etag])
        }
        return respond(record.json(fields: fields), etag: record.etag)
    }

    func create(_ request: Request) throws -> Response {
        let body = try Self.jsonBody(request, patch: false)
        let actor = Self.actor(request)
        let response = try Idempotency.perform(request, actor: actor.name, database: database) { db in
            let record = try createRecord(db, body, actor: actor)
            var json = record.json()
            if let reveal = definition.hooks.revealOnCreate, case .object(var object) = json {
                for (name, value) in try reveal(db, object) { object[name] = value }
                json = .object(object)
            }
            var response = respond(json, etag: record.etag, status: .created)
            response.headers["Location"] = "\(base)/\(record.keyText(definition))"
            return response
        }
        didChange?()
        return response
    }

    func update(_ request: Request, mode: RecordValidator.Mode) throws -> Response {
        let key = recordKey(request)
        let body = try Self.jsonBody(request, patch: mode == .partial)
        let record = try database.write { db in
            try updateRecord(
                db,
                id: try store.resolve(db, key),
                body,
                mode: mode,
                ifMatch: ETags.list(request.headers, "If-Match"),
                actor: Self.actor(request)
            )
        }
        didChange?()
        return respond(record.json(), etag: record.etag)
    }

    func delete(_ request: Request) throws -> Response {
        let key = recordKey(request)
        try database.write { db in
            try store.delete(
                db,
                id: try store.resolve(db, key),
                ifMatch: ETags.list(request.headers, "If-Match"),
                actor: Self.actor(request)
            )
        }
        didChange?()
        return Response(status: .noContent)
    }

    /// Validates and inserts, inside the caller's transaction.
    func createRecord(_ db: Database, _ body: [String: JSONValue], actor: Actor) throws -> Record {
        let (values, readOnly, issues) = RecordValidator.validate(body, of: definition, mode: .complete)
        try Self.rejectIfInvalid(issues)
        return try store.create(db, values, readOnlyGiven: readOnly, actor: actor)
    }

    /// Validates and applies a PATCH (`.partial`) or PUT (`.complete`), inside the caller's transaction.
    func updateRecord(
        _ db: Database,
        id: Int64,
        _ body: [String: JSONValue],
        mode: RecordValidator.Mode,
        ifMatch: [String]?,
        actor: Actor
    ) throws -> Record {
        let (values, readOnly, issues) = RecordValidator.validate(body, of: definition, mode: mode)
        try Self.rejectIfInvalid(issues)
        return try store.update(db, id: id, values, readOnlyGiven: readOnly, ifMatch: ifMatch, actor: actor)
    }

    /// The key the path names (`42`, `ACME-0001.00`), resolved to a row by `ResourceStore.resolve`.
    func recordKey(_ request: Request) -> String { request.parameters[definition.keyName] ?? "" }

    func respond(_ value: JSONValue, etag: String? = nil, status: HTTPStatus = .ok) -> Response {
        var writer = JSONWriter()
        writer.write(value)
        var response = Response.bytes(writer.bytes, contentType: JSON.contentType, status: status)
        if let etag { response.headers["ETag"] = etag }
        return response
    }

    static func rejectIfInvalid(_ issues: [FieldIssue]) throws {
        guard !issues.isEmpty else { return }
        throw DomainError.invalid(issues)
    }

    /// The JSON object in the body; 415 for any other media type (RFC 9110 §15.5.16).
    static func jsonBody(_ request: Request, patch: Bool) throws -> [String: JSONValue] {
        let type = request.headers["Content-Type"]?.split(separator: ";").first.map { $0.trimmingOWS().lowercased() }
        let accepted = patch ? ["application/json", "application/merge-patch+json"] : ["application/json"]
        guard let type, accepted.contains(type) else {
            throw HTTPError(
                .unsupportedMediaType,
                "send the body as \(accepted.joined(separator: " or ")) (Content-Type was \(request.headers["Content-Type"] ?? "missing"))",
                headers: [patch ? "Accept-Patch" : "Accept-Post": accepted.joined(separator: ", ")]
            )
        }
        return try JSONValue.parseObject(request.body)
    }

    /// Who made the change, for the journal and the rules about people: the API key's name and person.
    static func actor(_ request: Request) -> Actor { request.actor }
}

extension ListQuery {
    static func parseFields(_ value: String, _ definition: ResourceDefinition) throws -> [String] {
        let names = value.split(separator: ",").map { String($0.trimmingOWS()) }
        // An empty selection used to answer records as `{}`.
        guard !names.isEmpty else { throw bad("fields must name at least one field of \(definition.collection)") }
        for n in names where definition.column(for: n) == nil {
            throw bad("fields: '\(n)' is not a field of \(definition.collection)")
        }
        return names
    }
}

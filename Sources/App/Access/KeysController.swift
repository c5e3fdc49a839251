import Foundation
import HTTPCore

/// `/api/v1/keys`: API key administration over HTTP (admins only, by `AccessPolicy`).
///
/// - `GET /api/v1/keys` lists every key as `{"items": [...]}`, never a hash or a key.
/// - `POST /api/v1/keys` with `{"name": "...", "role": "viewer|editor|admin"}` answers 201 with the new key in
///   `key`, shown this once (`Cache-Control: no-store`); 422 with `errors` for bad fields, 409 for a taken name.
/// - `GET /api/v1/keys/:id` shows one key; `DELETE /api/v1/keys/:id` revokes it (204, also when already revoked).
/// - `PATCH /api/v1/keys/:id` with `{"person": 7}` links the key to a person (`null` unlinks, absent leaves it):
///   reviews and approvals made with it record that person.
///
/// Bodies follow the record engine's rules (`ResourceController.jsonBody`, `RecordValidator`): JSON only (415),
/// strict (400 for a key given twice or an out-of-range number), 422 for unknown or mistyped fields.
struct KeysController {
    let store: APIKeyStore

    /// The body of `POST /api/v1/keys`, declared as the record engine declares a resource's fields, so the body
    /// follows the rules every other endpoint does (issue 16: this one took `text/plain`, a name given twice and
    /// unknown fields): `Content-Type: application/json` (415 otherwise), strict JSON (a key given twice or a
    /// number out of range is a 400), and a 422 `unknown_field` or `type` for what is not declared or mistyped.
    /// The name and role rules beyond their types are `APIKeyStore.validate`'s.
    static let createBody = ResourceDefinition(
        collection: "keys",
        table: "api_keys",
        title: "API key",
        group: .restricted,
        fields: [
            Field("name", .string, required: true).length(1...APIKeyStore.maxNameLength),
            Field("role", .enumeration(Role.all.map(\.rawValue)), required: true),
            Field("person", .reference(collection: "people"), column: "person_id"),
        ]
    )

    /// The body of `PATCH /api/v1/keys/:id`: only the person a key acts for can change; `name` and `role` are
    /// fixed at creation and may only be sent back unchanged (a 422 `read_only` otherwise), as the engine treats
    /// server-set fields.
    static let linkBody = ResourceDefinition(
        collection: "keys",
        table: "api_keys",
        title: "API key",
        group: .restricted,
        fields: [
            Field("name", .string).serverSet(),
            Field("role", .string).serverSet(),
            Field("person", .reference(collection: "people"), column: "person_id"),
        ]
    )

    /// A key as the API shows it; `lastUsedAt` and `revokedAt` are `null` when unset.
    struct KeyResource: Encodable {
        let key: APIKey
        var secret: String?

        enum CodingKeys: String, CodingKey {
            case id, name, role, prefix, createdAt, lastUsedAt, revokedAt, person, key, usage
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(key.id, forKey: .id)
            try c.encode(key.name, forKey: .name)
            try c.encode(key.role, forKey: .role)
            try c.encode(key.prefix, forKey: .prefix)
            try c.encode(key.createdAt, forKey: .createdAt)
            try c.encode(key.lastUsedAt, forKey: .lastUsedAt)
            try c.encode(key.revokedAt, forKey: .revokedAt)
            try c.encode(key.personID, forKey: .person)
            if let secret {
                try c.encode(secret, forKey: .key)
                try c.encode("send it as 'Authorization: Bearer \(secret)'; it is not shown again", forKey: .usage)
            }
        }
    }

    struct KeyList: Encodable {
        let items: [KeyResource]
    }

    func register(on router: inout Router) {
        let store = self.store
        router.get("/api/v1/keys") { _ in
            try Response.json(KeyList(items: try store.list().map { KeyResource(key: $0) }))
        }
        router.post("/api/v1/keys") { request in
            let body = try ResourceController.jsonBody(request, patch: false)
            let (values, _, issues) = RecordValidator.validate(body, of: Self.createBody, mode: .complete)
            try ResourceController.rejectIfInvalid(issues)
            let created = try store.create(
                name: Self.string(values["name"]),
                role: Self.string(values["role"]),
                person: Self.integer(values["person"])
            )
            var response = try Response.json(KeyResource(key: created.key, secret: created.secret), status: .created)
            response.headers["Location"] = "/api/v1/keys/\(created.key.id)"
            // The body holds a secret: no cache may keep it (RFC 9111 §5.2.2.5).
            response.headers["Cache-Control"] = "no-store"
            return response
        }
        router.get("/api/v1/keys/:id") { request in
            let id = try Self.id(request)
            guard let key = try store.find(id: id) else { throw HTTPError(.notFound, "no API key with id \(id)") }
            return try Response.json(KeyResource(key: key))
        }
        router.patch("/api/v1/keys/:id") { request in
            let id = try Self.id(request)
            let body = try ResourceController.jsonBody(request, patch: true)
            let (values, readOnly, issues) = RecordValidator.validate(body, of: Self.linkBody, mode: .partial)
            guard let key = try store.find(id: id) else { throw HTTPError(.notFound, "no API key with id \(id)") }
            var all = issues
            let fixed: [String: JSONValue] = ["name": .string(key.name), "role": .string(key.role.rawValue)]
            for (name, value) in readOnly.sorted(by: { $0.key < $1.key }) where value != fixed[name] {
                all.append(
                    FieldIssue(
                        field: name,
                        code: "read_only",
                        message: "is fixed when a key is created; create a new key (and revoke this one) to change it"
                    )
                )
            }
            try ResourceController.rejectIfInvalid(all)
            // Fields not given stay as they are (RFC 7396): only a given `person` (or null) links or unlinks.
            guard let person = values["person"] else { return try Response.json(KeyResource(key: key)) }
            return try Response.json(KeyResource(key: try store.link(id: id, person: Self.integer(person))))
        }
        router.delete("/api/v1/keys/:id") { request in
            try store.revoke(id: try Self.id(request))
            return Response(status: .noContent)
        }
    }

    static func string(_ value: JSONValue?) -> String? {
        if case .string(let s)? = value { s } else { nil }
    }

    static func integer(_ value: JSONValue?) -> Int64? {
        if case .int(let i)? = value { i } else { nil }
    }

    static func id(_ request: Request) throws -> Int64 {
        guard let text = request.parameters["id"], let id = Int64(text), id > 0 else {
            throw HTTPError(.notFound, "no API key at \(request.path)")
        }
        return id
    }
}

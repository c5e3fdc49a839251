import Foundation
import HTTPCore

/// `/api/v1/keys`: API key administration over HTTP (admins only, by `AccessPolicy`).
///
/// - `GET /api/v1/keys` lists every key as `{"items": [...]}`, never a hash or a key.
/// - `POST /api/v1/keys` with `{"name": "...", "role": "viewer|editor|admin"}` answers 201 with the new key in
///   `key`, shown this once (`Cache-Control: no-store`); 422 with `errors` for bad fields, 409 for a taken name.
/// - `GET /api/v1/keys/:id` shows one key; `DELETE /api/v1/keys/:id` revokes it (204, also when already revoked).
/// - `PATCH /api/v1/keys/:id` with `{"person": 7}` links the key to a person (`null` unlinks): reviews and
///   approvals made with it record that person.
struct KeysController {
    let store: APIKeyStore

    struct CreateKeyRequest: Decodable {
        var name: String?
        var role: String?
        var person: Int64?
    }

    /// `PATCH /api/v1/keys/:id`: only the person a key acts for can change (name and role are fixed at creation).
    struct LinkRequest: Decodable {
        var person: Int64?
    }

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
            let body = try JSON.decode(CreateKeyRequest.self, from: request.body)
            let created = try store.create(name: body.name, role: body.role, person: body.person)
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
            let body = try JSON.decode(LinkRequest.self, from: request.body)
            return try Response.json(KeyResource(key: try store.link(id: try Self.id(request), person: body.person)))
        }
        router.delete("/api/v1/keys/:id") { request in
            try store.revoke(id: try Self.id(request))
            return Response(status: .noContent)
        }
    }

    static func id(_ request: Request) throws -> Int64 {
        guard let text = request.parameters["id"], let id = Int64(text), id > 0 else {
            throw HTTPError(.notFound, "no API key at \(request.path)")
        }
        return id
    }
}

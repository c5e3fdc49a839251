import Foundation
import HTTPCore
import Storage

/// Creates, lists, revokes and checks API keys: the one place with the `api_keys` SQL. The `charter keys`
/// commands, the `/api/v1/keys` endpoints and `AuthenticationMiddleware` all go through it.
///
/// ```swift
/// let store = APIKeyStore(database: pool)
/// let created = try store.create(name: "dashboard", role: "viewer")
/// print(created.secret)  // chk_…, shown once; only its SHA-256 is stored
/// ```
public final class APIKeyStore: Sendable {
    public let database: DatabasePool
    let cache: APIKeyCache
    let now: @Sendable () -> Date

    /// A new key and its text, which is never available again.
    public struct Created: Sendable {
        public var key: APIKey
        public var secret: String
    }

    public init(database: DatabasePool, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.cache = APIKeyCache()
        self.now = now
    }

    init(database: DatabasePool, cache: APIKeyCache, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.cache = cache
        self.now = now
    }

    /// Makes a key called `name` with `role`.
    /// - Throws: `DomainError.invalid` (422) with one `FieldIssue` per bad field, 409 when the name is taken; `SQLiteError`.
    public func create(name: String?, role: String?, person: Int64? = nil) throws -> Created {
        let (name, role) = try Self.validate(name: name, role: role)
        let secret = APIKeySecret.generate()
        let hash = APIKeySecret.hash(secret)
        let key = try database.write { db -> APIKey? in
            try Self.checkPerson(db, person)
            do {
                try db.execute(
                    "INSERT INTO api_keys (name, role, prefix, hash, created_at, person_id) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        name, role.rawValue, String(secret.prefix(APIKeySecret.prefixLength)), hash, now(),
                        person.map(SQLiteValue.integer) ?? .null,
                    ]
                )
            } catch let error as SQLiteError where error.isUniqueViolation {
                throw DomainError.duplicate(
                    field: "name",
                    detail: "an API key named '\(name)' already exists (names are never reused)"
                )
            }
            return try db.queryOne(APIKey.self, "SELECT * FROM api_keys WHERE id = ?", [db.lastInsertRowID])
        }
        cache.invalidate(hash)
        guard let key else { throw HTTPError(.internalServerError, "the new key could not be read back") }
        return Created(key: key, secret: secret)
    }

    /// Every key, revoked ones included, oldest first.
    public func list() throws -> [APIKey] {
        try database.read { db in try db.query(APIKey.self, "SELECT * FROM api_keys ORDER BY id") }
    }

    /// The key with `id`, or nil.
    public func find(id: Int64) throws -> APIKey? {
        try database.read { db in try db.queryOne(APIKey.self, "SELECT * FROM api_keys WHERE id = ?", [id]) }
    }

    /// Links the key with `id` to `person` (nil unlinks it): from then on the key acts for that person in the
    /// steps that record who took them. Takes effect at once for this server (the lookup cache is dropped).
    /// - Throws: `DomainError.notFound` (404) for no such key, 422 for no such person.
    @discardableResult
    public func link(id: Int64, person: Int64?) throws -> APIKey {
        let (key, hash) = try database.write { db -> (APIKey?, String?) in
            try Self.checkPerson(db, person)
            try db.execute(
                "UPDATE api_keys SET person_id = ? WHERE id = ?",
                [person.map(SQLiteValue.integer) ?? .null, id]
            )
            let row = try db.queryOne("SELECT * FROM api_keys WHERE id = ?", [id])
            return (try row.map(APIKey.init(row:)), try row?.get("hash", as: String.self))
        }
        guard let key, let hash else { throw DomainError.notFound("no API key with id \(id)") }
        cache.invalidate(hash)
        return key
    }

    static func checkPerson(_ db: Database, _ person: Int64?) throws {
        guard let person else { return }
        if try db.queryOne("SELECT 1 FROM people WHERE id = ?", [person]) == nil {
            throw DomainError.invalid(
                "the API key request is invalid",
                issues: [.init(field: "person", code: "not_found", message: "no people record has id \(person)")]
            )
        }
    }

    /// Revokes the key with `id`; revoking a revoked key changes nothing (DELETE is idempotent, RFC 9110 §9.2.2).
    /// - Returns: the key as it now is. - Throws: `DomainError.notFound` (404) when there is no such key.
    @discardableResult
    public func revoke(id: Int64) throws -> APIKey { try revoke(where: "id = ?", id, describe: "with id \(id)") }

    /// Revokes the key called `name`. - Throws: `DomainError.notFound` (404) when there is no such key.
    @discardableResult
    public func revoke(name: String) throws -> APIKey {
        try revoke(where: "name = ?", name, describe: "named '\(name)'")
    }

    private func revoke(where condition: String, _ value: some SQLiteBindable, describe: String) throws -> APIKey {
        let (key, hash) = try database.write { db -> (APIKey?, String?) in
            try db.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE \(condition) AND revoked_at IS NULL",
                [now(), value]
            )
            let row = try db.queryOne("SELECT * FROM api_keys WHERE \(condition)", [value])
            return (try row.map(APIKey.init(row:)), try row?.get("hash", as: String.self))
        }
        guard let key, let hash else { throw DomainError.notFound("no API key \(describe)") }
        cache.invalidate(hash)
        return key
    }

    /// The principal behind a bearer token, or nil when the key is unknown or revoked. Answers from the cache when
    /// it can and writes `last_used_at` at most once a minute per key.
    /// - Throws: `SQLiteError` when the database cannot be read.
    public func authenticate(_ token: Substring) throws -> Principal? {
        guard APIKeySecret.isWellFormed(token) else { return nil }
        let hash = APIKeySecret.hash(String(token))
        let now = now()
        let principal: Principal?
        if let cached = cache.lookup(hash, now: now) {
            principal = cached
        } else {
            let generation = cache.generation
            let key = try database.read { db in
                try db.queryOne(APIKey.self, "SELECT * FROM api_keys WHERE hash = ?", [hash])
            }
            principal = key.flatMap {
                $0.isRevoked ? nil : Principal(keyID: $0.id, name: $0.name, role: $0.role, personID: $0.personID)
            }
            let entry = APIKeyCache.Entry(principal: principal, fetchedAt: now, lastUsedAt: key?.lastUsedAt)
            cache.store(hash, entry, ifGeneration: generation)
        }
        if let principal, cache.claimTouch(hash, now: now) {
            // Best effort: a busy database must not fail the request over a usage timestamp.
            _ = try? database.write { db in
                try db.execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", [now, principal.keyID])
            }
        }
        return principal
    }
}

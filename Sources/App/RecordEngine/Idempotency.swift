import Foundation
import HTTPCore
import Storage

/// `Idempotency-Key` on POST: the first response is stored with the write, in the same transaction; a retry with
/// the same key and the same request gets that response again and creates nothing. Keys live 24 hours.
enum Idempotency {
    static func perform(
        _ request: Request,
        actor: String,
        database: DatabasePool,
        _ body: (Database) throws -> Response
    ) throws -> Response {
        guard let key = request.headers["Idempotency-Key"] else { return try database.write(body) }
        guard (1...255).contains(key.utf8.count) else {
            throw HTTPError(.badRequest, "Idempotency-Key must be 1 to 255 characters")
        }
        let fingerprint = String(FNV.hash(Array("\(request.method) \(request.path)\n".utf8) + request.body), radix: 16)
        return try database.write { db in
            try db.execute(
                "DELETE FROM idempotency_keys WHERE created_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day')"
            )
            if let row = try db.queryOne(
                "SELECT request_hash, status, location, etag, body FROM idempotency_keys WHERE actor = ? AND key = ?",
                [actor, key]
            ) {
                guard try row.get(0, as: String.self) == fingerprint else {
                    throw HTTPError(.unprocessableContent, "this Idempotency-Key was used for a different request")
                }
                var replay = Response.bytes(
                    try row.get(4, as: [UInt8].self),
                    contentType: JSON.contentType,
                    status: HTTPStatus(code: try row.get(1, as: Int.self))
                )
                if let location = try row.get(2, as: String?.self) { replay.headers["Location"] = location }
                if let etag = try row.get(3, as: String?.self) { replay.headers["ETag"] = etag }
                replay.headers["Idempotent-Replayed"] = "true"
                return replay
            }
            let response = try body(db)
            try db.execute(
                "INSERT INTO idempotency_keys (actor, key, request_hash, status, location, etag, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                [
                    actor, key, fingerprint, response.status.code, response.headers["Location"],
                    response.headers["ETag"], response.body,
                ]
            )
            return response
        }
    }
}

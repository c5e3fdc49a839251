import Foundation
import HTTPCore
import Storage

/// Webhooks: admins register `http://` URLs that receive a signed POST for each record event (created, updated,
/// deleted), optionally only for some collections and some events. The events are written to an outbox
/// (`webhook_outbox`) in the same transaction as the change (`ResourceStore.journal`), and `WebhookDispatcher`
/// delivers them in the background, retrying with backoff; each attempt is kept in `webhook_deliveries`.
///
/// One file, like every resource: fields, table (migration 86, with the outbox and the delivery log), hooks and the
/// routes `GET /api/v1/webhooks/{id}/deliveries` and `POST /api/v1/webhooks/{id}/deliveries/{delivery}/resend`.
enum Webhooks {
    /// The events a webhook may ask for, as they are named in deliveries.
    static let events = ["created", "updated", "deleted"]
    /// Longest URL accepted.
    static let maxURLLength = 2000

    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "webhooks",
            table: "webhooks",
            title: "Webhook",
            group: .restricted,
            fields: [
                Field(
                    "url",
                    .string,
                    required: true,
                    summary: "http://host[:port]/path the events are POSTed to (no https: put a TLS proxy in front)"
                ).length(8...maxURLLength),
                Field(
                    "collections",
                    .string,
                    summary:
                        "Comma-separated collections whose events are sent, e.g. 'projects,work-packages'; null: all"
                ).length(1...2000),
                Field(
                    "events",
                    .string,
                    summary: "Comma-separated events sent: created, updated, deleted; null: all"
                ).length(1...100),
                Field("active", .boolean, summary: "Whether events are queued for it").notNull().defaultSQL("1"),
                Field("secret", .string).hiddenColumn().notNull(),
            ],
            rules: { record, _ in issues(record) }
        )
        d.hooks.willWrite = { _, _, current, changes in
            if current == nil { changes["secret"] = .string(generateSecret()) }
            if changes["active"] == .null || (current == nil && changes["active"] == nil) {
                changes["active"] = current?["active"] ?? .bool(true)
            }
        }
        // Any write may make a webhook active: from here on, writes of this database queue events (the flag is
        // narrowed again, after the transaction, by `WebhookOutbox.refresh`).
        d.hooks.didWrite = { db, _, _ in
            WebhookOutbox.markActive(db.path)
            return false
        }
        d.hooks.revealOnCreate = { db, record in
            guard case .int(let id)? = record["id"],
                let secret = try db.scalar(String?.self, "SELECT secret FROM webhooks WHERE id = ?", [id])
            else { return [:] }
            return ["secret": .string(secret)]
        }
        d.indexes += SchemaSQL.listIndexes(d, since: 86)
        d.migrations = [
            Migration(
                version: 86,
                name: "webhooks: table, outbox and delivery log",
                sql: SchemaSQL.createTable(d, version: 86).sql! + WebhookOutbox.tablesSQL
            )
        ]
        d.routes = [
            ResourceRoute(.get, "deliveries", operation: deliveriesOperation) { try deliveries($0, $1) },
            ResourceRoute(.post, "deliveries/:delivery/resend", operation: resendOperation) { try resend($0, $1) },
        ]
        return d
    }

    /// 32 random bytes as hex: the HMAC key, shown once in the create response.
    static func generateSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let n = generator.next() as UInt64
            let hex = String(n, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The parts of an `http://` URL the dispatcher connects to, or nil when it is not one.
    struct Target: Equatable {
        var host: String
        var port: Int
        var path: String

        init?(_ url: String) {
            guard url.hasPrefix("http://") else { return nil }
            let rest = url.dropFirst(7)
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            var path = String(rest[authorityEnd...])
            if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
            if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
            guard !authority.isEmpty, !authority.contains("@"),
                path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f })
            else { return nil }
            if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
                guard let port = Int(authority[authority.index(after: colon)...]), (1...65535).contains(port) else {
                    return nil
                }
                host = String(authority[..<colon])
                self.port = port
            } else {
                host = String(authority)
                port = 80
            }
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty,
                host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "/") })
            else { return nil }
            self.path = path
        }
    }

    static func list(_ value: JSONValue?) -> [String]? {
        guard case .string(let text)? = value else { return nil }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func issues(_ record: [String: JSONValue]) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if case .string(let url)? = record["url"], Target(url) == nil {
            let message =
                url.lowercased().hasPrefix("https://")
                ? "https is not supported (Charter has no TLS client): use http:// to a local TLS-terminating proxy"
                : "expected an absolute http:// URL: http://host[:port]/path"
            issues.append(FieldIssue(field: "url", code: "format", message: message))
        }
        if let names = list(record["collections"]) {
            let known = Set(Catalog.definitions.map(\.collection)).subtracting(["webhooks"])
            let unknown = names.filter { !known.contains($0) }
            if !unknown.isEmpty {
                issues.append(
                    FieldIssue(
                        field: "collections",
                        code: "unknown",
                        message: "unknown collection(s) \(unknown.joined(separator: ", ")); known: "
                            + known.sorted().joined(separator: ", ")
                    )
                )
            }
        }
        if let names = list(record["events"]) {
            let unknown = names.filter { !events.contains($0) }
            if !unknown.isEmpty {
                issues.append(
                    FieldIssue(
                        field: "events",
                        code: "unknown",
                        message:
                            "unknown event(s) \(unknown.joined(separator: ", ")); expected created, updated, deleted"
                    )
                )
            }
        }
        return issues
    }

    // MARK: - Routes

    /// Most delivery attempts one `GET …/deliveries` returns (`limit`, default 50).
    static let maxDeliveriesPerPage = 500

    static func webhookID(_ request: Request) throws -> Int64 {
        let raw = request.parameters["id"] ?? ""
        guard let id = Int64(raw), id > 0 else { throw DomainError.notFound("webhook \(raw) does not exist") }
        return id
    }

    static func deliveries(_ request: Request, _ context: RouteContext) throws -> Response {
        let id = try webhookID(request)
        var limit = 50
        for (name, value) in request.query {
            guard name == "limit" else {
                throw HTTPError(.badRequest, "unknown parameter '\(name)'; deliveries take 'limit'")
            }
            guard let n = Int(value), (1...maxDeliveriesPerPage).contains(n) else {
                throw HTTPError(
                    .badRequest,
                    "limit must be an integer in 1...\(maxDeliveriesPerPage) (the most deliveries one page returns)"
                )
            }
            limit = n
        }
        return try context.database.read { db in
            guard try db.queryOne("SELECT 1 FROM webhooks WHERE id = ?", [id]) != nil else {
                throw DomainError.notFound("webhook \(id) does not exist")
            }
            var items: [JSONValue] = []
            try db.forEach(
                """
                SELECT d.id, o.event_id, o.collection, o.record_id, o.action, d.attempt, d.status, d.duration_ms,
                       d.error, d.at, o.state
                FROM webhook_deliveries d JOIN webhook_outbox o ON o.id = d.outbox_id
                WHERE o.webhook_id = ? ORDER BY d.id DESC LIMIT ?
                """,
                [id, Int64(limit)]
            ) { row in
                items.append(
                    .object([
                        "id": .int(try row.get(0, as: Int64.self)),
                        "eventId": .string(try row.get(1, as: String.self)),
                        "collection": .string(try row.get(2, as: String.self)),
                        "recordId": .int(try row.get(3, as: Int64.self)),
                        "event": .string(try row.get(4, as: String.self)),
                        "attempt": .int(try row.get(5, as: Int64.self)),
                        "status": try row.get(6, as: Int64?.self).map(JSONValue.int) ?? .null,
                        "durationMs": .int(try row.get(7, as: Int64.self)),
                        "error": try row.get(8, as: String?.self).map(JSONValue.string) ?? .null,
                        "at": .string(try row.get(9, as: String.self)),
                        "state": .string(try row.get(10, as: String.self)),
                    ])
                )
            }
            var writer = JSONWriter()
            writer.write(.object(["items": .array(items)]))
            return Response.bytes(writer.bytes, contentType: JSON.contentType)
        }
    }

    static func resend(_ request: Request, _ context: RouteContext) throws -> Response {
        let id = try webhookID(request)
        let raw = request.parameters["delivery"] ?? ""
        guard let delivery = Int64(raw), delivery > 0 else {
            throw DomainError.notFound("delivery \(raw) of webhook \(id) does not exist")
        }
        let now = Date().timeIntervalSince1970
        let event = try context.database.write { db -> String in
            guard
                let row = try db.queryOne(
                    "SELECT o.id, o.event_id FROM webhook_deliveries d JOIN webhook_outbox o ON o.id = d.outbox_id WHERE d.id = ? AND o.webhook_id = ?",
                    [delivery, id]
                )
            else { throw DomainError.notFound("delivery \(delivery) of webhook \(id) does not exist") }
            try db.execute(
                "UPDATE webhook_outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, retry_from = ?, lease_until = NULL WHERE id = ?",
                [now, now, try row.get(0, as: Int64.self)]
            )
            return try row.get(1, as: String.self)
        }
        WebhookDispatcher.wake(context.database.path)
        var writer = JSONWriter()
        writer.write(.object(["eventId": .string(event), "state": .string("pending")]))
        return Response.bytes(writer.bytes, contentType: JSON.contentType, status: .accepted)
    }

    static let deliveriesOperation: JSONValue = [
        "summary": "The webhook's delivery attempts, newest first",
        "description":
            "One item per attempt: the event (eventId, collection, recordId, event), the attempt number, the receiver's status (null when it could not be reached), durationMs, error, at, and the event's state (pending, delivered, dead).",
        "parameters": [
            [
                "name": "limit", "in": "query", "required": false,
                "schema": [
                    "type": "integer", "minimum": 1, "maximum": .int(Int64(maxDeliveriesPerPage)), "default": 50,
                ],
            ]
        ],
        // With the statuses every route can answer (401, 403 for keys below admin, 429, 503).
        "responses": OpenAPIDocument.responses(
            ["200": ["description": "The attempts", "content": ["application/json": ["schema": ["type": "object"]]]]],
            problems: ["BadRequest", "NotFound"]
        ),
    ]

    static let resendOperation: JSONValue = [
        "summary": "Send the delivery's event again",
        "description":
            "Puts the event back in the outbox as pending, due now, with its retry budget restarted; the answer is 202 and the attempt shows in the deliveries.",
        "parameters": [["name": "delivery", "in": "path", "required": true, "schema": ["type": "integer"]]],
        "responses": OpenAPIDocument.responses(
            ["202": ["description": "Queued", "content": ["application/json": ["schema": ["type": "object"]]]]],
            problems: ["NotFound"]
        ),
    ]
}

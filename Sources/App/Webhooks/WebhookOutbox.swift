import Foundation
import HTTPCore
import Storage

/// The webhook outbox: one row per event and webhook, written in the transaction of the change it reports, so an
/// event is queued exactly when its change commits and survives a restart until it is delivered or given up.
enum WebhookOutbox {
    /// The outbox and the delivery log (created with the `webhooks` table by migration 86).
    static let tablesSQL = """
        CREATE TABLE webhook_outbox (
            id INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            webhook_id INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
            collection TEXT NOT NULL,
            record_id INTEGER NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
            payload TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
            attempts INTEGER NOT NULL DEFAULT 0,
            retry_from REAL NOT NULL,
            next_attempt_at REAL NOT NULL,
            lease_until REAL,
            last_status INTEGER,
            last_error TEXT
        ) STRICT;
        CREATE INDEX webhook_outbox_due ON webhook_outbox (state, next_attempt_at);
        CREATE INDEX webhook_outbox_by_webhook ON webhook_outbox (webhook_id);
        CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY,
            outbox_id INTEGER NOT NULL REFERENCES webhook_outbox (id) ON DELETE CASCADE,
            attempt INTEGER NOT NULL,
            status INTEGER,
            duration_ms INTEGER NOT NULL,
            error TEXT,
            at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX webhook_deliveries_by_outbox ON webhook_deliveries (outbox_id);

        """

    /// Databases (by file path) that have, or may have, an active webhook. A write to any other pays nothing for
    /// webhooks. Widened by every webhook write inside its transaction (`markActive`), narrowed after it commits
    /// (`refresh`, under the writer, so no uncommitted webhook change can be missed) and at start-up.
    static let active = LockedValue<Set<String>>([])

    static func markActive(_ path: String) { _ = active.withLock { $0.insert(path) } }

    /// Reads whether `database` has an active webhook, holding the writer so no webhook write is in flight.
    static func refresh(_ database: DatabasePool) throws {
        try database.write { db in
            let any = try db.scalar(Int.self, "SELECT EXISTS (SELECT 1 FROM webhooks WHERE active = 1)")
            active.withLock {
                if any == 1 { $0.insert(db.path) } else { $0.remove(db.path) }
            }
        }
    }

    /// Queues `record`'s event for every active webhook whose filters match, in the caller's transaction.
    static func enqueue(_ db: Database, collection: String, record: Record, action: String) throws {
        guard collection != "webhooks", active.withLock({ $0.contains(db.path) }) else { return }
        let event: String
        switch action {
        case "create": event = "created"
        case "update": event = "updated"
        case "delete": event = "deleted"
        default: return
        }
        var writer = JSONWriter()
        writer.write(record.json())
        let payload = String(decoding: writer.bytes, as: UTF8.self)
        let now = Date().timeIntervalSince1970
        try db.execute(
            """
            INSERT INTO webhook_outbox (event_id, webhook_id, collection, record_id, action, payload, occurred_at,
                                        retry_from, next_attempt_at)
            SELECT lower(hex(randomblob(16))), id, ?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?5, ?5
            FROM webhooks
            WHERE active = 1
              AND (collections IS NULL OR instr(',' || replace(collections, ' ', '') || ',', ',' || ?1 || ',') > 0)
              AND (events IS NULL OR instr(',' || replace(events, ' ', '') || ',', ',' || ?3 || ',') > 0)
            """,
            [
                SQLiteValue.text(collection), SQLiteValue.integer(record.id), SQLiteValue.text(event),
                SQLiteValue.text(payload), SQLiteValue.double(now),
            ]
        )
    }
}

import Storage

/// Tables every resource shares: the change journal, per-collection change counters (list ETags), idempotency keys.
enum CoreSchema {
    static let migration = Migration(
        version: 3,
        name: "change journal, collection versions, idempotency keys",
        sql: """
            CREATE TABLE change_log (
                id INTEGER PRIMARY KEY,
                collection TEXT NOT NULL,
                record_id INTEGER NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
                actor TEXT NOT NULL,
                at TEXT NOT NULL,
                changes TEXT NOT NULL
            ) STRICT;
            CREATE INDEX change_log_record ON change_log (collection, record_id, id);
            CREATE TABLE collection_versions (
                collection TEXT PRIMARY KEY,
                version INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;
            CREATE TABLE idempotency_keys (
                actor TEXT NOT NULL,
                key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                status INTEGER NOT NULL,
                location TEXT,
                etag TEXT,
                body BLOB NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (actor, key)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
            """
    )
}

import Storage

/// The `api_keys` table (migration 2). Only the SHA-256 of a key is kept (`hash`); `prefix` is its first
/// characters, for people to tell keys apart. Revoking sets `revoked_at` and keeps the row, so a name is never
/// reused by accident and lists show what was revoked when.
enum APIKeySchema {
    static let migration = Migration(
        version: 2,
        name: "api keys",
        sql: """
            CREATE TABLE api_keys (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
                role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
                prefix TEXT NOT NULL CHECK (length(prefix) BETWEEN 8 AND 12),
                hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
                created_at TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at TEXT
            ) STRICT;
            """
    )
}

import Storage

/// Charter's schema, as the ordered list of migrations that builds it. Append only: a released migration is never
/// edited, a change is a new one. Tables are STRICT, with snake_case plural names.
public enum AppSchema {
    public static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "write probes",
            sql: """
                CREATE TABLE write_probes (
                    id INTEGER PRIMARY KEY,
                    token TEXT NOT NULL UNIQUE CHECK (length(token) BETWEEN 1 AND 128),
                    created_at TEXT NOT NULL
                ) STRICT;
                """
        ),
        Migration(
            version: 2,
            name: "api keys",
            // Only the SHA-256 of a key is kept (`hash`); `prefix` is its first characters, for people to tell keys
            // apart. Revoking sets `revoked_at` and keeps the row, so names are never reused by accident.
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
        ),
    ]

    public static let migrator = Migrator(migrations)
}

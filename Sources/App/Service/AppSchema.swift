import Storage

/// Charter's schema, as the ordered list of migrations that builds it. Append only: a released migration is never
/// edited, a change is a new one, numbered after the newest (the migrator applies versions above `user_version`).
/// Tables are STRICT, with snake_case plural names.
public enum AppSchema {
    public static let migrations: [Migration] =
        [
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
            APIKeySchema.migration,
            CoreSchema.migration,
            People.migration,
            CareerSchema.tables,
            CareerSchema.searchIndex,
        ] + ProjectSchema.migrations + [CareerSchema.searchIndexByRowid, ProjectSchema.sparseReferenceIndexes]

    public static let migrator = Migrator(migrations)
}

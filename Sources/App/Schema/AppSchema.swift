import Storage

/// Charter's schema, as the ordered list of migrations that builds it: the released ones (1 to 24, frozen text),
/// then the migrations each resource declares for its own table (`ResourceDefinition.migrations`, generated from
/// its fields). Append only: a released migration is never edited, a change is a new one, numbered after the
/// newest (the migrator applies versions above `user_version`). `MigrationPinTests` pins every text;
/// `SchemaConformanceTests` checks that the tables they build are the ones the declarations describe.
public enum AppSchema {
    public static let migrations: [Migration] =
        (ReleasedMigrations.all + Journal.migrations + ScheduleStore.migrations
        + Catalog.definitions.flatMap(\.migrations)).sorted {
            $0.version < $1.version
        }

    public static let migrator = Migrator(migrations)
}

import Storage

/// Working calendars: which weekdays are worked, which dates are holidays, which otherwise idle dates are worked.
/// One calendar is the default; a project may name its own (`projects.calendar`). The schedule counts durations
/// and lags in working days of the project's calendar (issue 12 builds the arithmetic on this declaration).
///
/// This file is the whole resource: fields and their rules, the table (generated, migration 28), its place
/// in projects (migration 29), the hooks. `Catalog` lists it; nothing else names it.
enum Calendars {
    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "calendars",
            table: "calendars",
            title: "Calendar",
            group: .projects,
            fields: [
                Field("name", .string, required: true, summary: "Unique name, e.g. 'Berlin office'").length(1...100)
                    .unique().searchable().sortable().substringFilter(),
                Field("description", .text).searchable(),
                Field(
                    "workingWeekdays",
                    .choices(weekdays),
                    summary: "Weekdays worked (mon … sun); Monday to Friday when left out"
                ).length(1...7).notNull().filterableByScan(),
                Field("holidays", .dates, summary: "Dates not worked although their weekday is (public holidays)")
                    .notNull().filterableByScan(),
                Field(
                    "workingDates",
                    .dates,
                    summary: "Dates worked although their weekday is not (a Saturday release, say)"
                ).notNull().filterableByScan(),
                Field(
                    "isDefault",
                    .boolean,
                    column: "is_default",
                    summary: "The calendar of projects that name none; setting it moves the default here"
                ).notNull().defaultSQL("0").filterableByScan(),
            ],
            rules: { record, _ in
                guard case .array(let holidays)? = record["holidays"],
                    case .array(let working)? = record["workingDates"]
                else { return [] }
                func texts(_ values: [JSONValue]) -> Set<String> {
                    Set(values.compactMap { if case .string(let s) = $0 { s } else { nil } })
                }
                let both = texts(holidays).intersection(texts(working)).sorted()
                guard !both.isEmpty else { return [] }
                return [
                    FieldIssue(
                        field: "workingDates",
                        code: "contradicts_holidays",
                        message: "\(both.joined(separator: ", ")) cannot be both a holiday and a working date"
                    )
                ]
            }
        )
        d.indexes = [TableIndex("calendars_one_default", on: ["is_default"], unique: true, where: "is_default = 1")]
        d.hooks.willWrite = { db, _, current, changes in
            for (name, empty) in [
                ("workingWeekdays", JSONValue.array(weekdays.prefix(5).map { .string($0) })),
                ("holidays", .array([])), ("workingDates", .array([])), ("isDefault", .bool(false)),
            ] where changes[name] == .null || (current == nil && changes[name] == nil) {
                changes[name] = current == nil ? empty : (current?[name] ?? empty)
            }
            // One default: making this one the default takes it from the other.
            if changes["isDefault"] == .bool(true), current?["isDefault"] != .bool(true) {
                let id: Int64 = if case .int(let i)? = current?["id"] { i } else { 0 }
                try db.execute("UPDATE calendars SET is_default = 0 WHERE is_default = 1 AND id <> ?", [id])
            }
        }
        // Its projects' stored schedules follow it (those on the default one too: the default may have moved).
        d.hooks.didWrite = { db, _, record in
            if case .int(let id)? = record["id"] { try ScheduleStore.invalidate(db, calendar: id, isDefault: true) }
            return false
        }
        d.hooks.willDelete = { db, record in
            if case .int(let id)? = record["id"] { try ScheduleStore.invalidate(db, calendar: id, isDefault: true) }
        }
        d.indexes += SchemaSQL.listIndexes(d, since: 36)
        d.substringIndexSince = 36
        d.searchPrefixesSince = 85
        d.migrations = [
            SchemaSQL.createTable(d, version: 28),
            SchemaSQL.additions(d, version: 36, name: "list indexes and substring index"),
            SchemaSQL.additions(d, version: 85, name: "prefix indexes for q="),
        ]
        return d
    }
}

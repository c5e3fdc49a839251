import HTTPCore
import Storage

/// Career profiles as a resource of the record engine. O*NET's occupations (codes `NN-NNNN.NN`) come only from
/// imports (`charter import onet`, `charter import profile`); custom profiles (an organisation's own roles, codes
/// like `ACME-0001.00`: two to eight capital letters, a dash, four digits, a dot, two digits) are records like any
/// other: `POST /api/v1/careers`, `PATCH`/`PUT`/`DELETE /api/v1/careers/{code}` with `If-Match`, the journal and
/// `/history`, `Idempotency-Key`, batches. A write to an O*NET profile is a 409.
///
/// Reads are the careers controller's own (`customReads`): `GET /api/v1/careers` is the engine's list (sort,
/// filters, `fields`, CSV, list ETags) or, with `q=`, a relevance-ranked search; `GET /api/v1/careers/{code}` is
/// the whole profile with its ratings, related occupations and the O*NET credit.
enum Careers {
    /// Any career code: O*NET's `NN-NNNN.NN`, or a custom profile's (which is all a request can create).
    static let code = #"^([0-9]{2}|[A-Z]{2,8})-[0-9]{4}\.[0-9]{2}$"#

    /// A list of an occupation's rows of `table`, as a JSON array of `column`, in `order` (which an index of the
    /// table serves after its code: no sort per row read).
    static func listSQL(_ table: String, _ column: String, order: String) -> String {
        "SELECT json_group_array(\(column)) FROM (SELECT \(column) FROM \(table) WHERE code = t.code ORDER BY \(order))"
    }

    static let definition: ResourceDefinition = {
        var d = ResourceDefinition(
            collection: "careers",
            table: "occupations",
            title: "Career profile",
            group: .careers,
            key: .natural("code"),
            fields: [
                Field(
                    "code",
                    .pattern(code, example: "ACME-0001.00"),
                    required: true,
                    summary: "O*NET-SOC code (15-1299.09) or, for a custom profile, one like ACME-0001.00"
                ).sortable(),
                Field("title", .string, required: true).length(1...200).sortable(),
                Field("titleKey", .string).hiddenColumn().notNull(),
                Field("description", .text, required: true).length(1...20_000).defaultSQL("''"),
                Field("jobZone", .integer, summary: "O*NET job zone: 1 (little preparation) to 5 (extensive)")
                    .range(1...5).filterableByScan(),
                // Careers are counted in a thousand or two: these filters read them all rather than keep an index each.
                Field("source", .string, summary: "Where the profile came from: an O*NET release, a page, custom")
                    .serverSet().notNull().filterableByScan(),
                Field("custom", .boolean, summary: "A custom profile (true) or O*NET's (false)").serverSet().notNull()
                    .defaultSQL("0").filterableByScan(),
                Field("hasFullProfile", .boolean, summary: "Whether tasks and ratings are there").serverSet()
                    .notNull().defaultSQL("0").filterableByScan(),
                Field.outside(
                    "titles",
                    .lines,
                    sql: listSQL("occupation_titles", "title", order: "kind, rank, id"),
                    summary: "Job titles, in rank order"
                ),
                Field.outside(
                    "tasks",
                    .lines,
                    sql: listSQL("occupation_tasks", "statement", order: "rank, id"),
                    summary: "Task statements, in rank order"
                ),
            ]
        )
        d.customReads = true
        d.searchKeptBy = "CareerIndexer"
        // The sorts end with the code (the key breaks ties), so their indexes do too.
        d.indexes = [
            TableIndex("occupations_title_key", on: ["title_key"]),
            TableIndex("occupations_job_zone", on: ["job_zone", "title"]),
            TableIndex("occupations_by_title", on: ["title", "code"], since: 48),
            TableIndex("occupations_by_created_at", on: ["created_at", "code"], since: 48),
            TableIndex("occupations_by_updated_at", on: ["updated_at", "code"], since: 48),
        ]
        d.migrations = [
            SchemaSQL.additions(d, version: 48, name: "list indexes"),
            // Tasks in rank order straight from an index (the titles' (code, kind, rank) index serves theirs).
            Migration(
                version: 49,
                name: "careers: tasks by rank",
                sql: "CREATE INDEX occupation_tasks_rank ON occupation_tasks (code, rank);\n"
            ),
            // A career page's titles are marked (an O*NET import removes them: issue 14), and every import records
            // who ran it.
            Migration(
                version: 57,
                name: "careers: page titles marked, importer journaled",
                sql: """
                    ALTER TABLE occupation_titles ADD COLUMN from_page INTEGER NOT NULL DEFAULT 0
                        CHECK (from_page IN (0, 1));
                    UPDATE occupation_titles SET from_page = 1 WHERE kind = 'reported'
                        AND code IN (SELECT target FROM onet_imports WHERE kind = 'profile')
                        AND code IN (SELECT code FROM occupations WHERE source GLOB 'imported from *');
                    ALTER TABLE onet_imports ADD COLUMN imported_by TEXT;
                    """
            ),
        ]
        d.hooks.willWrite = { db, _, current, changes in
            if let current {
                try requireCustom(current)
            } else {
                if case .string(let code)? = changes["code"], OnetCode.isValid(code) {
                    throw DomainError.invalid([
                        FieldIssue(
                            field: "code",
                            code: "reserved",
                            message:
                                "NN-NNNN.NN codes are O*NET's and come only by import; a custom profile's code looks like ACME-0001.00"
                        )
                    ])
                }
                if case .string(let code)? = changes["code"],
                    try db.queryOne("SELECT 1 FROM occupations WHERE code = ?", [code]) != nil
                {
                    throw DomainError.duplicate(field: "code", detail: "a career profile with code \(code) exists")
                }
                changes["source"] = .string("custom")
                changes["custom"] = .bool(true)
            }
            if case .string(let title)? = changes["title"] { changes["titleKey"] = .string(CareerText.titleKey(title)) }
        }
        d.hooks.storeOutside = { db, record, values in
            guard case .string(let code)? = record["code"] else { return }
            // null (or left out of a PUT) empties a list.
            func lines(_ name: String) -> [JSONValue]? {
                switch values[name] {
                case .array(let items)?: items
                case .null?: []
                default: nil
                }
            }
            if let titles = lines("titles") {
                try db.execute("DELETE FROM occupation_titles WHERE code = ?", [code])
                for case (let rank, .string(let title)) in titles.enumerated() {
                    try db.execute(
                        "INSERT INTO occupation_titles (code, kind, title, title_key, rank) VALUES (?, 'reported', ?, ?, ?)",
                        [code, title, CareerText.titleKey(title), rank + 1]
                    )
                }
            }
            if let tasks = lines("tasks") {
                try db.execute("DELETE FROM occupation_tasks WHERE code = ?", [code])
                for case (let rank, .string(let task)) in tasks.enumerated() {
                    try db.execute(
                        "INSERT INTO occupation_tasks (code, statement, type, rank) VALUES (?, ?, 'Core', ?)",
                        [code, task, rank + 1]
                    )
                }
            }
        }
        // The search row and `hasFullProfile` follow every write.
        d.hooks.didWrite = { db, _, record in
            guard case .string(let code)? = record["code"] else { return false }
            try CareerIndexer.refresh(db: db, codes: [code])
            return true
        }
        d.hooks.willDelete = { _, record in
            // (People name O*NET codes only, so nothing refers to a custom profile.)
            try requireCustom(record)
        }
        d.hooks.didDelete = { db, record in
            guard case .string(let code)? = record["code"] else { return }
            try db.execute("DELETE FROM occupations_fts WHERE code = ?", [code])
            try db.execute("DELETE FROM related_occupations WHERE related_code = ?", [code])
            try db.execute("DELETE FROM career_synonyms WHERE code = ?", [code])
        }
        return d
    }()

    /// O*NET's profiles change only by import: a 409 saying so.
    static func requireCustom(_ record: ResourceHooks.Values) throws {
        guard record["custom"] != .bool(true) else { return }
        let code = record["code"]?.compactText ?? "this profile"
        throw DomainError.conflict(
            "\(code) is an O*NET profile; it changes only by import (charter import onet or import profile)"
        )
    }
}

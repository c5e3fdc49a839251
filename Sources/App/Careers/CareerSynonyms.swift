import HTTPCore
import Storage

/// Words people search for an occupation by, beside O*NET's own titles: `devops engineer` for Software Developers,
/// `doctor` for the physicians. Two sources: `curated` rows come from the list Charter ships
/// (`CareerSeed.curatedTitles`, loaded on start when it changed), `admin` rows are added over the API
/// (`POST /api/v1/career-synonyms {"code": "15-1252.00", "title": "Golang developer"}`). Search reads both as job
/// titles of the occupation (an exact match ranks like one of O*NET's alternate titles); profiles do not list them.
enum CareerSynonyms {
    /// Whether the table is there: the embedded data is loaded into a database of any schema version (an upgrade
    /// test seeds version 22 before migrating it).
    static func exists(_ db: Database) throws -> Bool {
        try db.queryOne("SELECT 1 FROM sqlite_master WHERE name = 'career_synonyms'") != nil
    }

    /// Whether migration 57 is there (`occupation_titles.from_page`, `onet_imports.imported_by`).
    static func hasImportColumns(_ db: Database) throws -> Bool {
        try db.queryOne("SELECT 1 FROM pragma_table_info('onet_imports') WHERE name = 'imported_by'") != nil
    }

    static let definition: ResourceDefinition = {
        var d = ResourceDefinition(
            collection: "career-synonyms",
            table: "career_synonyms",
            title: "Career search synonym",
            group: .careers,
            fields: [
                Field(
                    "code",
                    .pattern(Careers.code, example: "15-1252.00"),
                    required: true,
                    summary: "The career the title finds"
                ).immutableAfterCreate(),
                Field("title", .string, required: true, summary: "A job title or word people search for").length(
                    1...200
                ).sortable(),
                Field("source", .string, summary: "curated (shipped with Charter) or admin (added over the API)")
                    .serverSet().notNull().filterableByScan(),
            ],
            rules: { record, db in
                guard case .string(let code)? = record["code"],
                    try db.queryOne("SELECT 1 FROM occupations WHERE code = ?", [code]) == nil
                else { return [] }
                return [
                    FieldIssue(
                        field: "code",
                        code: "not_found",
                        message: "no career has code \(code); see GET /api/v1/careers?q=…"
                    )
                ]
            }
        )
        d.uniqueTogether = [["code", "title"]]
        d.indexes += SchemaSQL.listIndexes(d, since: 55)
        d.migrations = [
            SchemaSQL.createTable(d, version: 55),
            // The curated list's fingerprint (with the search row format) last loaded: `CareerSeed.prepareSearch`.
            Migration(
                version: 56,
                name: "career search state",
                sql: """
                    CREATE TABLE career_search_state (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        curated TEXT NOT NULL
                    ) STRICT;
                    """
            ),
        ]
        d.hooks.willWrite = { _, _, current, changes in
            if current == nil { changes["source"] = .string("admin") }
        }
        // The occupation's search row follows every write (its version too: the search stamp moves).
        d.hooks.didWrite = { db, _, record in
            guard case .string(let code)? = record["code"] else { return false }
            try CareerIndexer.refresh(db: db, codes: [code])
            try CareerIndexer.touch(db: db, codes: [code])
            return false
        }
        d.hooks.didDelete = { db, record in
            guard case .string(let code)? = record["code"] else { return }
            try CareerIndexer.refresh(db: db, codes: [code])
            try CareerIndexer.touch(db: db, codes: [code])
        }
        return d
    }()
}

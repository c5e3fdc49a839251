import Storage

/// The career-profile tables (migrations 10, 11 and 23).
///
/// - `occupations`: one row per O*NET-SOC occupation (or custom profile), keyed by its code `NN-NNNN.NN`.
/// - `occupation_titles`, `occupation_tasks`, `occupation_elements`, `related_occupations`: what a profile lists,
///   each row owned by one occupation (`ON DELETE CASCADE`).
/// - `elements`, `scales`: O*NET's Content Model Reference and Scales Reference.
/// - `onet_imports`: one row per import that changed something, with the fingerprint of its input.
/// - `occupations_fts`: the FTS5 search index, one row per occupation under the occupation's own rowid (so a
///   search joins back by integer key without reading the indexed text), rebuilt by `CareerIndexer`.
///
/// Text columns that search compares exactly (`title_key`) hold `TitleKey.make(_:)` of the title.
enum CareerSchema {
    static let tables = Migration(
        version: 10,
        name: "career profiles: occupations, titles, tasks, elements, scales, related occupations, imports",
        sql: """
            CREATE TABLE occupations (
                code TEXT PRIMARY KEY,
                title TEXT NOT NULL CHECK (length(title) > 0),
                title_key TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                job_zone INTEGER CHECK (job_zone BETWEEN 1 AND 5),
                source TEXT NOT NULL,
                custom INTEGER NOT NULL DEFAULT 0 CHECK (custom IN (0, 1)),
                has_full_profile INTEGER NOT NULL DEFAULT 0 CHECK (has_full_profile IN (0, 1)),
                version INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CHECK (custom = 1 OR code GLOB '[0-9][0-9]-[0-9][0-9][0-9][0-9].[0-9][0-9]')
            ) STRICT;
            CREATE INDEX occupations_title_key ON occupations (title_key);
            CREATE INDEX occupations_job_zone ON occupations (job_zone, title);

            CREATE TABLE occupation_titles (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL REFERENCES occupations (code) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('alternate', 'reported')),
                title TEXT NOT NULL,
                title_key TEXT NOT NULL,
                short_title TEXT,
                shown_in_my_next_move INTEGER CHECK (shown_in_my_next_move IN (0, 1)),
                rank INTEGER
            ) STRICT;
            CREATE INDEX occupation_titles_code ON occupation_titles (code, kind, rank);
            CREATE INDEX occupation_titles_key ON occupation_titles (title_key);

            CREATE TABLE occupation_tasks (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL REFERENCES occupations (code) ON DELETE CASCADE,
                task_id INTEGER,
                statement TEXT NOT NULL,
                type TEXT CHECK (type IN ('Core', 'Supplemental')),
                importance REAL,
                rank INTEGER,
                source_date TEXT,
                UNIQUE (code, task_id)
            ) STRICT;

            CREATE TABLE elements (
                element_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT ''
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX elements_name ON elements (name COLLATE NOCASE);

            CREATE TABLE scales (
                scale_id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                minimum REAL NOT NULL,
                maximum REAL NOT NULL CHECK (maximum > minimum)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE occupation_elements (
                code TEXT NOT NULL REFERENCES occupations (code) ON DELETE CASCADE,
                domain TEXT NOT NULL CHECK (domain IN ('abilities', 'knowledge', 'skills')),
                element_id TEXT NOT NULL REFERENCES elements (element_id),
                importance REAL,
                level REAL,
                importance_score REAL CHECK (importance_score BETWEEN 0 AND 100),
                level_score REAL CHECK (level_score BETWEEN 0 AND 100),
                importance_suppress INTEGER CHECK (importance_suppress IN (0, 1)),
                level_suppress INTEGER CHECK (level_suppress IN (0, 1)),
                not_relevant INTEGER CHECK (not_relevant IN (0, 1)),
                rank INTEGER,
                source_date TEXT,
                PRIMARY KEY (code, domain, element_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX occupation_elements_importance ON occupation_elements (code, domain, importance DESC);
            CREATE INDEX occupation_elements_level ON occupation_elements (code, domain, level DESC);
            CREATE INDEX occupation_elements_element ON occupation_elements (element_id, code);

            CREATE TABLE related_occupations (
                code TEXT NOT NULL REFERENCES occupations (code) ON DELETE CASCADE,
                related_code TEXT NOT NULL,
                tier TEXT,
                rank INTEGER,
                PRIMARY KEY (code, related_code)
            ) STRICT, WITHOUT ROWID;

            CREATE TABLE onet_imports (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('onet', 'profile')),
                source TEXT NOT NULL,
                release TEXT,
                target TEXT,
                fingerprint TEXT NOT NULL,
                counts TEXT NOT NULL,
                imported_at TEXT NOT NULL
            ) STRICT;
            """
    )

    /// The search index. Columns in bm25 weight order: `title` > `job_titles` > `description` > `tasks`;
    /// `code` is stored, not indexed. `prefix` makes 2- and 3-character prefix queries index lookups.
    static let searchIndex = Migration(
        version: 11,
        name: "career search index (FTS5)",
        sql: """
            CREATE VIRTUAL TABLE occupations_fts USING fts5(
                code UNINDEXED, title, job_titles, description, tasks,
                tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
            );
            """
    )

    /// The search index again, with 4-character prefixes indexed too (a search box sends `proj`, `mana` per
    /// keystroke: an index lookup instead of a merge of every term with that prefix) and each row under its
    /// occupation's rowid. The search query per word went from ~140 to ~90 µs (`Benchmarks/careers.sh`).
    static let searchIndexByRowid = Migration(version: 23, name: "career search index by rowid, 4-character prefixes") {
        db in
        try db.execute(
            """
            DROP TABLE occupations_fts;
            CREATE VIRTUAL TABLE occupations_fts USING fts5(
                code UNINDEXED, title, job_titles, description, tasks,
                tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
            );
            """
        )
        try CareerIndexer.refresh(db: db, codes: nil)
    }
}

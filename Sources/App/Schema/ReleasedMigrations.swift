import Storage

/// The migrations released before resources declared their own tables (versions 1 to 24), as the exact SQL text
/// they ran. Frozen: `MigrationPinTests` pins each text, so an edit here (or to anything they once called) fails
/// the tests instead of silently rewriting what old databases replay. A schema change is a new migration: for a
/// resource's table, declared in the resource's own file (`ResourceDefinition.migrations`); for the other tables,
/// appended here.
///
/// The search-index triggers (`SearchIndex`) and the career index rebuild (`CareerIndexer`) were once spliced in
/// from live helpers; their text as released is inlined below.
enum ReleasedMigrations {
    static let all: [Migration] = [
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
        Migration(
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
        ),
        Migration(
            version: 4,
            name: "people",
            sql: """
                CREATE TABLE people (
                    id INTEGER PRIMARY KEY,
                    version INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    name TEXT NOT NULL,
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    title TEXT,
                    onet_code TEXT,
                    hourly_cost_rate INTEGER CHECK (hourly_cost_rate >= 0),
                    cost_currency TEXT
                ) STRICT;CREATE VIRTUAL TABLE people_fts USING fts5(name, title, content='people', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
                    INSERT INTO people_fts (rowid, name, title) VALUES (new.id, new.name, new.title);
                END;
                CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
                    INSERT INTO people_fts (people_fts, rowid, name, title) VALUES ('delete', old.id, old.name, old.title);
                END;
                CREATE TRIGGER people_fts_update AFTER UPDATE OF name, title ON people BEGIN
                    INSERT INTO people_fts (people_fts, rowid, name, title) VALUES ('delete', old.id, old.name, old.title);
                    INSERT INTO people_fts (rowid, name, title) VALUES (new.id, new.name, new.title);
                END;
                """
        ),
        Migration(
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
        ),
        Migration(
            version: 11,
            name: "career search index (FTS5)",
            sql: """
                CREATE VIRTUAL TABLE occupations_fts USING fts5(
                    code UNINDEXED, title, job_titles, description, tasks,
                    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
                );
                """
        ),
        Migration(
            version: 20,
            name: "projects, work packages, dependencies, milestones",
            sql: """
                CREATE TABLE projects (
                    id INTEGER PRIMARY KEY,
                    version INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    key TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    objectives TEXT,
                    scope_statement TEXT,
                    technologies TEXT,
                    systems TEXT,
                    information_specifications TEXT,
                    sponsor_id INTEGER REFERENCES people (id),
                    manager_id INTEGER REFERENCES people (id),
                    planned_start TEXT,
                    planned_finish TEXT,
                    funding_amount INTEGER,
                    funding_currency TEXT,
                    funding_source TEXT,
                    staffing_plan TEXT,
                    status TEXT NOT NULL,
                    tags TEXT
                ) STRICT;
                CREATE TABLE work_packages (
                    id INTEGER PRIMARY KEY,
                    version INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    project_id INTEGER NOT NULL REFERENCES projects (id),
                    parent_id INTEGER REFERENCES work_packages (id) ON DELETE CASCADE,
                    position INTEGER,
                    wbs_code TEXT,
                    name TEXT NOT NULL,
                    description TEXT,
                    planned_start TEXT,
                    planned_finish TEXT,
                    duration_days INTEGER,
                    estimated_effort_hours REAL,
                    planned_cost INTEGER,
                    actual_effort_hours REAL,
                    actual_cost INTEGER,
                    cost_currency TEXT,
                    percent_complete INTEGER,
                    assignee_id INTEGER REFERENCES people (id),
                    status TEXT NOT NULL
                ) STRICT;
                CREATE INDEX work_packages_tree ON work_packages (project_id, parent_id, position);
                CREATE INDEX work_packages_parent ON work_packages (parent_id);
                CREATE INDEX work_packages_assignee ON work_packages (assignee_id);
                CREATE TABLE dependencies (
                    id INTEGER PRIMARY KEY,
                    version INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    project_id INTEGER REFERENCES projects (id),
                    predecessor_id INTEGER NOT NULL REFERENCES work_packages (id) ON DELETE CASCADE,
                    successor_id INTEGER NOT NULL REFERENCES work_packages (id) ON DELETE CASCADE,
                    type TEXT NOT NULL CHECK (type IN ('FS', 'SS', 'FF', 'SF')),
                    lag_days INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (predecessor_id, successor_id)
                ) STRICT;
                CREATE INDEX dependencies_successor ON dependencies (successor_id);
                CREATE INDEX dependencies_project ON dependencies (project_id);
                CREATE TABLE milestones (
                    id INTEGER PRIMARY KEY,
                    version INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    project_id INTEGER NOT NULL REFERENCES projects (id),
                    name TEXT NOT NULL,
                    due_date TEXT NOT NULL,
                    baseline_date TEXT,
                    forecast_date TEXT,
                    achieved_date TEXT,
                    status TEXT NOT NULL
                ) STRICT;
                CREATE INDEX milestones_project ON milestones (project_id, due_date);CREATE VIRTUAL TABLE projects_fts USING fts5(name, objectives, content='projects', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER projects_fts_insert AFTER INSERT ON projects BEGIN
                    INSERT INTO projects_fts (rowid, name, objectives) VALUES (new.id, new.name, new.objectives);
                END;
                CREATE TRIGGER projects_fts_delete AFTER DELETE ON projects BEGIN
                    INSERT INTO projects_fts (projects_fts, rowid, name, objectives) VALUES ('delete', old.id, old.name, old.objectives);
                END;
                CREATE TRIGGER projects_fts_update AFTER UPDATE OF name, objectives ON projects BEGIN
                    INSERT INTO projects_fts (projects_fts, rowid, name, objectives) VALUES ('delete', old.id, old.name, old.objectives);
                    INSERT INTO projects_fts (rowid, name, objectives) VALUES (new.id, new.name, new.objectives);
                END;CREATE VIRTUAL TABLE work_packages_fts USING fts5(name, description, content='work_packages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER work_packages_fts_insert AFTER INSERT ON work_packages BEGIN
                    INSERT INTO work_packages_fts (rowid, name, description) VALUES (new.id, new.name, new.description);
                END;
                CREATE TRIGGER work_packages_fts_delete AFTER DELETE ON work_packages BEGIN
                    INSERT INTO work_packages_fts (work_packages_fts, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
                END;
                CREATE TRIGGER work_packages_fts_update AFTER UPDATE OF name, description ON work_packages BEGIN
                    INSERT INTO work_packages_fts (work_packages_fts, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
                    INSERT INTO work_packages_fts (rowid, name, description) VALUES (new.id, new.name, new.description);
                END;CREATE VIRTUAL TABLE milestones_fts USING fts5(name, content='milestones', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER milestones_fts_insert AFTER INSERT ON milestones BEGIN
                    INSERT INTO milestones_fts (rowid, name) VALUES (new.id, new.name);
                END;
                CREATE TRIGGER milestones_fts_delete AFTER DELETE ON milestones BEGIN
                    INSERT INTO milestones_fts (milestones_fts, rowid, name) VALUES ('delete', old.id, old.name);
                END;
                CREATE TRIGGER milestones_fts_update AFTER UPDATE OF name ON milestones BEGIN
                    INSERT INTO milestones_fts (milestones_fts, rowid, name) VALUES ('delete', old.id, old.name);
                    INSERT INTO milestones_fts (rowid, name) VALUES (new.id, new.name);
                END;
                """
        ),
        Migration(
            version: 21,
            name: "deliverables, work packages lead to milestones",
            sql: """
                CREATE TABLE deliverables (
                    id INTEGER PRIMARY KEY,
                    version INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    project_id INTEGER NOT NULL REFERENCES projects (id),
                    name TEXT NOT NULL,
                    description TEXT,
                    acceptance_criteria TEXT,
                    milestone_id INTEGER REFERENCES milestones (id),
                    owner_id INTEGER REFERENCES people (id),
                    status TEXT NOT NULL,
                    submitted_by_id INTEGER REFERENCES people (id),
                    reviewer_id INTEGER REFERENCES people (id),
                    review_comments TEXT,
                    submitted_at TEXT,
                    reviewed_at TEXT
                ) STRICT;
                CREATE INDEX deliverables_project ON deliverables (project_id);
                ALTER TABLE work_packages ADD COLUMN milestone_id INTEGER REFERENCES milestones (id);
                CREATE INDEX work_packages_milestone ON work_packages (milestone_id);CREATE VIRTUAL TABLE deliverables_fts USING fts5(name, description, content='deliverables', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER deliverables_fts_insert AFTER INSERT ON deliverables BEGIN
                    INSERT INTO deliverables_fts (rowid, name, description) VALUES (new.id, new.name, new.description);
                END;
                CREATE TRIGGER deliverables_fts_delete AFTER DELETE ON deliverables BEGIN
                    INSERT INTO deliverables_fts (deliverables_fts, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
                END;
                CREATE TRIGGER deliverables_fts_update AFTER UPDATE OF name, description ON deliverables BEGIN
                    INSERT INTO deliverables_fts (deliverables_fts, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
                    INSERT INTO deliverables_fts (rowid, name, description) VALUES (new.id, new.name, new.description);
                END;
                """
        ),
        Migration(
            version: 22,
            name: "work packages: sortable WBS path and leaf flag",
            sql: """
                ALTER TABLE work_packages ADD COLUMN wbs_path TEXT;
                ALTER TABLE work_packages ADD COLUMN is_leaf INTEGER NOT NULL DEFAULT 1;
                WITH RECURSIVE tree(id, path) AS (
                    SELECT id, printf('%07d', position) FROM work_packages WHERE parent_id IS NULL
                    UNION ALL
                    SELECT w.id, tree.path || '.' || printf('%07d', w.position) FROM work_packages w JOIN tree ON w.parent_id = tree.id
                )
                UPDATE work_packages SET wbs_path = (SELECT path FROM tree WHERE tree.id = work_packages.id);
                UPDATE work_packages SET is_leaf = NOT EXISTS (SELECT 1 FROM work_packages k WHERE k.parent_id = work_packages.id);
                CREATE INDEX work_packages_path ON work_packages (project_id, wbs_path);
                CREATE INDEX work_packages_leaves ON work_packages (
                    project_id, is_leaf, wbs_path, planned_start, planned_finish, estimated_effort_hours, planned_cost,
                    actual_effort_hours, actual_cost, percent_complete
                );
                """
        ),
        Migration(
            version: 23,
            name: "career search index by rowid, 4-character prefixes",
            sql: """
                DROP TABLE occupations_fts;
                CREATE VIRTUAL TABLE occupations_fts USING fts5(
                    code UNINDEXED, title, job_titles, description, tasks,
                    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
                );
                UPDATE occupations SET
                    has_full_profile = (EXISTS (SELECT 1 FROM occupation_tasks t WHERE t.code = occupations.code)
                        AND EXISTS (SELECT 1 FROM occupation_elements e WHERE e.code = occupations.code)),
                    version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                WHERE has_full_profile != (EXISTS (SELECT 1 FROM occupation_tasks t WHERE t.code = occupations.code)
                    AND EXISTS (SELECT 1 FROM occupation_elements e WHERE e.code = occupations.code));
                INSERT INTO occupations_fts (rowid, code, title, job_titles, description, tasks)
                SELECT o.rowid, o.code, o.title,
                    (SELECT group_concat(title, ' | ') FROM occupation_titles t WHERE t.code = o.code),
                    o.description,
                    (SELECT group_concat(statement, ' | ') FROM occupation_tasks k WHERE k.code = o.code)
                FROM occupations o;
                """
        ),
        Migration(
            version: 24,
            name: "work packages: partial indexes on assignee and milestone",
            sql: """
                DROP INDEX work_packages_assignee;
                CREATE INDEX work_packages_assignee ON work_packages (assignee_id) WHERE assignee_id IS NOT NULL;
                DROP INDEX work_packages_milestone;
                CREATE INDEX work_packages_milestone ON work_packages (milestone_id) WHERE milestone_id IS NOT NULL;
                """
        ),
        Migration(
            version: 27,
            name: "api keys act for a person; the journal records the person",
            sql: """
                ALTER TABLE api_keys ADD COLUMN person_id INTEGER REFERENCES people (id) ON DELETE SET NULL;
                CREATE INDEX api_keys_person ON api_keys (person_id) WHERE person_id IS NOT NULL;
                ALTER TABLE change_log ADD COLUMN person_id INTEGER;
                """
        ),
    ]
}

import Storage

/// The project-tracking tables (migrations 20–29).
enum ProjectSchema {
    static let migrations: [Migration] = [
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
                CREATE INDEX milestones_project ON milestones (project_id, due_date);
                """ + SearchIndex.sql(table: "projects", columns: ["name", "objectives"])
                    + SearchIndex.sql(table: "work_packages", columns: ["name", "description"])
                    + SearchIndex.sql(table: "milestones", columns: ["name"])
        ),
        Deliverables.migration,
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
    ]

    /// Optional references are mostly empty when a work package is created (no assignee, no milestone yet), and an
    /// index entry for NULL costs a page write per insert for nothing: the reference checks ask `= ?`, which a
    /// partial index `WHERE … IS NOT NULL` answers. Two of the 14 pages a work-package insert wrote.
    static let sparseReferenceIndexes = Migration(
        version: 24,
        name: "work packages: partial indexes on assignee and milestone",
        sql: """
            DROP INDEX work_packages_assignee;
            CREATE INDEX work_packages_assignee ON work_packages (assignee_id) WHERE assignee_id IS NOT NULL;
            DROP INDEX work_packages_milestone;
            CREATE INDEX work_packages_milestone ON work_packages (milestone_id) WHERE milestone_id IS NOT NULL;
            """
    )
}

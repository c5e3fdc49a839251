import HTTPCore
import Storage

/// Keeps the work breakdown structure consistent: same-project parents, no cycles, contiguous sibling positions
/// and WBS codes that follow them.
enum WBS {
    /// Before a write: the project never changes, a parent is in the same project and not inside the package.
    static func check(_ db: Database, _ current: ResourceHooks.Values?, _ changes: inout ResourceHooks.Values) throws {
        if let current, let project = changes["project"], project != current["project"] {
            throw HTTPError(.conflict, "a work package cannot move to another project; create it there instead")
        }
        if changes["status"] == .null { changes["status"] = current == nil ? .string("not_started") : nil }
        if current == nil, changes["status"] == nil { changes["status"] = .string("not_started") }
        guard case .int(let parent)? = changes["parent"] else { return }
        let project = changes["project"] ?? current?["project"] ?? .null
        let parentProject = try db.queryOne("SELECT project_id FROM work_packages WHERE id = ?", [parent]).map {
            try $0.get(0, as: Int64.self)
        }
        if let parentProject, case .int(let p) = project, parentProject != p {
            throw HTTPError(.conflict, "work package \(parent) belongs to project \(parentProject), not \(p)")
        }
        // Two indexed probes (predecessor: the UNIQUE index; successor: its own), not an OR that scans the table.
        let linked = try db.queryOne(
            """
            SELECT 1 WHERE EXISTS (SELECT 1 FROM dependencies WHERE predecessor_id = ?1)
                OR EXISTS (SELECT 1 FROM dependencies WHERE successor_id = ?1)
            """,
            [parent]
        )
        if linked != nil {
            throw HTTPError(
                .conflict,
                "work package \(parent) has dependencies; link its sub-packages instead before giving it children"
            )
        }
        if case .int(let id)? = current?["id"] {
            if id == parent { throw HTTPError(.conflict, "a work package cannot be its own parent") }
            let inside = try db.queryOne(
                """
                WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT w.id FROM work_packages w JOIN sub ON w.parent_id = sub.id)
                SELECT 1 FROM sub WHERE id = ?
                """,
                [id, parent]
            )
            if inside != nil {
                throw HTTPError(
                    .conflict,
                    "work package \(parent) is inside work package \(id): the move would make a cycle"
                )
            }
        }
    }

    /// After a write: appends a new package (the fast path: one UPDATE), or renumbers after a move or reorder.
    static func place(_ db: Database, _ previous: ResourceHooks.Values?, _ record: ResourceHooks.Values) throws {
        guard case .int(let id)? = record["id"], case .int(let project)? = record["project"] else { return }
        let parent = record["parent"] ?? .null
        let position = record["position"] ?? .null
        if previous == nil && position == .null {
            try db.execute(
                """
                UPDATE work_packages SET
                    position = coalesce((SELECT s.position FROM work_packages s WHERE s.project_id = ?1 AND s.parent_id IS ?2
                                ORDER BY s.position DESC LIMIT 1), 0) + 1
                WHERE id = ?3
                """,
                [project, Record.sqlite(parent), id]
            )
            // The code and the sortable path (zero-padded positions, for range scans in WBS order) follow the parent's.
            try db.execute(
                """
                UPDATE work_packages SET
                    wbs_code = coalesce((SELECT p.wbs_code || '.' FROM work_packages p WHERE p.id = ?2), '') || position,
                    wbs_path = coalesce((SELECT p.wbs_path || '.' FROM work_packages p WHERE p.id = ?2), '')
                        || printf('%07d', position)
                WHERE id = ?1
                """,
                [id, Record.sqlite(parent)]
            )
            if case .int(let p) = parent {
                try db.execute("UPDATE work_packages SET is_leaf = 0 WHERE id = ? AND is_leaf = 1", [p])
            }
            return
        }
        guard let previous else {
            return try renumber(db, project: project, parent: parent, moving: id, to: position)
        }
        let oldParent = previous["parent"] ?? .null
        guard oldParent != parent || previous["position"] != position else { return }
        if oldParent != parent { try normalize(db, project: project, parent: oldParent, moving: nil, to: nil) }
        try renumber(db, project: project, parent: parent, moving: id, to: position)
    }

    /// Makes the positions under `parent` contiguous (placing `moving` at `to`), then recomputes the codes.
    static func renumber(_ db: Database, project: Int64, parent: JSONValue, moving: Int64?, to: JSONValue?) throws {
        try normalize(db, project: project, parent: parent, moving: moving, to: to)
        try db.execute(
            """
            WITH RECURSIVE tree(id, code, path) AS (
                SELECT id, CAST(position AS TEXT), printf('%07d', position) FROM work_packages
                WHERE project_id = ?1 AND parent_id IS NULL
                UNION ALL
                SELECT w.id, tree.code || '.' || w.position, tree.path || '.' || printf('%07d', w.position)
                FROM work_packages w JOIN tree ON w.parent_id = tree.id
            )
            UPDATE work_packages SET
                wbs_code = (SELECT code FROM tree WHERE tree.id = work_packages.id),
                wbs_path = (SELECT path FROM tree WHERE tree.id = work_packages.id),
                is_leaf = NOT EXISTS (SELECT 1 FROM work_packages k WHERE k.parent_id = work_packages.id)
            WHERE project_id = ?1
            """,
            [project]
        )
    }

    static func normalize(_ db: Database, project: Int64, parent: JSONValue, moving: Int64?, to: JSONValue?) throws {
        var ids = try db.query(
            "SELECT id FROM work_packages WHERE project_id = ? AND parent_id IS ? ORDER BY position, id",
            [project, Record.sqlite(parent)]
        ).map { try $0.get(0, as: Int64.self) }
        if let moving, let index = ids.firstIndex(of: moving) {
            ids.remove(at: index)
            var target = ids.count
            if case .int(let p)? = to { target = max(0, min(ids.count, Int(p) - 1)) }
            ids.insert(moving, at: target)
        }
        for (i, id) in ids.enumerated() {
            try db.execute(
                "UPDATE work_packages SET position = ? WHERE id = ? AND position IS NOT ?",
                [i + 1, id, i + 1]
            )
        }
    }
}

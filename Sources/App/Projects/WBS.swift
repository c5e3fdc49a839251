import HTTPCore
import Storage

/// Keeps the work breakdown structure consistent: same-project parents, no cycles, contiguous sibling positions
/// and WBS codes that follow them.
enum WBS {
    /// Before a write: the project never changes, a parent is in the same project and not inside the package.
    static func check(_ db: Database, _ current: ResourceHooks.Values?, _ changes: inout ResourceHooks.Values) throws {
        if let current, let project = changes["project"], project != current["project"] {
            throw DomainError.conflict("a work package cannot move to another project; create it there instead")
        }
        if changes["status"] == .null { changes["status"] = current == nil ? .string("not_started") : nil }
        if current == nil, changes["status"] == nil { changes["status"] = .string("not_started") }
        let appends = current == nil && (changes["position"] ?? .null) == .null
        guard case .int(let parent)? = changes["parent"] else {
            if appends, case .int(let project)? = changes["project"] {
                try append(db, &changes, project: project, parent: nil)
            }
            return
        }
        let project = changes["project"] ?? current?["project"] ?? .null
        let parentRow = try db.queryOne(
            "SELECT project_id, wbs_code, wbs_path, is_leaf FROM work_packages WHERE id = ?",
            [parent]
        )
        // A parent of another project is refused by the reference rule (`within("project")`, 422).
        if let parentProject = try parentRow?.get(0, as: Int64.self), case .int(let p) = project, parentProject != p {
            return
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
            throw DomainError.conflict(
                "work package \(parent) has dependencies; link its sub-packages instead before giving it children"
            )
        }
        if case .int(let id)? = current?["id"] {
            if id == parent { throw DomainError.conflict("a work package cannot be its own parent") }
            let inside = try db.queryOne(
                """
                WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT w.id FROM work_packages w JOIN sub ON w.parent_id = sub.id)
                SELECT 1 FROM sub WHERE id = ?
                """,
                [id, parent]
            )
            if inside != nil {
                throw DomainError.conflict(
                    "work package \(parent) is inside work package \(id): the move would make a cycle"
                )
            }
        }
        if current?["parent"] != .int(parent) {
            try checkDepth(db, moving: current?["id"], under: parentRow.map { try $0.get(2, as: String?.self) } ?? nil)
        }
        if appends, let parentRow, case .int(let p) = project {
            let code = try parentRow.get(1, as: String?.self)
            let path = try parentRow.get(2, as: String?.self)
            let isLeaf = try parentRow.get(3, as: Bool.self)
            try append(db, &changes, project: p, parent: (parent, code ?? "", path ?? "", isLeaf))
        }
    }

    /// Refuses a package placed (created or moved) under the package whose `wbsPath` is `parentPath` when it, or the
    /// deepest package of the subtree it brings along, would end up below level `WorkPackages.maxDepth`: every
    /// package stores its whole path, so an unbounded depth made storage and renumbering quadratic in it (issue 16:
    /// 3,000 nested packages took the database from 36 to 206 MiB and one insert 2.3 s under the write lock). Two
    /// indexed reads: the parent's path is at hand, the subtree's deepest path is a range of `work_packages_path`.
    static func checkDepth(_ db: Database, moving: JSONValue?, under parentPath: String?) throws {
        guard let parentPath else { return }
        var height = 1
        if case .int(let id)? = moving,
            let row = try db.queryOne("SELECT project_id, wbs_path FROM work_packages WHERE id = ?", [id]),
            let path = try row.get(1, as: String?.self)
        {
            // Descendants' paths start with `path.` and sort before `path/` ('/' follows '.' in ASCII).
            let deepest = try db.queryOne(
                """
                SELECT max(length(wbs_path)) FROM work_packages
                WHERE project_id = ? AND wbs_path > ? AND wbs_path < ?
                """,
                [try row.get(0, as: Int64.self), path + ".", path + "/"]
            )
            if let longest = try deepest?.get(0, as: Int64?.self) {
                height += Int(longest - Int64(path.utf8.count)) / (pathSegmentLength + 1)
            }
        }
        let parentDepth = parentPath.utf8.split(separator: UInt8(ascii: ".")).count
        let depth = parentDepth + height
        guard depth > WorkPackages.maxDepth else { return }
        let what = height == 1 ? "the package" : "its deepest sub-package (\(height - 1) level(s) below it)"
        throw DomainError.invalid([
            FieldIssue(
                field: "parent",
                code: "too_deep",
                message:
                    "would put \(what) at level \(depth); a WBS is at most \(WorkPackages.maxDepth) levels deep: "
                    + "choose a parent at most \(WorkPackages.maxDepth - height) level(s) deep"
            )
        ])
    }

    /// Digits of one position in `wbsPath` (positions go up to 1,000,000).
    static let pathSegmentLength = 7

    /// A new package without a position goes after its last sibling. Its position, code and path are set here, so
    /// the INSERT writes the row complete (no UPDATE of the new row, no second read of it), and the parent stops
    /// being a leaf.
    static func append(
        _ db: Database,
        _ changes: inout ResourceHooks.Values,
        project: Int64,
        parent: (id: Int64, code: String, path: String, isLeaf: Bool)?
    ) throws {
        let last = try db.queryOne(
            """
            SELECT position FROM work_packages WHERE project_id = ? AND parent_id IS ? ORDER BY position DESC LIMIT 1
            """,
            [project, parent.map { SQLiteValue.integer($0.id) } ?? .null]
        )
        let position = (try last?.get(0, as: Int64?.self) ?? 0) + 1
        changes["position"] = .int(position)
        let padded = String(repeating: "0", count: max(0, 7 - String(position).count)) + String(position)
        if let parent {
            changes["wbsCode"] = .string(parent.code + "." + String(position))
            changes["wbsPath"] = .string(parent.path + "." + padded)
            if parent.isLeaf { try db.execute("UPDATE work_packages SET is_leaf = 0 WHERE id = ?", [parent.id]) }
        } else {
            changes["wbsCode"] = .string(String(position))
            changes["wbsPath"] = .string(padded)
        }
    }

    /// After a write: renumbers after an insert at a given position, a move or a reorder (an append was placed by
    /// `check`). Returns whether it changed the record's row. Only what moves is rewritten: the siblings whose
    /// position changed and the package placed, with their subtrees, under the old parent and under the new one.
    static func place(_ db: Database, _ previous: ResourceHooks.Values?, _ record: ResourceHooks.Values) throws -> Bool
    {
        guard case .int(let id)? = record["id"], case .int(let project)? = record["project"] else { return false }
        let parent = record["parent"] ?? .null
        let position = record["position"] ?? .null
        if previous == nil, case .string? = record["wbsCode"] { return false }
        guard let previous else {
            try renumber(db, project: project, parent: parent, moving: id, to: position)
            return true
        }
        let oldParent = previous["parent"] ?? .null
        guard oldParent != parent || previous["position"] != position else { return false }
        if oldParent != parent { try renumber(db, project: project, parent: oldParent, moving: nil, to: nil) }
        try renumber(db, project: project, parent: parent, moving: id, to: position)
        return true
    }

    /// Makes the positions under `parent` contiguous (placing `moving` at `to`), then rewrites the codes and paths
    /// of the siblings whose position changed and of `moving` (new, or its row already holds the position it asked
    /// for), with their subtrees, and whether `parent` is a leaf. The rest of the project keeps its codes: each
    /// follows only from the positions on its path to the top, and those did not change.
    static func renumber(_ db: Database, project: Int64, parent: JSONValue, moving: Int64?, to: JSONValue?) throws {
        let placed = try normalize(db, project: project, parent: parent, moving: moving, to: to)
        var range = placed.changed
        if let at = placed.movingPosition {
            range = min(range?.lowerBound ?? at, at)...max(range?.upperBound ?? at, at)
        }
        var prefix = (code: "", path: "")
        if case .int(let parentID) = parent {
            // A parent with children is not a leaf; one whose last child left or was deleted is.
            let isLeaf = placed.ids.isEmpty
            try db.execute(
                "UPDATE work_packages SET is_leaf = ? WHERE id = ? AND is_leaf IS NOT ?",
                [isLeaf, parentID, isLeaf]
            )
            guard range != nil else { return }
            let row = try db.queryOne("SELECT wbs_code, wbs_path FROM work_packages WHERE id = ?", [parentID])
            prefix = (
                (try row?.get(0, as: String?.self) ?? "") + ".", (try row?.get(1, as: String?.self) ?? "") + "."
            )
        }
        guard let range else { return }
        try db.execute(
            """
            WITH RECURSIVE tree(id, code, path) AS (
                SELECT id, ?3 || position, ?4 || printf('%07d', position) FROM work_packages
                WHERE project_id = ?1 AND parent_id IS ?2 AND position BETWEEN ?5 AND ?6
                UNION ALL
                SELECT w.id, tree.code || '.' || w.position, tree.path || '.' || printf('%07d', w.position)
                FROM work_packages w JOIN tree ON w.parent_id = tree.id
            )
            UPDATE work_packages SET wbs_code = tree.code, wbs_path = tree.path
            FROM tree
            WHERE work_packages.id = tree.id
                AND (work_packages.wbs_code IS NOT tree.code OR work_packages.wbs_path IS NOT tree.path)
            """,
            [project, Record.sqlite(parent), prefix.code, prefix.path, range.lowerBound, range.upperBound]
        )
    }

    /// Positions 1…n under `parent` in their current order (ties by id), with `moving` taken out and put at `to`
    /// (clamped to the ends; the end when `to` is not a number). Writes only the positions that change.
    /// - Returns: the children in order, the positions that changed (nil: none), and where `moving` is.
    static func normalize(
        _ db: Database,
        project: Int64,
        parent: JSONValue,
        moving: Int64?,
        to: JSONValue?
    ) throws -> (ids: [Int64], changed: ClosedRange<Int64>?, movingPosition: Int64?) {
        var ids: [Int64] = []
        var stored: [Int64: Int64] = [:]
        try db.forEach(
            "SELECT id, position FROM work_packages WHERE project_id = ? AND parent_id IS ? ORDER BY position, id",
            [project, Record.sqlite(parent)]
        ) { row in
            let id = try row.get(0, as: Int64.self)
            ids.append(id)
            stored[id] = try row.get(1, as: Int64?.self)
        }
        var movingPosition: Int64?
        if let moving, let index = ids.firstIndex(of: moving) {
            ids.remove(at: index)
            var target = ids.count
            if case .int(let p)? = to { target = max(0, min(ids.count, Int(p) - 1)) }
            ids.insert(moving, at: target)
            movingPosition = Int64(target + 1)
        }
        var changed: ClosedRange<Int64>?
        for (i, id) in ids.enumerated() where stored[id] != Int64(i + 1) {
            let p = Int64(i + 1)
            changed = (changed?.lowerBound ?? p)...p
            try db.execute("UPDATE work_packages SET position = ? WHERE id = ?", [p, id])
        }
        return (ids, changed, movingPosition)
    }
}

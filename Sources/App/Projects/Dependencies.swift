import HTTPCore
import Storage

/// Dependencies between work packages of one project: finish-to-start (FS), start-to-start (SS),
/// finish-to-finish (FF), start-to-finish (SF), with a lag in days. They link leaf packages only, and never
/// make a cycle.
enum Dependencies {
    static var definition: ResourceDefinition {
        var d = ResourceDefinition(
            collection: "dependencies",
            table: "dependencies",
            title: "Dependency",
            group: .projects,
            fields: [
                Field(
                    "project",
                    .reference(collection: "projects"),
                    column: "project_id",
                    summary: "Set from the packages"
                )
                .serverSet().owner(),
                Field("predecessor", .reference(collection: "work-packages"), column: "predecessor_id", required: true)
                    .cascading(),
                Field("successor", .reference(collection: "work-packages"), column: "successor_id", required: true)
                    .cascading(),
                Field("type", .enumeration(["FS", "SS", "FF", "SF"]), summary: "Default FS").notNull()
                    .filterable(alongside: "project"),
                Field("lagDays", .integer, summary: "Days added to the link; negative for a lead").range(-3650...3650)
                    .notNull().defaultSQL("0").filterable(alongside: "project"),
            ]
        )
        d.uniqueTogether = [["predecessor_id", "successor_id"]]
        d.indexes = [
            TableIndex("dependencies_successor", on: ["successor_id"]),
            TableIndex("dependencies_project", on: ["project_id"]),
        ]
        d.indexes += SchemaSQL.listIndexes(d, since: 33)
        d.migrations = [SchemaSQL.additions(d, version: 33, name: "list indexes")]
        d.hooks.willWrite = { db, _, current, changes in try check(db, current, &changes) }
        d.hooks.didWrite = { db, _, record in
            try ScheduleStore.invalidate(db, owner: record)
            return false
        }
        d.hooks.didDelete = { db, record in try ScheduleStore.invalidate(db, owner: record) }
        return d
    }

    static func check(_ db: Database, _ current: ResourceHooks.Values?, _ changes: inout ResourceHooks.Values) throws {
        if changes["type"] == .null || (current == nil && changes["type"] == nil) {
            changes["type"] = current == nil ? .string("FS") : nil
        }
        if changes["lagDays"] == .null || (current == nil && changes["lagDays"] == nil) {
            changes["lagDays"] = current == nil ? .int(0) : nil
        }
        guard case .int(let from)? = changes["predecessor"] ?? current?["predecessor"],
            case .int(let to)? = changes["successor"] ?? current?["successor"]
        else { return }
        if from == to { throw DomainError.conflict("a work package cannot depend on itself") }
        let rows = try db.query("SELECT id, project_id FROM work_packages WHERE id IN (?, ?)", [from, to])
        var projects: [Int64: Int64] = [:]
        for row in rows { projects[try row.get(0, as: Int64.self)] = try row.get(1, as: Int64.self) }
        guard let p1 = projects[from], let p2 = projects[to] else { return }  // checkReferences reports the missing one
        guard p1 == p2 else {
            throw DomainError.conflict("work packages \(from) and \(to) belong to different projects")
        }
        changes["project"] = .int(p1)
        for id in [from, to] {
            if try db.queryOne("SELECT 1 FROM work_packages WHERE parent_id = ? LIMIT 1", [id]) != nil {
                throw DomainError.conflict("work package \(id) has sub-packages; link the leaf packages instead")
            }
        }
        let selfID: Int64 = if case .int(let i)? = current?["id"] { i } else { 0 }
        // A cycle appears when the predecessor is already reachable from the successor.
        let cycle = try db.queryOne(
            """
            WITH RECURSIVE reach(id) AS (
                SELECT ?1 UNION SELECT d.successor_id FROM dependencies d JOIN reach ON d.predecessor_id = reach.id WHERE d.id <> ?3
            )
            SELECT 1 FROM reach WHERE id = ?2 LIMIT 1
            """,
            [to, from, selfID]
        )
        if cycle != nil {
            throw DomainError.conflict(
                "work package \(to) already leads to \(from): this dependency would make a cycle"
            )
        }
    }
}

import Foundation
import HTTPCore
import Storage

/// The SQL behind every declared resource. Each method runs on a `Database` the caller already holds in a
/// transaction, so a request, or a whole batch, commits or rolls back as one.
struct ResourceStore: Sendable {
    let definition: ResourceDefinition
    let registry: ResourceRegistry

    private var table: String { definition.table }
    private var columns: String { definition.selectList }

    func find(_ db: Database, id: Int64) throws -> Record? {
        try db.queryOne(definition.selectByID, [SQLiteValue.integer(id)]).map {
            try Record(row: $0, definition: definition)
        }
    }

    func require(_ db: Database, id: Int64) throws -> Record {
        guard let record = try find(db, id: id) else {
            throw DomainError.notFound("\(definition.title.lowercased()) \(id) does not exist")
        }
        return record
    }

    /// The row handle of the record a path names (`/people/42`, `/careers/ACME-0001.00`), or a 404.
    func resolve(_ db: Database, _ raw: String) throws -> Int64 {
        guard definition.key != .serial else {
            guard let id = Int64(raw), id > 0 else {
                throw DomainError.notFound("\(definition.title.lowercased()) \(raw) does not exist")
            }
            return id
        }
        guard
            let row = try db.queryOne(
                "SELECT \(definition.handle) FROM \(table) t WHERE t.\(definition.keyColumn) = ?",
                [SQLiteValue.text(raw)]
            )
        else { throw DomainError.notFound("\(definition.title.lowercased()) \(raw) does not exist") }
        return try row.get(0, as: Int64.self)
    }

    /// The handle's column without the alias (`id`, `rowid`), for UPDATE and DELETE.
    private var handleColumn: String { String(definition.handle.dropFirst(2)) }

    /// "career profile ACME-0001.00", "person 42": how messages name a record.
    func describe(_ record: Record) -> String {
        "\(definition.title.lowercased()) \(record.keyText(definition))"
    }

    func list(_ db: Database, _ query: ListQuery, totals: TotalCounts) throws -> (records: [Record], total: Int?) {
        var records: [Record] = []
        let offset = Int64((query.page - 1) * query.perPage)
        // After a cursor over a nullable key, the page may continue from a second seek (into the NULLs).
        for segment in 0..<max(1, query.keysetSegments.count) where records.count < query.perPage {
            let sql = query.sql(definition, columns: columns, segment: segment)
            let (_, arguments) = query.whereClause(definition, segment: segment)
            let limit = SQLiteValue.integer(Int64(query.perPage - records.count))
            try db.forEach(sql, StatementArguments(arguments + [limit, SQLiteValue.integer(offset)])) { row in
                records.append(try Record(row: row, definition: definition))
            }
        }
        var total: Int?
        if !query.skipTotal {
            // Keyed by what the count depends on, read in this same snapshot: the filter, its arguments, the
            // counters of this collection and of those its derived fields read (and the date, where they use it).
            // The cursor's position is not part of it: a total counts the whole list.
            let (whereSQL, arguments) = query.whereClause(definition, keyset: false)
            var key = whereSQL + "|" + arguments.map { "\($0)" }.joined(separator: "\u{1F}")
            if definition.readsToday { key += "|" + ETags.today() }
            let stamp = try ETags.overCollections(db, [definition.collection] + definition.derivedReads, key: key)
            // Capped: counting stops after `totalLimit + 1` rows (the caller reports more as capped).
            total = try totals.count(key: key + stamp) {
                try db.scalar(
                    Int.self,
                    "SELECT count(*) FROM (SELECT 1 FROM \(query.fromClause(definition)) WHERE \(whereSQL) LIMIT ?)",
                    StatementArguments(arguments + [SQLiteValue.integer(Int64(query.totalLimit + 1))])
                )
            }
        }
        return (records, total)
    }

    /// Inserts a validated record: defaults and hooks, then the lifecycle, owner, reference and cross-field
    /// rules, the row, the journal and the collection's change counter, all in the caller's transaction.
    /// - Parameter readOnlyGiven: server-set and derived fields the body named; any non-null one is a 422.
    func create(
        _ db: Database,
        _ values: [String: JSONValue],
        readOnlyGiven: [String: JSONValue] = [:],
        actor: Actor
    ) throws -> Record {
        var values = values
        try definition.hooks.willWrite?(db, actor, nil, &values)
        try checkReadOnly(readOnlyGiven, current: nil, next: values)
        try definition.lifecycle?.check(nil, values)
        try checkOwners(db, values)
        try checkReferences(db, values, merged: values)
        let given = definition.fields.filter { values[$0.name] != nil && !$0.storedByHook }
        let arguments = given.map { Record.sqlite(values[$0.name]!) }
        let sql = definition.insertStatements.sql(for: given.map(\.column)) { columns in
            let names = ["version", "created_at", "updated_at"] + columns
            let marks =
                ["1", "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"]
                + columns.map { _ in "?" }
            return "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(marks.joined(separator: ", ")))"
        }
        try run(db) { try db.execute(sql, StatementArguments(arguments)) }
        var record = try require(db, id: db.lastInsertRowID)
        let outside = definition.fields.filter { $0.storedByHook && values[$0.name] != nil }
        if !outside.isEmpty, let store = definition.hooks.storeOutside {
            try store(db, record.values, values.filter { name, _ in outside.contains { $0.name == name } })
            record = try require(db, id: record.id)
        }
        if let didWrite = definition.hooks.didWrite, try didWrite(db, nil, record.values) {
            record = try require(db, id: record.id)
        }
        try checkRules(db, record.values)
        try journal(
            db,
            record,
            "create",
            actor,
            changes: (given + outside).filter { !$0.hidden }.map {
                ($0.name, JSONValue.null, record.values[$0.name] ?? .null)
            }
        )
        try bumpVersion(db)
        return record
    }

    /// Applies validated changes to record `id`; `ifMatch` is the client's precondition, when it sent one.
    /// - Parameter readOnlyGiven: server-set and derived fields the body named; each must equal the current value
    ///   (a GET's record may be sent back), else a 422.
    func update(
        _ db: Database,
        id: Int64,
        _ values: [String: JSONValue],
        readOnlyGiven: [String: JSONValue] = [:],
        ifMatch: [String]?,
        actor: Actor
    ) throws -> Record {
        let current = try require(db, id: id)
        try checkPrecondition(ifMatch, current)
        var values = values
        try definition.hooks.willWrite?(db, actor, current.values, &values)
        try checkReadOnly(readOnlyGiven, current: current.values, next: values)
        let changed = definition.fields.filter { f in
            values[f.name].map { !JSONValue.same($0, current.values[f.name] ?? .null) } ?? false
        }
        guard !changed.isEmpty else { return current }
        try checkImmutable(current, changed)
        try checkLifecycle(current, values)
        let merged = current.values.merging(values) { _, new in new }
        try checkOwners(db, current.values)
        try checkOwners(db, merged)
        try checkReferences(db, values, merged: merged)
        let sets =
            ["version = version + 1", "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"]
            + changed.filter { !$0.storedByHook }.map { "\($0.column) = ?" }
        try run(db) {
            try db.execute(
                "UPDATE \(table) SET \(sets.joined(separator: ", ")) WHERE \(handleColumn) = ?",
                StatementArguments(
                    changed.filter { !$0.storedByHook }.map { Record.sqlite(values[$0.name]!) }
                        + [SQLiteValue.integer(id)]
                )
            )
        }
        let outside = changed.filter(\.storedByHook)
        if !outside.isEmpty, let store = definition.hooks.storeOutside {
            try store(db, current.values, values.filter { name, _ in outside.contains { $0.name == name } })
        }
        var record = try require(db, id: id)
        if let didWrite = definition.hooks.didWrite, try didWrite(db, current.values, record.values) {
            record = try require(db, id: id)
        }
        try checkRules(db, record.values)
        try journal(
            db,
            record,
            "update",
            actor,
            changes: changed.filter { !$0.hidden }.map {
                ($0.name, current.values[$0.name] ?? .null, record.values[$0.name] ?? .null)
            }
        )
        try bumpVersion(db)
        return record
    }

    /// Deletes record `id` and, through `ON DELETE CASCADE`, what follows it; every removed record is journaled.
    func delete(_ db: Database, id: Int64, ifMatch: [String]?, actor: Actor) throws {
        let current = try require(db, id: id)
        try checkPrecondition(ifMatch, current)
        try checkOwners(db, current.values)
        try definition.hooks.willDelete?(db, current.values)
        try registry.checkNotReferenced(db, definition, id: id)
        let followers = try registry.cascade(db, from: definition, ids: [id])
        try db.execute("DELETE FROM \(table) WHERE \(handleColumn) = ?", [SQLiteValue.integer(id)])
        try definition.hooks.didDelete?(db, current.values)
        try journalDeletion(db, current, actor: actor)
        try bumpVersion(db)
        var bumped: Set<String> = [definition.collection]
        for (other, record) in followers {
            let store = registry.store(other)
            try store.journalDeletion(db, record, actor: actor)
            if bumped.insert(other.collection).inserted { try store.bumpVersion(db) }
        }
    }

    /// A `delete` entry: every stored field, from its last value to null.
    func journalDeletion(_ db: Database, _ record: Record, actor: Actor) throws {
        try journal(
            db,
            record,
            "delete",
            actor,
            changes: definition.fields.filter { ($0.expression == nil || $0.storedByHook) && !$0.hidden }.map {
                ($0.name, record.values[$0.name] ?? .null, .null)
            }
        )
    }

    /// RFC 9110 §13.1.1: `If-Match` with no current tag among its list fails with 412.
    func checkPrecondition(_ ifMatch: [String]?, _ record: Record) throws {
        guard let ifMatch else { return }
        if ifMatch.contains("*") || ifMatch.contains(where: { ETags.matchesVersion($0, record.version) }) { return }
        throw DomainError.preconditionFailed(
            "\(describe(record)) is at version \(record.version), not the one If-Match names; fetch it again",
            currentETag: record.etag
        )
    }

    /// Every reference must name an existing record, and one declared `within` a field must agree with this record
    /// on it (a deliverable's milestone in the deliverable's project): 422 listing each one that does not.
    /// - Parameters:
    ///   - values: the fields being written (only their references are checked).
    ///   - merged: the record as it will be stored, for the field a reference must agree on.
    func checkReferences(_ db: Database, _ values: [String: JSONValue], merged: [String: JSONValue]) throws {
        var issues: [FieldIssue] = []
        for field in definition.fields {
            guard let target = field.referencedCollection, let other = registry.definition(target) else { continue }
            // A reference must agree when either it or the field it agrees on changes.
            let scopeChanged = field.sameAs.map { values[$0] != nil } ?? false
            guard values[field.name] != nil || scopeChanged, case .int(let id)? = merged[field.name] else { continue }
            guard let scope = field.sameAs, let scopeField = other.field(scope), let own = merged[scope] else {
                let exists = try db.queryOne("SELECT 1 FROM \(other.table) WHERE id = ?", [SQLiteValue.integer(id)])
                if exists == nil {
                    issues.append(
                        FieldIssue(field: field.name, code: "not_found", message: "no \(target) record has id \(id)")
                    )
                }
                continue
            }
            guard
                let row = try db.queryOne(
                    "SELECT \(scopeField.column) FROM \(other.table) WHERE id = ?",
                    [SQLiteValue.integer(id)]
                )
            else {
                issues.append(
                    FieldIssue(field: field.name, code: "not_found", message: "no \(target) record has id \(id)")
                )
                continue
            }
            let theirs = Record.json(row[0], scopeField)
            if theirs != own {
                issues.append(
                    FieldIssue(
                        field: field.name,
                        code: "other_\(scope)",
                        message:
                            "\(target) \(id) belongs to \(scope) \(theirs.compactText), not \(own.compactText); refer to one of the same \(scope)"
                    )
                )
            }
        }
        if !issues.isEmpty {
            throw DomainError.invalid(
                "the body refers to records that do not exist or belong elsewhere",
                issues: issues
            )
        }
    }

    /// Runs a write, turning a unique-constraint violation into a 409 that names the field.
    private func run(_ db: Database, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as SQLiteError where error.isUniqueViolation {
            let column = error.message.split(separator: ".").last.map(String.init) ?? ""
            let name = definition.fields.first { $0.column == column }?.name ?? column
            throw DomainError.duplicate(
                field: name,
                detail: "another \(definition.title.lowercased()) already has this \(name)"
            )
        }
    }

    /// One journal entry. A record with a natural key is journaled under it (`record_key`), so its history
    /// survives the row handle being reused after a delete.
    func journal(
        _ db: Database,
        _ record: Record,
        _ action: String,
        _ actor: Actor,
        changes: [(String, JSONValue, JSONValue)]
    ) throws {
        let key: SQLiteValue =
            if definition.key == .serial { .null } else { Record.sqlite(record.key(definition)) }
        try db.execute(
            "INSERT INTO change_log (collection, record_id, record_key, action, actor, person_id, at, changes) VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?)",
            [
                SQLiteValue.text(definition.collection), SQLiteValue.integer(record.id), key, SQLiteValue.text(action),
                SQLiteValue.text(actor.name), actor.person.map(SQLiteValue.integer) ?? .null,
                SQLiteValue.text(Journal.encode(action: action, changes: changes)),
            ]
        )
        // The webhook events of this change, committed or rolled back with it (nothing when no webhook is active).
        try WebhookOutbox.enqueue(db, collection: definition.collection, record: record, action: action)
    }

    func bumpVersion(_ db: Database) throws { try Self.bumpVersion(db, collection: definition.collection) }

    /// Bumps a collection's change counter (which list ETags fold in): for writes outside the engine too, such as
    /// a career import.
    static func bumpVersion(_ db: Database, collection: String) throws {
        try db.execute(
            "INSERT INTO collection_versions (collection, version) VALUES (?, 1) ON CONFLICT (collection) DO UPDATE SET version = version + 1",
            [SQLiteValue.text(collection)]
        )
    }
}

/// Entity-tag comparison (RFC 9110 §8.8.3.2). A gzip variant's tag (`"3-gz"`) names the same version.
enum ETags {
    static func matches(_ candidate: String, _ current: String, weak: Bool) -> Bool {
        func opaque(_ tag: String) -> String? {
            var t = tag.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("W/") {
                guard weak else { return nil }
                t.removeFirst(2)
            }
            if t.hasSuffix("-gz\"") { t = String(t.dropLast(4)) + "\"" }
            return t
        }
        guard let a = opaque(candidate), let b = opaque(current) else { return false }
        return a == b
    }

    /// Whether `candidate`, from `If-Match`, names stored version `version` (strong comparison, RFC 9110
    /// §13.1.1): `"3"`, `"3.k2j9x"` (derived values the client saw, which a write does not depend on) and the gzip
    /// variant `"3-gz"` all name version 3; a weak tag never matches.
    static func matchesVersion(_ candidate: String, _ version: Int64) -> Bool {
        var t = Substring(candidate.trimmingCharacters(in: .whitespaces))
        guard t.hasPrefix("\""), t.hasSuffix("\""), t.count >= 2 else { return false }
        t = t.dropFirst().dropLast()
        if t.hasSuffix("-gz") { t = t.dropLast(3) }
        if let dot = t.firstIndex(of: ".") { t = t[..<dot] }
        return t == Substring(String(version))
    }

    /// Today's UTC date, for tags over data that depends on it.
    static func today() -> String {
        CivilDate.string(Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Whether the request's If-None-Match names `etag` (or `*`): then a GET is answered 304 (RFC 9110 §13.1.2,
    /// weak comparison).
    static func noneMatch(_ headers: HTTPHeaders, _ etag: String) -> Bool {
        guard let tags = list(headers, "If-None-Match") else { return false }
        return tags.contains { $0 == "*" || matches($0, etag, weak: true) }
    }

    /// A weak tag over the change counters of `collections` (each bumped by every write to it) and `key` (what
    /// else the representation depends on: query, media type, project).
    static func overCollections(_ db: Database, _ collections: [String], key: String) throws -> String {
        var key = key
        for c in collections {
            let v =
                try db.queryOne("SELECT version FROM collection_versions WHERE collection = ?", [c]).map {
                    try $0.get(0, as: Int64.self)
                } ?? 0
            key += "|\(c)=\(v)"
        }
        return "W/\"L\(String(FNV.hash(key), radix: 16))\""
    }

    /// The entity tags listed in an If-Match or If-None-Match header.
    static func list(_ headers: HTTPHeaders, _ name: String) -> [String]? {
        let values = headers.listValues(for: name).map(String.init)
        return values.isEmpty ? nil : values
    }
}

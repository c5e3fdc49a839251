import Storage

/// The declared rules every write goes through, whatever the resource: read-only fields, the lifecycle (legal
/// transitions, what each state requires and freezes), owners in a closed state, and cross-field rules.
extension ResourceStore {
    /// Server-set and derived fields named in a body must equal what the server stores (the current value, or
    /// the one the write's hooks set: a reviewer naming themselves), so a record read with GET can be sent back;
    /// anything else is a 422, where it used to be silently ignored.
    func checkReadOnly(
        _ given: [String: JSONValue],
        current: [String: JSONValue]?,
        next: [String: JSONValue]
    ) throws {
        let issues = given.keys.sorted().compactMap { name -> FieldIssue? in
            let value = given[name] ?? .null
            let now = next[name] ?? current?[name] ?? .null
            if JSONValue.same(value, now) || (current == nil && value == .null) { return nil }
            return FieldIssue(
                field: name,
                code: "read_only",
                message: "is set by the server (now \(now.compactText)); leave it out of the body"
            )
        }
        if !issues.isEmpty { throw DomainError.invalid(issues) }
    }

    /// Fields set on create only (and a natural key) cannot change: a 422 naming each.
    func checkImmutable(_ current: Record, _ changed: [Field]) throws {
        let issues = changed.filter { $0.immutable || ($0.name == definition.keyName && definition.key != .serial) }
            .map {
                FieldIssue(
                    field: $0.name,
                    code: "immutable",
                    message:
                        "is set when the \(definition.title.lowercased()) is created and cannot change (now \((current.values[$0.name] ?? .null).compactText))"
                )
            }
        if !issues.isEmpty { throw DomainError.invalid(issues) }
    }

    /// The lifecycle's transition rule and the fields its current state freezes.
    func checkLifecycle(_ current: Record, _ changes: [String: JSONValue]) throws {
        guard let lifecycle = definition.lifecycle else { return }
        try lifecycle.check(current.values, changes)
        let frozen = lifecycle.frozenChanges(current.values, changes)
        guard !frozen.isEmpty, let state = lifecycle.state(current.values) else { return }
        let what =
            lifecycle.frozen[state]?.contains("*") == true
            ? "it can no longer change" : "\(frozen.joined(separator: ", ")) can no longer change"
        throw DomainError.conflict(
            "\(describe(current)) is \(state): \(what)",
            issues: frozen.map {
                FieldIssue(field: $0, code: "frozen", message: "cannot change while \(lifecycle.field) is '\(state)'")
            }
        )
    }

    /// A record whose owner (a reference declared `owner()`) is in a closed state of the owner's lifecycle cannot
    /// be created, changed or deleted: 409 naming the owner and its state.
    func checkOwners(_ db: Database, _ values: [String: JSONValue]) throws {
        for field in definition.fields where field.isOwner {
            guard case .int(let id)? = values[field.name], let target = field.referencedCollection,
                let owner = registry.definition(target), let lifecycle = owner.lifecycle, !lifecycle.closed.isEmpty,
                let stateField = owner.field(lifecycle.field)
            else { continue }
            let state = try db.queryOne(
                "SELECT \(stateField.column) FROM \(owner.table) WHERE id = ?",
                [SQLiteValue.integer(id)]
            ).map { try $0.get(0, as: String?.self) }
            if let state = state ?? nil, lifecycle.closed.contains(state) {
                throw DomainError.conflict(
                    "\(owner.title.lowercased()) \(id) is \(state): its \(definition.collection) can no longer be created, changed or deleted",
                    issues: [FieldIssue(field: field.name, code: "closed", message: "\(target) \(id) is \(state)")]
                )
            }
        }
    }

    /// What the record's state requires, then the resource's cross-field rules, on the record as it will be
    /// committed; a broken rule rolls the write back (422 with every issue).
    func checkRules(_ db: Database, _ record: [String: JSONValue]) throws {
        var issues = definition.lifecycle?.missing(record) ?? []
        if let rules = definition.rules { issues += try rules(record, db) }
        if !issues.isEmpty { throw DomainError.invalid(issues) }
    }
}

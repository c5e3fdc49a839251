import Storage

/// What a career page import would change on its occupation, per section: rows added, changed, removed and kept
/// (list items compared by their text as `CareerText.titleKey` reads it; an edited item is one removed and one
/// added). `ProfileImporter` refuses, without `--replace`, a page that would remove more rows than it adds (a page
/// holding only its first lines would delete the occupation's tasks, abilities and knowledge) or whose career name
/// is not the occupation's title (`--code` putting one career's page onto another occupation).
struct PageDiff {
    struct Section {
        var name: String
        var added = 0
        var changed = 0
        var removed = 0
        var kept = 0
    }

    let code: String
    let pageName: String
    /// The occupation's title, nil when the page creates a custom profile.
    let occupationTitle: String?
    let titleMatches: Bool
    var sections: [Section] = []

    init(_ page: CareerPageText, code: String, db: Database) throws {
        self.code = code
        pageName = page.names.first ?? "(no career name)"
        let occupation = try db.queryOne("SELECT title, title_key, description FROM occupations WHERE code = ?", [code])
        occupationTitle = try occupation?.get(0, as: String.self)
        let key = try occupation?.get(1, as: String.self)
        titleMatches = key.map { key in page.names.contains { CareerText.titleKeyVariants($0).contains(key) } } ?? true
        var description = Section(name: "description")
        let old = try occupation?.get(2, as: String.self) ?? ""
        switch (old.isEmpty, page.description.isEmpty) {
        case (true, false): description.added = 1
        case (false, true): description.removed = 1
        case (false, false): if old == page.description { description.kept = 1 } else { description.changed = 1 }
        default: break
        }
        sections.append(description)
        func list(_ name: String, _ sql: String, _ arguments: StatementArguments, _ new: [String]) throws {
            let before = Set(try db.query(sql, arguments).map { CareerText.titleKey(try $0.get(0, as: String.self)) })
            let after = Set(new.map(CareerText.titleKey))
            sections.append(
                Section(
                    name: name,
                    added: after.subtracting(before).count,
                    removed: before.subtracting(after).count,
                    kept: after.intersection(before).count
                )
            )
        }
        try list(
            "job titles",
            "SELECT title FROM occupation_titles WHERE code = ? AND kind = 'reported'",
            [code],
            page.jobTitles
        )
        try list("tasks", "SELECT statement FROM occupation_tasks WHERE code = ?", [code], page.tasks)
        let elements = """
            SELECT e.name FROM occupation_elements oe JOIN elements e ON e.element_id = oe.element_id
            WHERE oe.code = ? AND oe.domain = ?
            """
        try list("abilities", elements, [code, "abilities"], page.abilities.map(\.name))
        try list("knowledge", elements, [code, "knowledge"], page.knowledge.map(\.name))
    }

    var added: Int { sections.reduce(0) { $0 + $1.added } }
    var removed: Int { sections.reduce(0) { $0 + $1.removed } }

    /// One line per section: `tasks: 1 added, 0 changed, 20 removed, 0 kept`.
    var lines: [String] {
        sections.map { "\($0.name): \($0.added) added, \($0.changed) changed, \($0.removed) removed, \($0.kept) kept" }
    }

    /// Why the import is refused (empty: it may go ahead).
    func refusals(replace: Bool) -> [String] {
        guard !replace else { return [] }
        var reasons = [String]()
        if !titleMatches, let occupationTitle {
            reasons.append("the page is about '\(pageName)' but \(code) is '\(occupationTitle)'")
        }
        if removed > added {
            let detail = sections.filter { $0.removed > 0 }.map { "\($0.removed) \($0.name)" }.joined(separator: ", ")
            reasons.append("it would remove \(removed) rows (\(detail)) and add only \(added)")
        }
        return reasons
    }
}

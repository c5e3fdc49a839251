import Storage

/// Keeps what is derived from a profile's rows current after an import: `occupations.has_full_profile` and the
/// `occupations_fts` search row. Importers call it inside their transaction, so readers never see an index out of
/// step with the data. A search row has its occupation's rowid.
///
/// The search row holds stems (`CareerSearchText`), not the text as written: `title` the title's, `job_titles`
/// each job title's (O*NET's alternate and reported titles, the curated and admins' synonyms of
/// `career_synonyms`) separated by ` | `, `description` and `tasks` without stop words.
enum CareerIndexer {
    /// What the search row holds; `CareerSearchState` rebuilds every row when a database's rows were written in
    /// another format (1: the words as written, before stems).
    static let format = 2

    /// Recomputes the derived data of `codes`, or of every occupation when `codes` is nil (a rebuild of the
    /// whole index: tens of milliseconds for the 1,016 occupations).
    static func refresh(db: Database, codes: [String]?) throws {
        // Lists of careers (and their ETags) follow imports as they follow the engine's writes.
        try ResourceStore.bumpVersion(db, collection: Careers.definition.collection)
        let fullProfile = """
            (EXISTS (SELECT 1 FROM occupation_tasks t WHERE t.code = occupations.code)
             AND EXISTS (SELECT 1 FROM occupation_elements e WHERE e.code = occupations.code))
            """
        let bump = "version = version + 1, updated_at = \(CareerText.now)"
        guard let codes else {
            try db.execute(
                "UPDATE occupations SET has_full_profile = \(fullProfile), \(bump) WHERE has_full_profile != \(fullProfile)"
            )
            try db.execute("DELETE FROM occupations_fts")
            try index(db: db, where: "", arguments: [])
            return
        }
        for code in codes {
            try db.execute(
                """
                UPDATE occupations SET has_full_profile = \(fullProfile), \(bump)
                WHERE code = ? AND has_full_profile != \(fullProfile)
                """,
                [code]
            )
            try db.execute("DELETE FROM occupations_fts WHERE code = ?", [code])
            try index(db: db, where: " WHERE o.code = ?", arguments: [.text(code)])
        }
    }

    /// Writes the search rows of the occupations `condition` selects (alias `o`).
    private static func index(db: Database, where condition: String, arguments: [SQLiteValue]) throws {
        let synonyms =
            try CareerSynonyms.exists(db) ? "UNION ALL SELECT title FROM career_synonyms s WHERE s.code = o.code" : ""
        let rows = try db.query(
            """
            SELECT o.rowid, o.code, o.title, o.description,
                (SELECT group_concat(title, char(31)) FROM (
                    SELECT title FROM occupation_titles t WHERE t.code = o.code \(synonyms))),
                (SELECT group_concat(statement, ' ') FROM occupation_tasks k WHERE k.code = o.code)
            FROM occupations o\(condition)
            """,
            StatementArguments(arguments)
        )
        let insert = try db.cachedStatement(
            "INSERT INTO occupations_fts (rowid, code, title, job_titles, description, tasks) VALUES (?, ?, ?, ?, ?, ?)"
        )
        for row in rows {
            let names = (try row.get(4, as: String?.self) ?? "").split(separator: "\u{1F}")
                .map { CareerSearchText.stems(String($0)).joined(separator: " ") }.filter { !$0.isEmpty }
            let rowid: Int64 = try row.get(0)
            let code: String = try row.get(1)
            let title = CareerSearchText.stems(try row.get(2)).joined(separator: " ")
            let description = CareerSearchText.contentStems(try row.get(3)).joined(separator: " ")
            let tasks = CareerSearchText.contentStems(try row.get(5, as: String?.self) ?? "").joined(separator: " ")
            try insert.execute([rowid, code, title, names.joined(separator: " | "), description, tasks])
        }
    }

    /// Marks `codes` as changed (`version + 1`, `updated_at`), for the ETags the API derives from `version`.
    static func touch(db: Database, codes: some Sequence<String>) throws {
        try ResourceStore.bumpVersion(db, collection: Careers.definition.collection)
        for code in codes {
            try db.execute(
                "UPDATE occupations SET version = version + 1, updated_at = \(CareerText.now) WHERE code = ?",
                [code]
            )
        }
    }
}

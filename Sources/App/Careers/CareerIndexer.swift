import Storage

/// Keeps what is derived from a profile's rows current after an import: `occupations.has_full_profile` and the
/// `occupations_fts` search row (title, job titles, description, tasks). Importers call it inside their
/// transaction, so readers never see an index out of step with the data. A search row has its occupation's rowid.
enum CareerIndexer {
    /// Recomputes the derived data of `codes`, or of every occupation when `codes` is nil (a rebuild of the
    /// whole index: one `DELETE` and one `INSERT … SELECT`, a few milliseconds for the 1,016 occupations).
    static func refresh(db: Database, codes: [String]?) throws {
        // Lists of careers (and their ETags) follow imports as they follow the engine's writes.
        try ResourceStore.bumpVersion(db, collection: Careers.definition.collection)
        let fullProfile = """
            (EXISTS (SELECT 1 FROM occupation_tasks t WHERE t.code = occupations.code)
             AND EXISTS (SELECT 1 FROM occupation_elements e WHERE e.code = occupations.code))
            """
        let bump = "version = version + 1, updated_at = \(CareerText.now)"
        let document = """
            INSERT INTO occupations_fts (rowid, code, title, job_titles, description, tasks)
            SELECT o.rowid, o.code, o.title,
                (SELECT group_concat(title, ' | ') FROM occupation_titles t WHERE t.code = o.code),
                o.description,
                (SELECT group_concat(statement, ' | ') FROM occupation_tasks k WHERE k.code = o.code)
            FROM occupations o
            """
        guard let codes else {
            try db.execute(
                "UPDATE occupations SET has_full_profile = \(fullProfile), \(bump) WHERE has_full_profile != \(fullProfile)"
            )
            try db.execute("DELETE FROM occupations_fts")
            try db.execute(document)
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
            try db.execute(document + " WHERE o.code = ?", [code])
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

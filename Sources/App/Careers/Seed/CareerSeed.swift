import Storage

/// The career data Charter ships: O*NET's occupation list (1,016 occupations) and the career page of
/// Information Technology Project Managers (15-1299.09), embedded as Swift string literals
/// (`Scripts/embed-career-data.sh` regenerates them and says why they are not SwiftPM resources).
///
/// A new database gets both on first start, so a fresh `charter serve` answers searches over every occupation
/// at once. Both contain information from O*NET by USDOL/ETA, used under the CC BY 4.0 license
/// (`CareerStore.credit`).
public enum CareerSeed {
    /// The release the embedded occupation list comes from.
    public static let release = "O*NET 30.0"

    /// Loads the embedded data when the `occupations` table is empty, in one transaction; otherwise does nothing.
    /// - Returns: The import reports (empty when the table already had rows).
    /// - Throws: `CareerImportError` or `SQLiteError` (nothing is written then).
    ///
    /// Either way the search index is brought up to date: the curated titles loaded when the list changed, every
    /// search row rebuilt when it was written in an older format (`prepareSearch`).
    @discardableResult
    public static func seedIfEmpty(_ pool: DatabasePool) throws -> [CareerImportReport] {
        let isEmpty = try pool.read { db in try db.queryOne("SELECT 1 FROM occupations LIMIT 1") == nil }
        let isCurrent = try pool.read { db in try searchIsCurrent(db) }
        if !isEmpty && isCurrent { return [] }
        return try pool.write { db in
            // Checked again on the writer: another process may have seeded between the read and the write.
            let reports = try db.queryOne("SELECT 1 FROM occupations LIMIT 1") == nil ? try seed(db) : []
            try prepareSearch(db)
            return reports
        }
    }

    /// The fingerprint of the curated list and the search row format, as `career_search_state` records it.
    static let searchFingerprint: String = {
        var digest = Fingerprint()
        digest.combine(curatedTitles.utf8)
        digest.combine(String(CareerIndexer.format).utf8)
        return digest.hex
    }()

    /// Whether the curated titles and search rows are current; true too for a database not yet migrated to the
    /// table that says so (it is prepared once migrated).
    static func searchIsCurrent(_ db: Database) throws -> Bool {
        guard try db.queryOne("SELECT 1 FROM sqlite_master WHERE name = 'career_search_state'") != nil else {
            return true
        }
        return try db.queryOne("SELECT curated FROM career_search_state WHERE id = 1").map {
            try $0.get(0, as: String.self)
        }
            == searchFingerprint
    }

    /// Loads the curated titles (when the list changed) and rebuilds every search row (when the list or the row
    /// format changed); every occupation's version goes up, so caches of other processes see the change.
    static func prepareSearch(_ db: Database) throws {
        guard try !searchIsCurrent(db) else { return }
        try db.execute("DELETE FROM career_synonyms WHERE source = 'curated'")
        try loadCurated(db)
        try CareerIndexer.refresh(db: db, codes: nil)
        try db.execute("UPDATE occupations SET version = version + 1, updated_at = \(CareerText.now)")
        try db.execute(
            "INSERT OR REPLACE INTO career_search_state (id, curated) VALUES (1, ?)",
            [searchFingerprint]
        )
    }

    /// Inserts the curated titles whose occupation is loaded (those already there are kept). An O*NET import calls
    /// it too, for the occupations it adds. - Returns: the codes that got a title.
    @discardableResult
    static func loadCurated(_ db: Database) throws -> Set<String> {
        guard try CareerSynonyms.exists(db) else { return [] }
        let insert = try db.cachedStatement(
            """
            INSERT OR IGNORE INTO career_synonyms (version, created_at, updated_at, code, title, source)
            SELECT 1, \(CareerText.now), \(CareerText.now), ?1, ?2, 'curated'
            WHERE EXISTS (SELECT 1 FROM occupations WHERE code = ?1)
            """
        )
        var codes = Set<String>()
        for line in curatedTitles.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            try insert.execute([String(parts[0]), String(parts[1])])
            if db.changes > 0 { codes.insert(String(parts[0])) }
        }
        return codes
    }

    /// Imports the embedded occupation list, then the embedded profile, inside the caller's transaction.
    static func seed(_ db: Database) throws -> [CareerImportReport] {
        let occupations = OnetDirectory(files: [
            (kind: .occupationData, name: "Occupation Data.txt", bytes: Array(occupationData.utf8))
        ])
        let list = try OnetImporter().run(occupations, source: release, origin: "embedded default", db: db)
        let profile = try ProfileImporter().run(
            bytes: Array(profileText.utf8),
            file: "it-project-managers.txt",
            db: db
        )
        return [list, profile]
    }
}

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
    @discardableResult
    public static func seedIfEmpty(_ pool: DatabasePool) throws -> [CareerImportReport] {
        let isEmpty = try pool.read { db in try db.queryOne("SELECT 1 FROM occupations LIMIT 1") == nil }
        guard isEmpty else { return [] }
        return try pool.write { db in
            // Checked again on the writer: another process may have seeded between the read and the write.
            guard try db.queryOne("SELECT 1 FROM occupations LIMIT 1") == nil else { return [] }
            return try seed(db)
        }
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

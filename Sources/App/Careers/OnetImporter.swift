import Storage

/// Imports the O*NET database text distribution (`charter import onet DIR`).
///
/// Everything happens in one transaction: a failed import (a missing column, an unreadable file, a constraint)
/// leaves the database as it was. Importing the same files as the last import writes nothing and says so.
/// Each file present replaces, for the occupations it lists, what that file provides (an occupation's tasks,
/// its alternate titles, its abilities, …); occupations and rows the input does not mention are kept, so an
/// imported career page survives an import of the occupation list alone.
///
/// ```swift
/// let report = try OnetImporter().importDirectory("/data/db_29_1_text", into: pool)
/// report.lines.forEach { print($0) }   // "Occupation Data.txt: 1016 occupations", …
/// ```
public struct OnetImporter {
    /// Called with `(file name, rows done, rows total)` every few thousand rows of a long file.
    public var progress: ((String, Int, Int) -> Void)?
    /// Overrides the release label found from the folder name (`db_29_1_text` → `O*NET 29.1`).
    public var release: String?
    /// Who imports, for the `onet_imports` journal (`cli:USER`).
    public var importedBy: String?

    public init(release: String? = nil, progress: ((String, Int, Int) -> Void)? = nil) {
        self.release = release
        self.progress = progress
    }

    /// Reads the known files of `path` and imports them.
    /// - Returns: The counts per file, or `unchanged` when the files are those of the last import.
    /// - Throws: `CareerImportError` (naming the file and column or line), `SQLiteError`.
    public func importDirectory(_ path: String, into pool: DatabasePool) throws -> CareerImportReport {
        let directory = try OnetDirectory(path: path)
        let label = release ?? OnetDirectory.release(fromFolder: path) ?? "imported from \(path)"
        return try pool.write { db in try run(directory, source: label, origin: path, db: db) }
    }

    /// Imports files already in memory, inside the caller's transaction (a savepoint when one is open).
    func run(_ directory: OnetDirectory, source: String, origin: String, db: Database) throws -> CareerImportReport {
        var report = CareerImportReport()
        report.source = source
        report.fingerprint = directory.fingerprint
        if try CareerImportLog.isRepeat(kind: "onet", fingerprint: report.fingerprint, target: nil, db: db) {
            report.unchanged = true
            return report
        }
        try db.savepoint { db in
            var session = try OnetImportSession(db: db, source: source, progress: progress)
            for file in directory.files {
                let table = try OnetTable(name: file.name, bytes: file.bytes)
                let (rows, what) = try session.load(file.kind, table)
                report.counts.append(.init(file: file.name, rows: rows, what: what))
            }
            for kind in directory.absent {
                let names = kind.nameSets.map { $0.joined(separator: " + ") }.joined(separator: " or ")
                report.notes.append("\(names): absent, skipped")
            }
            report.notes += session.notes
            // Occupations new to the database get their curated search titles.
            try CareerSeed.loadCurated(db)
            try CareerIndexer.touch(db: db, codes: session.replaced.intersection(session.initialCodes))
            try CareerIndexer.refresh(db: db, codes: nil)
            try CareerImportLog.record(
                kind: "onet",
                source: origin,
                release: source,
                target: nil,
                report: report,
                importedBy: importedBy,
                db: db
            )
        }
        return report
    }
}

/// The `onet_imports` log: what was imported when, and whether an input repeats the last one.
enum CareerImportLog {
    /// Whether the most recent import was of the same kind, target and fingerprint.
    static func isRepeat(kind: String, fingerprint: String, target: String?, db: Database) throws -> Bool {
        let last = try db.queryOne("SELECT kind, fingerprint, target FROM onet_imports ORDER BY id DESC LIMIT 1")
        guard let last else { return false }
        return try last.get("kind", as: String.self) == kind
            && last.get("fingerprint", as: String.self) == fingerprint
            && last.get("target", as: String?.self) == target
    }

    /// Appends a row for an import that wrote something.
    static func record(
        kind: String,
        source: String,
        release: String?,
        target: String?,
        report: CareerImportReport,
        importedBy: String? = nil,
        db: Database
    ) throws {
        guard try CareerSynonyms.hasImportColumns(db) else {
            try db.execute(
                """
                INSERT INTO onet_imports (kind, source, release, target, fingerprint, counts, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, \(CareerText.now))
                """,
                [kind, source, release, target, report.fingerprint, report.countsJSON]
            )
            return
        }
        try db.execute(
            """
            INSERT INTO onet_imports (kind, source, release, target, fingerprint, counts, imported_at, imported_by)
            VALUES (?, ?, ?, ?, ?, ?, \(CareerText.now), ?)
            """,
            [kind, source, release, target, report.fingerprint, report.countsJSON, importedBy]
        )
    }
}

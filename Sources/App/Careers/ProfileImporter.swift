import Foundation
import Storage

/// Imports a career profile in the plain-text career-page layout (`charter import profile FILE [--code CODE]`).
///
/// The occupation is found by `code`, else by the career name matched against the loaded occupation titles
/// (singular or plural). Its description, reported job titles, tasks, abilities ("should be good at") and
/// knowledge ("need to learn") are replaced by the file's, in one transaction; list order is kept as `rank`.
/// Abilities and knowledge carry no ratings here: importance and level stay null. Their element ids come from
/// the Content Model Reference when an element of that name is loaded, else `profile:<slug>`.
///
/// ```swift
/// let report = try ProfileImporter().importFile("it-project-managers.txt", into: pool)
/// ```
public struct ProfileImporter {
    /// The occupation code to attach the profile to (an O*NET code of the loaded list, or a custom profile's code:
    /// an existing custom profile is updated, a new one created); nil to resolve it from the career name.
    public var code: String?
    /// Write even when the page would remove more than it adds, or its career name is not the occupation's title
    /// (`--replace`, `?replace=true`). Without it those imports are refused (`CareerImportError.refused`).
    public var replace = false
    /// Work out and report what would change, write nothing (`--dry-run`, `?dryRun=true`).
    public var dryRun = false
    /// Who imports, for the `onet_imports` journal (`cli:USER`, `key:NAME`).
    public var importedBy: String?

    public init(code: String? = nil, replace: Bool = false, dryRun: Bool = false, importedBy: String? = nil) {
        self.code = code
        self.replace = replace
        self.dryRun = dryRun
        self.importedBy = importedBy
    }

    /// Reads and imports `path`. - Throws: `CareerImportError`, `SQLiteError`.
    public func importFile(_ path: String, into pool: DatabasePool) throws -> CareerImportReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CareerImportError.malformed(file: path, "cannot be read")
        }
        let name = (path as NSString).lastPathComponent
        return try pool.write { db in try run(bytes: [UInt8](data), file: name, db: db) }
    }

    /// Imports the file's bytes inside the caller's transaction. `file` names the source ("imported from FILE").
    func run(bytes: [UInt8], file: String, db: Database) throws -> CareerImportReport {
        let page = try CareerPageText(String(decoding: bytes, as: UTF8.self), file: file)
        let target = try resolve(page, db: db)
        var digest = Fingerprint()
        digest.combine(bytes)
        var report = CareerImportReport()
        report.source = "imported from \(file)"
        report.fingerprint = digest.hex
        if !dryRun,
            try CareerImportLog.isRepeat(kind: "profile", fingerprint: report.fingerprint, target: target, db: db)
        {
            report.unchanged = true
            return report
        }
        let diff = try PageDiff(page, code: target, db: db)
        report.changes = diff.lines
        if dryRun {
            report.dryRun = true
            report.notes = diff.refusals(replace: replace).map { "refused without --replace: " + $0 }
            return report
        }
        let refusals = diff.refusals(replace: replace)
        if !refusals.isEmpty { throw CareerImportError.refused(code: target, reasons: refusals) }
        try db.savepoint { db in
            try write(page, code: target, source: report.source, db: db)
            report.counts = [
                .init(file: file, rows: 1, what: "description (\(target))"),
                .init(file: file, rows: page.jobTitles.count, what: "job titles"),
                .init(file: file, rows: page.tasks.count, what: "tasks"),
                .init(file: file, rows: page.abilities.count, what: "abilities"),
                .init(file: file, rows: page.knowledge.count, what: "knowledge areas"),
            ]
            try CareerIndexer.refresh(db: db, codes: [target])
            try CareerImportLog.record(
                kind: "profile",
                source: file,
                release: nil,
                target: target,
                report: report,
                importedBy: importedBy,
                db: db
            )
        }
        return report
    }

    /// The code to write to: `code` when given (checked), else the occupation whose title matches a career name.
    private func resolve(_ page: CareerPageText, db: Database) throws -> String {
        if let code {
            // A custom profile's code: that profile, or a new one the page creates.
            if !OnetCode.isValid(code), code.range(of: Careers.code, options: .regularExpression) != nil {
                return code
            }
            guard OnetCode.isValid(code) else { throw CareerImportError.invalidCode(code) }
            // A page goes onto an occupation of the loaded O*NET list (custom profiles change by PUT and PATCH):
            // `?code=99-9999.99` made up an occupation O*NET does not have (issue 16).
            guard try db.queryOne("SELECT 1 FROM occupations WHERE code = ?", [code]) != nil else {
                throw CareerImportError.unknownCode(code)
            }
            return code
        }
        for name in page.names {
            let keys = CareerText.titleKeyVariants(name)
            let sql =
                "SELECT code FROM occupations WHERE title_key IN (\(keys.map { _ in "?" }.joined(separator: ", ")))"
            if let row = try db.queryOne(sql, StatementArguments(keys.map(SQLiteValue.text))) {
                return try row.get(0)
            }
        }
        throw CareerImportError.unknownOccupation(title: page.names.first ?? "(no career name in the file)")
    }

    private func write(_ page: CareerPageText, code: String, source: String, db: Database) throws {
        let title = page.names.first ?? code
        let custom = OnetCode.isValid(code) ? 0 : 1
        try db.execute(
            """
            INSERT INTO occupations (code, title, title_key, description, source, custom, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, \(CareerText.now), \(CareerText.now))
            ON CONFLICT (code) DO UPDATE SET description = ?4, source = ?5,
                version = version + 1, updated_at = \(CareerText.now)
            """,
            [code, title, CareerText.titleKey(title), page.description, source, custom]
        )
        try db.execute("DELETE FROM occupation_titles WHERE code = ? AND kind = 'reported'", [code])
        let marked = try CareerSynonyms.hasImportColumns(db)
        for (rank, jobTitle) in page.jobTitles.enumerated() {
            try db.execute(
                """
                INSERT INTO occupation_titles (code, kind, title, title_key, rank\(marked ? ", from_page" : ""))
                VALUES (?, 'reported', ?, ?, ?\(marked ? ", 1" : ""))
                """,
                [code, jobTitle, CareerText.titleKey(jobTitle), rank]
            )
        }
        try db.execute("DELETE FROM occupation_tasks WHERE code = ?", [code])
        for (rank, task) in page.tasks.enumerated() {
            try db.execute("INSERT INTO occupation_tasks (code, statement, rank) VALUES (?, ?, ?)", [code, task, rank])
        }
        try writeElements(page.abilities, domain: .abilities, code: code, db: db)
        try writeElements(page.knowledge, domain: .knowledge, code: code, db: db)
    }

    private func writeElements(
        _ items: [(name: String, description: String)],
        domain: ElementDomain,
        code: String,
        db: Database
    ) throws {
        try db.execute("DELETE FROM occupation_elements WHERE code = ? AND domain = ?", [code, domain.rawValue])
        for (rank, item) in items.enumerated() {
            let known = try db.queryOne(
                """
                SELECT element_id FROM elements WHERE name = ? COLLATE NOCASE
                ORDER BY element_id GLOB 'profile:*', element_id LIMIT 1
                """,
                [item.name]
            )
            let elementID = try known?.get(0, as: String.self) ?? CareerText.profileElementID(item.name)
            try db.execute(
                """
                INSERT INTO elements (element_id, name, description) VALUES (?1, ?2, ?3)
                ON CONFLICT (element_id) DO UPDATE SET description = ?3
                WHERE description = '' AND ?3 != ''
                """,
                [elementID, item.name, item.description]
            )
            try db.execute(
                "INSERT OR REPLACE INTO occupation_elements (code, domain, element_id, rank) VALUES (?, ?, ?, ?)",
                [code, domain.rawValue, elementID, rank]
            )
        }
    }
}

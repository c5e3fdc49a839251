import Storage

/// The state of one O*NET import while its files are loaded: the codes known so far, the scales' bounds, and
/// the occupations whose rows were replaced. Statements are prepared once per file and reused for every row.
struct OnetImportSession {
    let db: Database
    let source: String
    let progress: ((String, Int, Int) -> Void)?
    /// Occupation codes present in the database (and in this import's Occupation Data).
    var knownCodes: Set<String>
    /// Codes loaded before this import, and those whose rows this import replaced (their `version` goes up).
    let initialCodes: Set<String>
    var replaced = Set<String>()
    /// Occupations whose career-page rows this import removed (`clearPage`).
    var pageCleared = Set<String>()
    /// Rows naming an unknown occupation, per file, reported as notes.
    var skipped: [String: Int] = [:]
    /// Minimum and maximum of each scale (Scales Reference, else O*NET's published IM 1–5 and LV 0–7).
    var scaleBounds: [String: (minimum: Double, maximum: Double)] = ["IM": (1, 5), "LV": (0, 7)]

    init(db: Database, source: String, progress: ((String, Int, Int) -> Void)?) throws {
        self.db = db
        self.source = source
        self.progress = progress
        knownCodes = Set(try db.query("SELECT code FROM occupations").map { try $0.get(0, as: String.self) })
        initialCodes = knownCodes
        for row in try db.query("SELECT scale_id, minimum, maximum FROM scales") {
            scaleBounds[try row.get(0)] = (try row.get(1), try row.get(2))
        }
    }

    /// Remarks about skipped rows.
    var notes: [String] {
        skipped.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) rows skipped (occupation not loaded)" }
    }

    /// Loads one file. - Returns: rows written, and what they are ("occupations", "tasks", …).
    mutating func load(_ kind: OnetFile, _ table: OnetTable) throws -> (Int, String) {
        switch kind {
        case .occupationData: (try loadOccupations(table), "occupations")
        case .contentModel: (try loadContentModel(table), "elements")
        case .scales: (try loadScales(table), "scales")
        case .jobZones: (try loadJobZones(table), "job zones")
        case .taskStatements: (try loadTasks(table), "tasks")
        case .taskRatings: (try loadTaskRatings(table), "task importance ratings")
        case .alternateTitles: (try loadTitles(table, kind: "alternate"), "alternate titles")
        case .reportedTitles: (try loadTitles(table, kind: "reported"), "reported titles")
        case .abilities, .knowledge, .skills: (try loadElements(table, domain: kind.domain!), "rated elements")
        case .relatedOccupations: (try loadRelated(table), "related occupations")
        }
    }

    /// Calls `body` for each row, reporting progress on long files. Static, so `body` may mutate the session.
    static func eachRow(
        _ table: OnetTable,
        _ progress: ((String, Int, Int) -> Void)?,
        _ body: (_ line: Int, _ row: [String?]) throws -> Void
    ) throws {
        let total = table.rows.count
        for (index, row) in table.rows.enumerated() {
            do {
                try body(table.lines[index], row)
            } catch let error as CareerImportError {
                throw error
            } catch {
                throw CareerImportError.malformed(file: table.name, "\(error)", line: table.lines[index])
            }
            if let progress, (index + 1) % 5000 == 0 || (index + 1 == total && total >= 5000) {
                progress(table.name, index + 1, total)
            }
        }
    }

    /// O*NET wins over a career page: the first time a per-occupation file (tasks, titles, ratings, related
    /// occupations) lists an occupation, the rows an earlier page import wrote for it go (its titles, its tasks
    /// without an O*NET task ID, its elements without ratings), whichever sections the import brings. The
    /// occupation list alone (Occupation Data, Job Zones) leaves a page's rows alone.
    mutating func clearPage(_ code: String) throws {
        guard pageCleared.insert(code).inserted else { return }
        for sql in [
            "DELETE FROM occupation_titles WHERE code = ? AND from_page = 1",
            "DELETE FROM occupation_tasks WHERE code = ? AND task_id IS NULL",
            "DELETE FROM occupation_elements WHERE code = ? AND importance IS NULL AND level IS NULL",
        ] {
            try db.cachedStatement(sql).execute([code])
            if db.changes > 0 { replaced.insert(code) }
        }
    }

    /// Whether `code` is loaded; counts the row as skipped when it is not.
    mutating func isKnown(_ code: String, in table: OnetTable) -> Bool {
        if knownCodes.contains(code) { return true }
        skipped[table.name, default: 0] += 1
        return false
    }

    private mutating func loadOccupations(_ table: OnetTable) throws -> Int {
        let (code, title, description) = (
            try table.column("O*NET-SOC Code"), try table.column("Title"), try table.column("Description")
        )
        let upsert = try db.cachedStatement(
            """
            INSERT INTO occupations (code, title, title_key, description, source, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, \(CareerText.now), \(CareerText.now))
            ON CONFLICT (code) DO UPDATE SET title = ?2, title_key = ?3, description = ?4, source = ?5,
                version = version + 1, updated_at = \(CareerText.now)
            WHERE title IS NOT ?2 OR description IS NOT ?4 OR source IS NOT ?5
            """
        )
        var count = 0
        try Self.eachRow(table, progress) { line, row in
            guard let value = row[code], OnetCode.isValid(value) else {
                throw CareerImportError.malformed(file: table.name, "bad O*NET-SOC code", line: line)
            }
            guard let name = row[title] else {
                throw CareerImportError.malformed(file: table.name, "empty title", line: line)
            }
            try upsert.execute([value, name, CareerText.titleKey(name), row[description] ?? "", source])
            knownCodes.insert(value)
            count += 1
        }
        return count
    }

    private func loadContentModel(_ table: OnetTable) throws -> Int {
        let (id, name, description) = (
            try table.column("Element ID"), try table.column("Element Name"), try table.column("Description")
        )
        let upsert = try db.cachedStatement(
            """
            INSERT INTO elements (element_id, name, description) VALUES (?1, ?2, ?3)
            ON CONFLICT (element_id) DO UPDATE SET name = ?2, description = ?3
            WHERE name IS NOT ?2 OR description IS NOT ?3
            """
        )
        var count = 0
        try Self.eachRow(table, progress) { _, row in
            guard let elementID = row[id], let elementName = row[name] else { return }
            try upsert.execute([elementID, elementName, row[description] ?? ""])
            count += 1
        }
        return count
    }

    private mutating func loadScales(_ table: OnetTable) throws -> Int {
        let columns = (
            try table.column("Scale ID"), try table.column("Scale Name"),
            try table.column("Minimum"), try table.column("Maximum")
        )
        let upsert = try db.cachedStatement(
            """
            INSERT INTO scales (scale_id, name, minimum, maximum) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (scale_id) DO UPDATE SET name = ?2, minimum = ?3, maximum = ?4
            """
        )
        var count = 0
        var bounds = scaleBounds
        try Self.eachRow(table, progress) { line, row in
            guard let id = row[columns.0], let low = row[columns.2].flatMap(Double.init),
                let high = row[columns.3].flatMap(Double.init), high > low
            else { throw CareerImportError.malformed(file: table.name, "bad scale row", line: line) }
            try upsert.execute([id, row[columns.1] ?? id, low, high])
            bounds[id] = (low, high)
            count += 1
        }
        scaleBounds = bounds
        return count
    }

    private mutating func loadJobZones(_ table: OnetTable) throws -> Int {
        let (code, zone) = (try table.column("O*NET-SOC Code"), try table.column("Job Zone"))
        let update = try db.cachedStatement(
            """
            UPDATE occupations SET job_zone = ?2, version = version + 1, updated_at = \(CareerText.now)
            WHERE code = ?1 AND job_zone IS NOT ?2
            """
        )
        var count = 0
        try Self.eachRow(table, progress) { line, row in
            guard let value = row[code], isKnown(value, in: table) else { return }
            guard let number = row[zone].flatMap(Int.init), (1...5).contains(number) else {
                throw CareerImportError.malformed(file: table.name, "job zone must be 1–5", line: line)
            }
            try update.execute([value, number])
            count += 1
        }
        return count
    }
}

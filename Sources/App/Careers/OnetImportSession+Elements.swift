import Storage

/// Abilities, Knowledge and Skills: one row per (occupation, element, scale) in the file; paired here into one
/// row per (occupation, element) with importance (IM) and level (LV) side by side.
extension OnetImportSession {
    /// One element's ratings for one occupation, gathered from its IM and LV rows.
    private struct Rating {
        var code: String
        var elementID: String
        var importance: Double?
        var level: Double?
        var importanceSuppress: Bool?
        var levelSuppress: Bool?
        var notRelevant: Bool?
        var date: String?
    }

    mutating func loadElements(_ table: OnetTable, domain: ElementDomain) throws -> Int {
        let code = try table.column("O*NET-SOC Code")
        let (id, name) = (try table.column("Element ID"), try table.column("Element Name"))
        let (scale, value) = (try table.column("Scale ID"), try table.column("Data Value"))
        let suppress = table.optionalColumn("Recommend Suppress")
        let relevant = table.optionalColumn("Not Relevant")
        let date = table.optionalColumn("Date")
        let addElement = try db.cachedStatement(
            "INSERT INTO elements (element_id, name) VALUES (?, ?) ON CONFLICT (element_id) DO NOTHING"
        )
        var ratings = [Rating]()
        var positions = [String: Int]()
        try Self.eachRow(table, progress) { line, row in
            guard let occupation = row[code], isKnown(occupation, in: table) else { return }
            try clearPage(occupation)
            guard let elementID = row[id], let scaleID = row[scale] else {
                throw CareerImportError.malformed(
                    file: table.name,
                    "a rating needs an element and a scale",
                    line: line
                )
            }
            guard scaleID == "IM" || scaleID == "LV" else { return }
            if let elementName = row[name] { try addElement.execute([elementID, elementName]) }
            let key = occupation + "\t" + elementID
            let position = positions[key] ?? ratings.count
            if position == ratings.count {
                positions[key] = position
                ratings.append(Rating(code: occupation, elementID: elementID))
            }
            let number = row[value].flatMap(Double.init)
            let suppressed = suppress.flatMap { row[$0] }.map { $0.uppercased() == "Y" }
            if scaleID == "IM" {
                ratings[position].importance = number
                ratings[position].importanceSuppress = suppressed
            } else {
                ratings[position].level = number
                ratings[position].levelSuppress = suppressed
                ratings[position].notRelevant = relevant.flatMap { row[$0] }.map { $0.uppercased() == "Y" }
            }
            ratings[position].date = ratings[position].date ?? date.flatMap { row[$0] }
        }
        replaced.formUnion(try store(ratings, domain: domain))
        return ratings.count
    }

    /// Replaces each listed occupation's elements of `domain` with `ratings`, scoring them 0–100.
    /// - Returns: The codes whose elements were replaced.
    private func store(_ ratings: [Rating], domain: ElementDomain) throws -> Set<String> {
        let delete = try db.cachedStatement("DELETE FROM occupation_elements WHERE code = ? AND domain = ?")
        let insert = try db.cachedStatement(
            """
            INSERT OR REPLACE INTO occupation_elements (code, domain, element_id, importance, level,
                importance_score, level_score, importance_suppress, level_suppress, not_relevant, rank, source_date)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        var cleared = Set<String>()
        for (rank, rating) in ratings.enumerated() {
            if cleared.insert(rating.code).inserted { try delete.execute([rating.code, domain.rawValue]) }
            try insert.execute([
                rating.code, domain.rawValue, rating.elementID, rating.importance, rating.level,
                score(rating.importance, scale: "IM"), score(rating.level, scale: "LV"),
                rating.importanceSuppress, rating.levelSuppress, rating.notRelevant, rank, rating.date,
            ])
        }
        return cleared
    }

    /// `(value − min) / (max − min) × 100`, clamped to 0…100 and rounded to two decimals.
    func score(_ value: Double?, scale: String) -> Double? {
        guard let value, let bounds = scaleBounds[scale] else { return nil }
        let raw = (value - bounds.minimum) / (bounds.maximum - bounds.minimum) * 100
        return (min(100, max(0, raw)) * 100).rounded() / 100
    }
}

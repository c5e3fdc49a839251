import Storage

/// The per-occupation files: each replaces, for every occupation it lists, the rows of its kind.
extension OnetImportSession {
    /// Runs `clear` for a code the first time the file mentions it, so its old rows go before the new arrive.
    private static func clearOnce(_ code: String, _ cleared: inout Set<String>, _ clear: () throws -> Void) rethrows {
        if cleared.insert(code).inserted { try clear() }
    }

    mutating func loadTasks(_ table: OnetTable) throws -> Int {
        let code = try table.column("O*NET-SOC Code")
        let (id, task) = (try table.column("Task ID"), try table.column("Task"))
        let (type, date) = (table.optionalColumn("Task Type"), table.optionalColumn("Date"))
        let delete = try db.cachedStatement("DELETE FROM occupation_tasks WHERE code = ?")
        let insert = try db.cachedStatement(
            "INSERT INTO occupation_tasks (code, task_id, statement, type, rank, source_date) VALUES (?, ?, ?, ?, ?, ?)"
        )
        var cleared = Set<String>()
        var count = 0
        try Self.eachRow(table, progress) { line, row in
            guard let value = row[code], isKnown(value, in: table) else { return }
            try clearPage(value)
            guard let taskID = row[id].flatMap(Int.init), let statement = row[task] else {
                throw CareerImportError.malformed(
                    file: table.name,
                    "a task needs an ID and a statement",
                    line: line
                )
            }
            let taskType = type.flatMap { row[$0] }.flatMap { ["Core", "Supplemental"].contains($0) ? $0 : nil }
            try Self.clearOnce(value, &cleared) { try delete.execute([value]) }
            try insert.execute([value, taskID, statement, taskType, line, date.flatMap { row[$0] }])
            count += 1
        }
        replaced.formUnion(cleared)
        return count
    }

    mutating func loadTaskRatings(_ table: OnetTable) throws -> Int {
        let code = try table.column("O*NET-SOC Code")
        let (id, scale, value) = (
            try table.column("Task ID"), try table.column("Scale ID"), try table.column("Data Value")
        )
        let update = try db.cachedStatement("UPDATE occupation_tasks SET importance = ? WHERE code = ? AND task_id = ?")
        var count = 0
        try Self.eachRow(table, progress) { _, row in
            guard row[scale] == "IM", let occupation = row[code], knownCodes.contains(occupation),
                let taskID = row[id].flatMap(Int.init), let rating = row[value].flatMap(Double.init)
            else { return }
            try update.execute([rating, occupation, taskID])
            count += db.changes
        }
        return count
    }

    mutating func loadTitles(_ table: OnetTable, kind: String) throws -> Int {
        let code = try table.column("O*NET-SOC Code")
        let title =
            kind == "reported"
            ? try table.column("Reported Job Title") : try table.column("Alternate Title", or: "Job Title")
        let short = table.optionalColumn("Short Title")
        let shown = table.optionalColumn("Shown in My Next Move")
        let delete = try db.cachedStatement("DELETE FROM occupation_titles WHERE code = ? AND kind = ?")
        let insert = try db.cachedStatement(
            """
            INSERT INTO occupation_titles (code, kind, title, title_key, short_title, shown_in_my_next_move, rank)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """
        )
        var cleared = Set<String>()
        var count = 0
        try Self.eachRow(table, progress) { line, row in
            guard let value = row[code], isKnown(value, in: table), let name = row[title] else { return }
            try clearPage(value)
            try Self.clearOnce(value, &cleared) { try delete.execute([value, kind]) }
            let flag = shown.flatMap { row[$0] }.map { $0.uppercased().hasPrefix("Y") }
            try insert.execute([
                value, kind, name, CareerText.titleKey(name), short.flatMap { row[$0] }, flag, line,
            ])
            count += 1
        }
        replaced.formUnion(cleared)
        return count
    }

    mutating func loadRelated(_ table: OnetTable) throws -> Int {
        let code = try table.column("O*NET-SOC Code")
        let related = try table.column("Related O*NET-SOC Code")
        let (tier, index) = (table.optionalColumn("Relatedness Tier"), table.optionalColumn("Index"))
        let delete = try db.cachedStatement("DELETE FROM related_occupations WHERE code = ?")
        let insert = try db.cachedStatement(
            "INSERT OR REPLACE INTO related_occupations (code, related_code, tier, rank) VALUES (?, ?, ?, ?)"
        )
        var cleared = Set<String>()
        var count = 0
        try Self.eachRow(table, progress) { line, row in
            guard let value = row[code], isKnown(value, in: table), let other = row[related] else { return }
            try clearPage(value)
            try Self.clearOnce(value, &cleared) { try delete.execute([value]) }
            let rank = index.flatMap { row[$0] }.flatMap(Int.init) ?? line
            try insert.execute([value, other, tier.flatMap { row[$0] }, rank])
            count += 1
        }
        replaced.formUnion(cleared)
        return count
    }
}

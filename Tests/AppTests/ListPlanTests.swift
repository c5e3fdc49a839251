import Foundation
import HTTPCore
import Storage
import Testing

@testable import App

/// Lists stay fast at a million rows only if every list query is answered from an index. For every collection,
/// this builds the SQL the engine runs for each declared sort (both directions, first page and after a cursor),
/// each filterable field's `eq` filter, each substring filter and `q=`, and reads SQLite's plan
/// (`EXPLAIN QUERY PLAN` on the migrated schema): no `SCAN <table>` without an index (a scan of a full-text or
/// trigram index in rowid order is how those are read), and no temporary B-tree for ORDER BY.
///
/// The declared exceptions: a field `filterable(alongside: f)` is checked together with `f=eq.…` (its index bounds
/// the rows to one project's, which may then be sorted: at most one project's), and `filterableByScan()` fields
/// (list elements and derived values of projects and calendars, collections counted in hundreds) are listed
/// here by name, so a new one is a decision someone makes on purpose.
@Suite struct ListPlanTests {
    static let scans: Set<String> = [
        "projects.technologies", "projects.systems", "projects.tags", "projects.progress", "projects.forecastFinish",
        "projects.overdueMilestones", "calendars.workingWeekdays", "calendars.holidays", "calendars.workingDates",
        "calendars.isDefault", "careers.source", "careers.custom", "careers.hasFullProfile", "careers.jobZone",
        "projects.statusDate", "projects.fiscalYearStartMonth", "career-synonyms.source",
    ]

    /// A value of the right shape for an `eq` filter on `field`.
    static func sample(_ field: Field?) -> String {
        guard let field else { return "1" }
        switch field.kind {
        case .date, .dates: return "2026-01-05"
        case .datetime: return "2026-01-05T00:00:00Z"
        case .boolean: return "true"
        case .enumeration(let all), .choices(let all): return all[0]
        case .onetCode: return "15-1299.09"
        case .currency: return "EUR"
        case .pattern(_, let example): return example
        case .string, .text, .email, .tags: return "abc"
        case .integer: return String(max(field.minimum ?? 1, min(1, field.maximum ?? 1)))
        default: return "1"
        }
    }

    struct Plan {
        let query: String
        let lines: [String]
    }

    static func plan(_ db: Database, _ d: ResourceDefinition, _ raw: String) throws -> Plan {
        let query = try ListQuery(QueryParameters(parsing: raw), definition: d, defaultPerPage: 50, maxPerPage: 500)
        let (_, arguments) = query.whereClause(d)
        let sql = query.sql(d, columns: d.selectList)
        let rows = try db.query(
            "EXPLAIN QUERY PLAN " + sql,
            StatementArguments(arguments + [SQLiteValue.integer(50), SQLiteValue.integer(0)])
        )
        return Plan(query: raw, lines: try rows.map { try $0.get(3, as: String.self) })
    }

    /// What is wrong with a plan of `table`, if anything.
    static func problems(_ plan: Plan, table: String, allowSort: Bool = false) -> [String] {
        var out: [String] = []
        for line in plan.lines {
            // "SCAN t" (the table, alias t) without an index reads every row; "SCAN d VIRTUAL TABLE INDEX …" is
            // the full-text or trigram index read in rowid order; correlated subqueries of derived fields run
            // per row they are asked for.
            // A plain "SCAN t" in id order with no filter is the table's own B-tree read from one end.
            let idOrder =
                plan.query.isEmpty || plan.query == "sort=id" || plan.query == "sort=-id" || plan.query == "sort=code"
                || plan.query == "sort=-code"
            if (line == "SCAN t" && !idOrder) || line.hasPrefix("SCAN t ") && !line.contains("INDEX") {
                out.append("\(table)?\(plan.query): reads every row (\(line))")
            }
            if !allowSort && line.contains("TEMP B-TREE FOR") && line.contains("ORDER BY") {
                out.append("\(table)?\(plan.query): sorts in a temporary B-tree (\(line))")
            }
        }
        return out
    }

    static func withSchema(_ body: (Database) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("charter-plans-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pool = try DatabasePool(path: dir.appendingPathComponent("db.sqlite").path)
        defer { pool.close() }
        try AppSchema.migrator.migrate(pool)
        try pool.read { db in try body(db) }
    }

    @Test func everyDeclaredSortIsReadFromAnIndex() throws {
        try Self.withSchema { db in
            var problems: [String] = []
            for d in Catalog.definitions {
                for name in d.sortableNames {
                    for sign in ["", "-"] {
                        var query = try ListQuery(
                            QueryParameters(parsing: "sort=\(sign)\(name)"),
                            definition: d,
                            defaultPerPage: 50,
                            maxPerPage: 500
                        )
                        problems += Self.problems(try Self.plan(db, d, "sort=\(sign)\(name)"), table: d.table)
                        // After a cursor (a value, or NULL for the key): each segment seeks in the same index.
                        for key in [JSONValue.int(1), .null] where key == .int(1) || query.sortKeyNullable {
                            query.after = query.sortNames.count == 2 ? [key, .int(1)] : [.int(1)]
                            for segment in query.keysetSegments.indices {
                                let (_, arguments) = query.whereClause(d, segment: segment)
                                let lines = try db.query(
                                    "EXPLAIN QUERY PLAN " + query.sql(d, columns: d.selectList, segment: segment),
                                    StatementArguments(arguments + [SQLiteValue.integer(50), SQLiteValue.integer(0)])
                                ).map { try $0.get(3, as: String.self) }
                                let plan = Plan(query: "sort=\(sign)\(name)&after=\(key)…\(segment)", lines: lines)
                                problems += Self.problems(plan, table: d.table)
                                if !lines.contains(where: { $0.hasPrefix("SEARCH t") }) {
                                    problems.append("\(d.table)?\(plan.query): does not seek (\(lines))")
                                }
                            }
                        }
                    }
                }
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test func everyFilterableFieldIsServedByAnIndex() throws {
        try Self.withSchema { db in
            var problems: [String] = []
            var scanned: Set<String> = []
            for d in Catalog.definitions {
                for name in d.filterableNames {
                    let field = d.field(name)
                    if field?.filterScans == true {
                        scanned.insert("\(d.collection).\(name)")
                        continue
                    }
                    var raw = "\(name)=eq.\(Self.sample(field))"
                    if let companion = field?.filterAlongside { raw += "&\(companion)=eq.1" }
                    for sort in ["", "&sort=-\(d.keyName)"] {
                        problems += Self.problems(
                            try Self.plan(db, d, raw + sort),
                            table: d.table,
                            allowSort: field?.filterAlongside != nil
                        )
                    }
                }
                for name in d.substringNames {
                    for sort in ["", "&sort=-id"] {
                        problems += Self.problems(try Self.plan(db, d, "\(name)=ilike.*abc*" + sort), table: d.table)
                        problems += Self.problems(try Self.plan(db, d, "\(name)=like.Abc*" + sort), table: d.table)
                    }
                }
                if d.searchTable != nil {
                    for sort in ["", "&sort=-id"] {
                        problems += Self.problems(try Self.plan(db, d, "q=project" + sort), table: d.table)
                    }
                }
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            #expect(scanned == Self.scans, "filters declared filterableByScan(): \(scanned.sorted())")
        }
    }

    /// `q=` and a substring filter are read from their index, in its order: the first page reads its matches and
    /// stops (`t.id IN (SELECT rowid …)` collected every match first, 128 ms for a common word at 1,000,000).
    /// `q=` asks for each word as a prefix: without the prefix index of its length FTS5 merges the postings of
    /// every token starting with it before the first row (16 ms for a common word at 1,000,000 people).
    @Test func everyFullTextIndexKeepsThePrefixIndexesQAsksFor() throws {
        try Self.withSchema { db in
            let searched = Catalog.definitions.filter { d in
                d.searchKeptBy == nil && d.fields.contains(where: \.searchable)
            }
            #expect(searched.count >= 6)
            for d in searched {
                let sql = try db.scalar(
                    String?.self,
                    "SELECT sql FROM sqlite_master WHERE name = ?",
                    [d.table + "_fts"]
                )
                #expect(
                    sql?.contains("prefix='\(SchemaSQL.searchPrefixes)'") == true,
                    "\(d.table)_fts: \(sql ?? "none")"
                )
            }
        }
    }

    /// The WBS roll-up reads the leaves from one covering index in path order (no leaf's table row, with its
    /// currency), the packages from their path index: no temporary B-tree.
    @Test func theWBSRollUpReadsOnlyItsCoveringIndex() throws {
        try Self.withSchema { db in
            let lines = try db.query("EXPLAIN QUERY PLAN " + ProjectPlanController.wbsSQL, [1, "EUR"])
                .map { try $0.get(3, as: String.self) }
            #expect(lines.contains { $0.contains("USING COVERING INDEX work_packages_rollup") }, "\(lines)")
            #expect(!lines.contains { $0.contains("TEMP B-TREE") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("SEARCH l USING COVERING INDEX work_packages_rollup") }, "\(lines)")
        }
    }

    @Test func searchAndSubstringFiltersAreReadFromTheirIndexInOrder() throws {
        try Self.withSchema { db in
            let people = People.definition
            let search = try Self.plan(db, people, "q=engineer")
            #expect(search.lines.first?.hasPrefix("SCAN d VIRTUAL TABLE INDEX") == true, "\(search.lines)")
            #expect(!search.lines.contains { $0.contains("LIST SUBQUERY") }, "\(search.lines)")
            let substring = try Self.plan(db, people, "name=ilike.*son*")
            #expect(substring.lines.first?.hasPrefix("SCAN d VIRTUAL TABLE INDEX") == true, "\(substring.lines)")
        }
    }
}

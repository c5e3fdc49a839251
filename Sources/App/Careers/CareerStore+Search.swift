import Foundation
import Storage

/// A career search: free text or a code, optional filters, a page.
public struct CareerSearchQuery: Sendable, Equatable {
    /// Words (each matched as a prefix: `proj manag`), an exact title, or a code or code prefix (`15-1299`).
    /// Empty lists every occupation by title.
    public var text: String
    public var jobZone: Int?
    public var hasFullProfile: Bool?
    /// 1-based.
    public var page: Int
    public var perPage: Int
    /// More conditions over the occupation row `t` (the list contract's filters, `or=`, `and=`), and their
    /// arguments.
    var filter: Filter?

    struct Filter: Equatable, Sendable {
        var sql: String
        var arguments: [SQLiteValue]
    }

    public init(text: String, jobZone: Int? = nil, hasFullProfile: Bool? = nil, page: Int = 1, perPage: Int = 20) {
        self.text = text
        self.jobZone = jobZone
        self.hasFullProfile = hasFullProfile
        self.page = max(1, page)
        self.perPage = max(1, perPage)
    }
}

/// One search hit. `score` is higher for better matches: 1000 for an exact title or code, 900 for a code
/// prefix, 500 for an exact job title, plus, for text, the bm25 relevance (title weighted 10, job titles 5,
/// description 2, tasks 1; sign flipped so that higher is better).
public struct CareerSearchHit: Codable, Equatable, Sendable {
    public var code: String
    public var title: String
    public var jobZone: Int?
    public var hasFullProfile: Bool
    public var score: Double
    /// `code`, `title`, `jobTitle` or `text`: why it matched.
    public var match: String
}

/// A page of hits and the number of hits on all pages.
public struct CareerSearchResult: Codable, Equatable, Sendable {
    public var hits: [CareerSearchHit]
    public var total: Int
}

extension CareerSearchQuery {
    /// Equal for queries that `CareerStore.search` answers alike: text as the search reads it (a code prefix
    /// verbatim, words lowercased and split as `CareerText.words` splits them), filters and page.
    var cacheKey: String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let words = CareerText.isCodePrefix(trimmed) ? "code:" + trimmed : "text:" + CareerText.titleKey(trimmed)
        let zone = jobZone.map(String.init) ?? "-"
        let full = hasFullProfile.map { $0 ? "1" : "0" } ?? "-"
        let more = filter.map { f in f.sql + "|" + f.arguments.map { "\($0)" }.joined(separator: "\u{1F}") } ?? ""
        return "\(words)|\(zone)|\(full)|\(page)|\(perPage)|\(more)"
    }
}

extension CareerStore {
    /// What search results depend on, in one short string: every change to an occupation's searchable data bumps
    /// its `version`, an added or removed occupation changes the count. One scan of `occupations` (~0.1 ms).
    public func searchStamp() throws -> String {
        try database.read { db in
            let row = try db.queryOne("SELECT count(*), total(version), max(updated_at) FROM occupations")
            return "\(try row?.get(0, as: Int.self) ?? 0)/\(try row?.get(1, as: Double.self) ?? 0)/"
                + (try row?.get(2, as: String?.self) ?? "")
        }
    }

    /// Searches occupations: exact title and job-title matches first, then full-text matches by bm25 with column
    /// weights; every word is a prefix. A code-shaped query matches codes by prefix instead.
    /// Nonsense finds nothing (an empty page, total 0).
    public func search(_ query: CareerSearchQuery) throws -> CareerSearchResult {
        let text = query.text.trimmingCharacters(in: .whitespacesAndNewlines)
        var arguments: [SQLiteValue] = []
        let candidates: String
        if text.isEmpty {
            candidates = "SELECT rowid, 3 AS tier, NULL AS rank FROM occupations"
        } else if CareerText.isCodePrefix(text) {
            candidates =
                "SELECT rowid, CASE WHEN code = ? THEN 0 ELSE 1 END, NULL FROM occupations WHERE code >= ? AND code < ?"
            arguments = [.text(text), .text(text), .text(text + "~")]
        } else {
            let words = CareerText.words(text).prefix(12)
            guard !words.isEmpty else { return CareerSearchResult(hits: [], total: 0) }
            let keys = CareerText.titleKeyVariants(text)
            let marks = keys.map { _ in "?" }.joined(separator: ", ")
            candidates = """
                SELECT rowid, 0, NULL FROM occupations WHERE title_key IN (\(marks))
                UNION ALL SELECT o.rowid, 2, NULL FROM occupation_titles t JOIN occupations o ON o.code = t.code
                    WHERE t.title_key IN (\(marks))
                UNION ALL SELECT rowid, 4, bm25(occupations_fts, 0, 10, 5, 2, 1)
                    FROM occupations_fts WHERE occupations_fts MATCH ?
                """
            let match = words.map { "\"\($0)\"*" }.joined(separator: " ")
            arguments = keys.map(SQLiteValue.text) + keys.map(SQLiteValue.text) + [.text(match)]
        }
        var filters = ""
        if let zone = query.jobZone {
            filters += " AND t.job_zone = ?"
            arguments.append(.integer(Int64(zone)))
        }
        if let full = query.hasFullProfile {
            filters += " AND t.has_full_profile = ?"
            arguments.append(.integer(full ? 1 : 0))
        }
        if let filter = query.filter {
            filters += " AND (\(filter.sql))"
            arguments += filter.arguments
        }
        let sql = """
            WITH hits (id, tier, rank) AS (\(candidates)),
            best AS (SELECT id, min(tier) AS tier, min(rank) AS rank FROM hits GROUP BY id)
            SELECT t.code, t.title, t.job_zone, t.has_full_profile, best.tier, best.rank, count(*) OVER () AS total
            FROM best JOIN occupations t ON t.rowid = best.id
            WHERE 1\(filters)
            ORDER BY best.tier, best.rank, t.title, t.code
            LIMIT ? OFFSET ?
            """
        let offset = (query.page - 1) * query.perPage
        let rows = try database.read { db in
            try db.query(
                sql,
                StatementArguments(arguments + [.integer(Int64(query.perPage)), .integer(Int64(offset))])
            )
        }
        var total = try rows.first?.get("total", as: Int.self) ?? 0
        if rows.isEmpty && offset > 0 {
            let countSQL =
                "WITH hits (id, tier, rank) AS (\(candidates)) SELECT count(DISTINCT t.code) "
                + "FROM hits JOIN occupations t ON t.rowid = hits.id WHERE 1\(filters)"
            total = try database.read { db in try db.scalar(Int.self, countSQL, StatementArguments(arguments)) }
        }
        let hits = try rows.map { row in
            let tier: Int = try row.get("tier")
            let rank = try row.get("rank", as: Double?.self).map { -$0 } ?? 0
            let isCode = CareerText.isCodePrefix(text)
            let (base, match): (Double, String) =
                switch tier {
                case 0: (1000, isCode ? "code" : "title")
                case 1: (900, "code")
                case 2: (500, "jobTitle")
                case 3: (0, "all")
                default: (0, "text")
                }
            return CareerSearchHit(
                code: try row.get("code"),
                title: try row.get("title"),
                jobZone: try row.get("job_zone"),
                hasFullProfile: try row.get("has_full_profile"),
                score: ((base + rank) * 1000).rounded() / 1000,
                match: match
            )
        }
        return CareerSearchResult(hits: hits, total: total)
    }
}

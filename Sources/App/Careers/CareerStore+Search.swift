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
    /// The corrected query the hits answer, when the query as typed found nothing (`sofware enginer` →
    /// `software engineer`).
    public var didYouMean: String?

    public init(hits: [CareerSearchHit], total: Int, didYouMean: String? = nil) {
        self.hits = hits
        self.total = total
        self.didYouMean = didYouMean
    }
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
        try database.read { db in try Self.searchStamp(db: db) }
    }

    static func searchStamp(db: Database) throws -> String {
        let row = try db.queryOne("SELECT count(*), total(version), max(updated_at) FROM occupations")
        return "\(try row?.get(0, as: Int.self) ?? 0)/\(try row?.get(1, as: Double.self) ?? 0)/"
            + (try row?.get(2, as: String?.self) ?? "")
    }

    /// Searches occupations. A code-shaped query matches codes by prefix; words are read as `CareerSearchQuery`
    /// says and ranked in tiers (see `CareerSearchHit.score`). When nothing matches, misspelt words are replaced by
    /// the nearest word of the titles' vocabulary and the search runs once more: the result says `didYouMean`.
    /// Nonsense finds nothing (an empty page, total 0).
    public func search(_ query: CareerSearchQuery) throws -> CareerSearchResult {
        let text = query.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || CareerText.isCodePrefix(text) { return try searchByCode(query, text: text) }
        let words = CareerSearchWords(text)
        guard !words.terms.isEmpty else { return CareerSearchResult(hits: [], total: 0) }
        let first = try searchWords(query, words)
        if first.total > 0 { return first }
        let dictionary = try database.read { db in try spelling.dictionary(db: db) }
        if let corrected = correct(words, dictionary) {
            var second = try searchWords(query, CareerSearchWords(corrected))
            if second.total > 0 {
                second.didYouMean = corrected
                return second
            }
        }
        // The last resort: any of the words, when each is a word of the titles (`director of nursing`: no title
        // has both). A word no title has (`zzqx project`) still finds nothing.
        let known = words.terms.allSatisfy { dictionary.known.contains($0.stem) || $0.expansion != nil }
        guard words.terms.count > 1, known else { return first }
        var loose = words
        loose.anyTerm = true
        return try searchWords(query, loose)
    }

    /// The spelling correction of `words`, or nil when every word is known (or none has a near neighbour).
    private func correct(_ words: CareerSearchWords, _ dictionary: SpellingCache.Dictionary) -> String? {
        var changed = false
        let fixed = words.words.map { word -> String in
            guard let better = dictionary.correction(of: word) else { return word }
            changed = true
            return better
        }
        return changed ? fixed.joined(separator: " ") : nil
    }

    /// Words against the search index: every term must match (as a word, or as a prefix for words of three
    /// letters or more), then each hit is scored in Swift from its stored title and job titles.
    private func searchWords(_ query: CareerSearchQuery, _ words: CareerSearchWords) throws -> CareerSearchResult {
        var arguments: [SQLiteValue] = [.text(words.match)]
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
        let rows = try database.read { db in
            try db.query(
                """
                SELECT t.code, t.title, t.job_zone, t.has_full_profile, f.title AS stems, f.job_titles AS names,
                    bm25(occupations_fts, 0, 10, 5, 2, 1) AS rank
                FROM occupations_fts f JOIN occupations t ON t.rowid = f.rowid
                WHERE occupations_fts MATCH ?\(filters)
                """,
                StatementArguments(arguments)
            )
        }
        var hits = [CareerSearchHit]()
        hits.reserveCapacity(rows.count)
        for row in rows {
            let code: String = try row.get(0)
            let title: String = try row.get(1)
            let (score, match) = words.score(
                code: code,
                title: title,
                stems: try row.get(4, as: String?.self) ?? "",
                names: try row.get(5, as: String?.self) ?? "",
                rank: try row.get(6, as: Double?.self) ?? 0
            )
            hits.append(
                CareerSearchHit(
                    code: code,
                    title: title,
                    jobZone: try row.get(2),
                    hasFullProfile: try row.get(3),
                    score: (score * 1000).rounded() / 1000,
                    match: match
                )
            )
        }
        hits.sort { a, b in
            a.score != b.score ? a.score > b.score : a.title != b.title ? a.title < b.title : a.code < b.code
        }
        let offset = min((query.page - 1) * query.perPage, hits.count)
        let page = Array(hits[offset..<min(offset + query.perPage, hits.count)])
        return CareerSearchResult(hits: page, total: hits.count)
    }

    /// Every occupation by title (empty text), or codes by prefix.
    private func searchByCode(_ query: CareerSearchQuery, text: String) throws -> CareerSearchResult {
        var arguments: [SQLiteValue] = []
        let candidates: String
        if text.isEmpty {
            candidates = "SELECT rowid, 3 AS tier, NULL AS rank FROM occupations"
        } else {
            candidates =
                "SELECT rowid, CASE WHEN code = ? THEN 0 ELSE 1 END, NULL FROM occupations WHERE code >= ? AND code < ?"
            arguments = [.text(text), .text(text), .text(text + "~")]
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
            let (base, match): (Double, String) =
                switch tier {
                case 0: (1000, "code")
                case 1: (900, "code")
                default: (0, "all")
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

import HTTPCore
import Storage

/// A text query as career search reads it: its words, their stems, the terms the index must match and how a hit
/// is scored.
///
/// - Every word is matched by its stem (`nurses` and `nurse` alike), and a word of three letters or more also as
///   the start of a longer word of a title or job title (`proj manag` as a search box sends it).
/// - Words of one or two letters, words typed in capitals (`IT`, `SQL`) and the abbreviations of
///   `CareerSeed.abbreviations` are whole words only: `IT manager` never reads `it` as the start of `items`.
///   An abbreviation also matches what it stands for (`hr` → `human resources`).
/// - Stop words (`of`, `and`, `the`) need not be found, but count for an exact title.
struct CareerSearchWords {
    struct Term {
        var stem: String
        var prefix: Bool
        /// The stems of what an abbreviation stands for.
        var expansion: [String]?
        /// The same as bytes: hits are scored on the bytes of their stored stems (splitting `String`s into
        /// `Character`s took two thirds of a search's CPU time).
        let stemBytes: [UInt8]
        let expansionBytes: [[UInt8]]?

        init(stem: String, prefix: Bool, expansion: [String]?) {
            self.stem = stem
            self.prefix = prefix
            self.expansion = expansion
            stemBytes = Array(stem.utf8)
            expansionBytes = expansion.map { $0.map { Array($0.utf8) } }
        }
    }

    typealias Token = ArraySlice<UInt8>

    /// The words as typed, lowercased (what a spelling correction replaces).
    let words: [String]
    /// The stems of every word, and again with each abbreviation written out: an exact title or job title
    /// equals one of these.
    let keys: [[String]]
    let keyBytes: [[[UInt8]]]
    let terms: [Term]
    /// Whether any term is enough (the last resort, when every term together found nothing).
    var anyTerm = false

    /// Words that say how senior or how employed, not which job: not required to match (`senior software
    /// engineer` finds what `software engineer` finds), but part of an exact title when one has them.
    static let modifiers: Set<String> = [
        "senior", "junior", "jr", "sr", "trainee", "apprentice", "intern", "internship", "graduate", "entry",
        "level", "experienced", "remote", "freelance", "contract", "contractor", "temporary", "temp", "part", "full",
        "time", "job", "jobs", "career", "careers", "work", "position", "role", "vacancy", "vacancies",
    ]

    /// At most 12 words are read (`maxWords`); the rest of a query is ignored.
    static let maxWords = 12

    init(_ text: String) {
        var words = [String]()
        var capitals = Set<String>()
        for word in CareerSearchWords.split(text).prefix(Self.maxWords) {
            let lower = word.lowercased()
            words.append(lower)
            if word.count >= 2, word == word.uppercased(), lower != word { capitals.insert(lower) }
        }
        self.words = words
        let stems = words.map(CareerSearchText.stem)
        var keys = [stems]
        var terms = [Term]()
        for (word, stem) in zip(words, stems) {
            if let expansion = CareerSeed.abbreviations[word] {
                let spelled = CareerSearchText.stems(expansion)
                terms.append(Term(stem: stem, prefix: false, expansion: spelled))
                keys += keys.map { key in key.flatMap { $0 == stem ? spelled : [$0] } }
            } else if !CareerSearchText.stopWords.contains(word) {
                terms.append(Term(stem: stem, prefix: word.count >= 3 && !capitals.contains(word), expansion: nil))
            }
        }
        let plain = stems.filter { !Self.modifiers.contains($0) }
        if !plain.isEmpty && plain.count < stems.count { keys += [plain] }
        self.keys = keys
        keyBytes = keys.map { $0.map { Array($0.utf8) } }
        let required = terms.filter { !Self.modifiers.contains($0.stem) || $0.expansion != nil }
        self.terms = required.isEmpty ? terms : required
    }

    /// Words as `CareerText.words` finds them, case kept.
    private static func split(_ text: String) -> [String] {
        var words = [String]()
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The FTS5 query: every term, as a word anywhere, as the start of a word of a title or job title (a search
    /// box completes titles, not the words of descriptions), or as what it abbreviates. With `anyTerm`, any term
    /// found in a title or job title. Terms are letters and digits only, so nothing typed is read as FTS5 syntax.
    var match: String {
        let each = terms.map { term in
            var forms = ["\"\(term.stem)\""]
            if term.prefix { forms.append("{title job_titles} : \"\(term.stem)\"*") }
            if let expansion = term.expansion { forms.append("\"\(expansion.joined(separator: " "))\"") }
            return forms.count == 1 ? forms[0] : "(" + forms.joined(separator: " OR ") + ")"
        }
        return anyTerm
            ? "{title job_titles} : (" + each.joined(separator: " OR ") + ")" : each.joined(separator: " AND ")
    }

    /// A hit's score and why it matched, from its stored title stems and job-title stems (` | ` between titles):
    ///
    /// | tier | when | score |
    /// |---|---|---|
    /// | `title` | the query is the title (stems, abbreviations written out) | 1000 |
    /// | `jobTitle` | the query is one of its job titles or synonyms | 800 |
    /// | `text` | every term is a word of the title and the last names the job (a head noun: *Nurses* in Registered Nurses) | 600 |
    /// | `text` | every term is a word of the title | 500 |
    /// | `text` | every term is a word of the title or a job title | 400 |
    /// | `text` | every term is a word or prefix of the title or a job title | 300 |
    /// | `text` | found in the description or tasks | 100 |
    ///
    /// Within a tier (from 600 down) shorter titles score higher (+40 ÷ words: the general occupation before the
    /// narrower ones), the general occupation of a code family (`.00`) gets +5, an "…, All Other" catch-all −100,
    /// and bm25 relevance adds up to 4. When every term together finds nothing, any term is enough (`anyTerm`):
    /// 100 + 150 × the share of terms found in the title or a job title.
    func score(code: String, title: String, stems: String, names: String, rank: Double) -> (Double, String) {
        let titleTokens = Array(stems.utf8).split(separator: 32)
        let general: Double = code.hasSuffix(".00") ? 5 : 0
        let relevance = min(max(-rank, 0), 40) / 10
        func isKey(_ tokens: [Token]) -> Bool {
            keyBytes.contains { key in key.count == tokens.count && zip(key, tokens).allSatisfy { $0.elementsEqual($1) }
            }
        }
        if isKey(titleTokens) { return (1000, "title") }
        let nameTokens = Array(names.utf8).split(separator: 124).map { $0.split(separator: 32) }
        if nameTokens.contains(where: isKey) { return (800 + general, "jobTitle") }
        let shortness = 40 / Double(max(titleTokens.count, 1))
        // "…, All Other" occupations are O*NET's catch-alls: the named occupations come first.
        let catchAll: Double = title.hasSuffix("All Other") ? -100 : 0
        let within = shortness + general + relevance + catchAll
        func anywhere(_ term: Term, prefix: Bool) -> Bool {
            Self.has(term, titleTokens, prefix: prefix) || nameTokens.contains { Self.has(term, $0, prefix: prefix) }
        }
        if anyTerm {
            let found = terms.filter { anywhere($0, prefix: true) }.count
            return (100 + 150 * Double(found) / Double(max(terms.count, 1)) + within / 2, "text")
        }
        if terms.allSatisfy({ Self.has($0, titleTokens, prefix: false) }) {
            if let last = terms.last {
                let heads = CareerSearchText.heads(title)
                if heads.contains(last.expansion?.last ?? last.stem) { return (600 + within, "text") }
            }
            return (500 + within, "text")
        }
        if terms.allSatisfy({ anywhere($0, prefix: false) }) { return (400 + within, "text") }
        if terms.allSatisfy({ anywhere($0, prefix: true) }) { return (300 + within, "text") }
        return (100 + general / 5 + min(max(-rank, 0), 80), "text")
    }

    private static func has(_ term: Term, _ tokens: [Token], prefix: Bool) -> Bool {
        if tokens.contains(where: { $0.elementsEqual(term.stemBytes) }) { return true }
        if prefix && term.prefix && tokens.contains(where: { $0.starts(with: term.stemBytes) }) { return true }
        guard let expansion = term.expansionBytes, expansion.count <= tokens.count else { return false }
        for start in 0...(tokens.count - expansion.count)
        where tokens[start..<(start + expansion.count)].elementsEqual(expansion, by: { $0.elementsEqual($1) }) {
            return true
        }
        return false
    }
}

/// The vocabulary of occupation titles, job titles and synonyms, for spelling corrections: built on the first
/// correction after the careers data changed (the search stamp), kept in memory until it changes again.
final class SpellingCache: Sendable {
    struct Dictionary: Sendable {
        var stamp = ""
        /// Every word and its stem, for "is this word known".
        var known: Set<String> = []
        /// Words by length: (bytes, word, occurrences).
        var byLength: [Int: [([UInt8], String, Int)]] = [:]

        /// The nearest known word to an unknown `word` of four letters or more: at most one edit away for four or
        /// five letters, two for longer words.
        func correction(of word: String) -> String? {
            let count = word.utf8.count
            guard count >= 4, !known.contains(word), !known.contains(CareerSearchText.stem(word)),
                word.utf8.allSatisfy({ $0 < 128 })
            else { return nil }
            let limit = count <= 5 ? 1 : 2
            let bytes = Array(word.utf8)
            // Ties: a word the typed one lacks letters of (a dropped letter is the commonest slip: `electrican` is
            // `electrician` before `electrical`), then the same first letter, then the commoner word.
            var best: (key: (Int, Int, Int, Int), word: String)?
            for length in (count - limit)...(count + limit) {
                for (candidate, text, occurrences) in byLength[length] ?? [] {
                    let d = CareerSearchText.distance(bytes, candidate, limit: limit)
                    guard d <= limit else { continue }
                    let key = (
                        d, candidate.count - count == d ? 0 : 1, candidate.first == bytes.first ? 0 : 1, -occurrences
                    )
                    if let current = best, current.key < key || (current.key == key && current.word < text) { continue }
                    best = (key, text)
                }
            }
            return best?.word
        }
    }

    private let state = LockedValue(Dictionary())

    /// The dictionary for the data `db` sees, rebuilt when the search stamp moved.
    func dictionary(db: Database) throws -> Dictionary {
        let stamp = try CareerStore.searchStamp(db: db)
        let current = state.withLock { $0 }
        if current.stamp == stamp { return current }
        var counts: [String: Int] = [:]
        let synonyms = try CareerSynonyms.exists(db) ? " UNION ALL SELECT title FROM career_synonyms" : ""
        for row in try db.query(
            "SELECT title FROM occupations UNION ALL SELECT title FROM occupation_titles\(synonyms)"
        ) {
            for word in CareerText.words(try row.get(0, as: String.self)) where word.count >= 3 {
                counts[word, default: 0] += 1
            }
        }
        var dictionary = Dictionary(stamp: stamp)
        for (word, count) in counts {
            dictionary.known.insert(word)
            dictionary.known.insert(CareerSearchText.stem(word))
            guard word.utf8.allSatisfy({ $0 < 128 }) else { continue }
            dictionary.byLength[word.utf8.count, default: []].append((Array(word.utf8), word, count))
        }
        state.withLock { $0 = dictionary }
        return dictionary
    }
}

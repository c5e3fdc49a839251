/// How career search reads words, on both sides: what the indexer stores in `occupations_fts` and what a query
/// looks up are the same stems, so that `nurse` and `nurses` are one word.
///
/// The stemmer only folds plurals (an "S-stemmer": `nurses` → `nurse`, `technologies` → `technology`,
/// `boxes` → `box`), never `nursing` into `nurse`: a job title's words name different jobs when their
/// endings differ (a *nursery* worker is no nurse), and a plural is the only change a searcher expects to be
/// ignored. Description and task text also lose their stop words (`it`, `the`, `of`…), so that the
/// abbreviation `IT` matches the titles that carry it and not every description saying "it".
enum CareerSearchText {
    /// Words a description or task says without meaning anything to a search.
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on",
        "or", "that", "the", "their", "them", "they", "this", "to", "with", "may", "such", "other", "than", "which",
        "who", "when", "where", "these", "those", "not", "all", "any", "also",
    ]

    /// Irregular plurals of job words.
    static let irregular: [String: String] = [
        "men": "man", "women": "woman", "people": "person", "children": "child", "salesmen": "salesman",
        "chairmen": "chairman", "firemen": "fireman", "policemen": "policeman", "craftsmen": "craftsman",
        "foremen": "foreman", "fishermen": "fisherman", "linemen": "lineman", "repairmen": "repairman",
        "series": "series", "species": "species", "news": "news", "analyses": "analysis", "diagnoses": "diagnosis",
        "bases": "base", "crises": "crisis", "theses": "thesis",
    ]

    /// The singular of a lowercased word (the word itself when it is not a plural).
    static func stem(_ word: String) -> String {
        if let known = irregular[word] { return known }
        let bytes = Array(word.utf8)
        let n = bytes.count
        guard n > 3, bytes[n - 1] == UInt8(ascii: "s") else { return word }
        func ends(_ suffix: String) -> Bool { word.hasSuffix(suffix) }
        // Words that end in s without being plurals.
        if ends("ss") || ends("us") || ends("is") || ends("ous") || ends("ics") { return word }
        if ends("ies"), n > 4 { return String(word.dropLast(3)) + "y" }
        if ends("sses") || ends("xes") || ends("zes") || ends("ches") || ends("shes") {
            return String(word.dropLast(2))
        }
        if ends("ses"), n > 5 { return String(word.dropLast(1)) }  // nurses → nurse, courses → course
        return String(word.dropLast())
    }

    /// The stems of `text`'s words, every word kept (titles: `IT Project Manager` → `it project manager`).
    static func stems(_ text: String) -> [String] {
        CareerText.words(text).map(stem)
    }

    /// The stems of `text`'s words without stop words (descriptions and tasks).
    static func contentStems(_ text: String) -> [String] {
        CareerText.words(text).filter { !stopWords.contains($0) }.map(stem)
    }

    /// The head nouns of an occupation title, stemmed: what the job *is*, as opposed to what it works on.
    /// `Registered Nurses` → `nurse`; `Plumbers, Pipefitters, and Steamfitters` → `plumber`, `pipefitter`,
    /// `steamfitter`; `Helpers--Pipelayers, Plumbers, …` → `helper`; `First-Line Supervisors of Retail Sales
    /// Workers` → `supervisor`; `Computer and Information Systems Managers` → `computer`, `manager`.
    static func heads(_ title: String) -> Set<String> {
        var text = title.lowercased()
        if let cut = text.range(of: "--") { text = String(text[..<cut.lowerBound]) }
        if let cut = text.range(of: " of ") { text = String(text[..<cut.lowerBound]) }
        if let cut = text.range(of: " in ") { text = String(text[..<cut.lowerBound]) }
        var heads = Set<String>()
        let segments = text.replacingOccurrences(of: " and ", with: ",").replacingOccurrences(of: "/", with: ",")
            .split(separator: ",")
        for segment in segments {
            if let last = CareerText.words(String(segment)).last { heads.insert(stem(last)) }
        }
        return heads
    }

    /// Damerau–Levenshtein distance (adjacent transpositions count one), or `limit + 1` once it exceeds `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        let n = a.count
        let m = b.count
        if n == 0 || m == 0 { return max(n, m) }
        var previous2 = [Int](repeating: 0, count: m + 1)
        var previous = Array(0...m)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            current[0] = i
            var best = current[0]
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
                best = min(best, value)
            }
            if best > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[m]
    }
}

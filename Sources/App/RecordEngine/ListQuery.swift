import HTTPCore
import Storage

/// A parsed list request: paging, filters, sort, field selection, expansion, search. Every value becomes a bound
/// parameter; every name is checked against the declaration, so nothing from the query string reaches SQL text.
struct ListQuery {
    var page = 1
    var perPage: Int
    var skipTotal = false
    var sort: [(column: String, descending: Bool)] = []
    /// The JSON names of the sort keys, parallel to `sort` (what a cursor holds the values of).
    var sortNames: [String] = []
    /// `after=`: the sort-key values of the last record of the previous page (a keyset cursor).
    var after: [JSONValue]?
    var fields: [String]?
    var expand: [String] = []
    var search: String?
    var csv = false
    var conditions: [Condition] = []

    struct Condition {
        let field: String
        let sql: String
        let arguments: [SQLiteValue]
    }

    static let reserved: Set<String> = [
        "page", "perPage", "skipTotal", "sort", "fields", "expand", "q", "format", "or", "and", "after",
    ]

    /// At most this many filter terms in one `or=`/`and=` group (SQLite's expression depth is finite: 999 terms
    /// used to answer a 500), nested at most `maxDepth` levels.
    static let maxTerms = 100
    static let maxDepth = 4
    /// At most this many `sort` keys, each once: every key widens the ORDER BY and the keyset cursor (which
    /// must fit in 1,024 characters), and a repeated key orders nothing further.
    static let maxSortKeys = 8

    /// `or=(a.eq.1,and(b.gt.2,c.is.null))`: terms joined by OR (or AND), each a `field.op.value` filter or a
    /// nested `and(…)`/`or(…)` group (PostgREST's grammar).
    static func group(
        _ op: String,
        _ value: String,
        _ definition: ResourceDefinition,
        depth: Int,
        budget: inout Int
    ) throws -> Condition {
        guard value.hasPrefix("("), value.hasSuffix(")"), value.count > 2 else {
            throw bad("\(op) must look like \(op)=(field.op.value,…)")
        }
        guard depth <= maxDepth else { throw bad("\(op): groups nest at most \(maxDepth) deep") }
        var terms: [Condition] = []
        for term in splitTopLevel(String(value.dropFirst().dropLast())) {
            budget -= 1
            guard budget >= 0 else { throw bad("a filter group holds at most \(maxTerms) terms") }
            if let paren = term.firstIndex(of: "("), ["and", "or"].contains(String(term[..<paren])) {
                terms.append(
                    try group(
                        String(term[..<paren]),
                        String(term[paren...]),
                        definition,
                        depth: depth + 1,
                        budget: &budget
                    )
                )
                continue
            }
            let parts = term.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { throw bad("\(op): '\(term)' must look like field.op.value") }
            terms.append(try condition(String(parts[0]), "\(parts[1]).\(parts[2])", definition))
        }
        let joiner = op == "or" ? " OR " : " AND "
        return Condition(
            field: op,
            sql: "(" + terms.map(\.sql).joined(separator: joiner) + ")",
            arguments: terms.flatMap(\.arguments)
        )
    }

    /// - Throws: `HTTPError` 400 naming the parameter, field or operator that is not understood.
    init(_ query: QueryParameters, definition: ResourceDefinition, defaultPerPage: Int, maxPerPage: Int) throws {
        perPage = defaultPerPage
        var afterText: String?
        for (name, value) in query {
            switch name {
            case "page":
                guard let p = Int(value), p >= 1, p <= 1_000_000 else { throw bad("page must be a positive integer") }
                page = p
            case "perPage":
                guard let p = Int(value), p >= 1 else { throw bad("perPage must be a positive integer") }
                guard p <= maxPerPage else { throw bad("perPage must be at most \(maxPerPage)") }
                perPage = p
            case "skipTotal":
                guard let b = Self.bool(value) else { throw bad("skipTotal must be true or false") }
                skipTotal = b
            case "sort":
                let parsed = try Self.parseSort(value, definition)
                sort = parsed.map { ($0.column, $0.descending) }
                sortNames = parsed.map(\.name)
            case "after": afterText = value
            case "fields": fields = try Self.parseFields(value, definition)
            case "expand":
                // Each name once: a name repeated 900 times ran its embedding query 900 times (1.2 s for 500
                // projects instead of 0.17 s, issue 16).
                var seen = Set<String>()
                expand = value.split(separator: ",").map { String($0.trimmingOWS()) }.filter {
                    seen.insert($0).inserted
                }
                for n in expand where definition.field(n)?.referencedCollection == nil {
                    throw bad("expand: '\(n)' is not a reference field of \(definition.collection)")
                }
            case "q":
                guard definition.searchTable != nil else {
                    throw bad("q: \(definition.collection) has no searchable fields")
                }
                search = value
            case "format":
                guard value == "csv" || value == "json" else { throw bad("format must be json or csv") }
                csv = value == "csv"
            case "or", "and":
                var budget = Self.maxTerms
                conditions.append(try Self.group(name, value, definition, depth: 1, budget: &budget))
            default:
                conditions.append(try Self.condition(name, value, definition))
            }
        }
        guard conditions.count <= Self.maxTerms else { throw bad("a list takes at most \(Self.maxTerms) filters") }
        // A total order for paging: the key last (`id`, or a natural key such as a career's `code`).
        let keyColumn = "t." + definition.keyColumn
        if sort.isEmpty { sort = [(keyColumn, false)] }
        if sortNames.isEmpty { sortNames = [definition.keyName] }
        if !sort.contains(where: { $0.column == keyColumn }) {
            sort.append((keyColumn, false))
            sortNames.append(definition.keyName)
        }
        if let afterText {
            guard page == 1 else {
                throw bad("after and page do not go together: a cursor already says where to start")
            }
            after = try Self.decodeCursor(afterText, sortSpec: sortSpec)
        }
    }

    /// The WHERE clause (without the keyword) and its arguments; `alias` qualifies the columns.
    func whereClause(_ definition: ResourceDefinition) -> (sql: String, arguments: [SQLiteValue]) {
        var parts = conditions.map(\.sql)
        var arguments = conditions.flatMap(\.arguments)
        if let after {
            let keyset = Self.keyset(sort, after)
            parts.append(keyset.sql)
            arguments += keyset.arguments
        }
        if let search, let fts = definition.searchTable {
            parts.append("\(definition.handle) IN (SELECT rowid FROM \(fts) WHERE \(fts) MATCH ?)")
            arguments.append(.text(Self.ftsQuery(search)))
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), arguments)
    }

    var orderBy: String { sort.map { "\($0.column)\($0.descending ? " DESC" : "")" }.joined(separator: ", ") }

    /// Words of the search become prefix terms, all required: `proj manag` matches "project manager".
    static func ftsQuery(_ text: String) -> String {
        let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        if words.isEmpty { return "\"\"" }
        return words.prefix(16).map { "\"\($0.lowercased())\"*" }.joined(separator: " AND ")
    }

    static func parseSort(
        _ value: String,
        _ definition: ResourceDefinition
    ) throws -> [(name: String, column: String, descending: Bool)] {
        let keys = value.split(separator: ",")
        guard keys.count <= maxSortKeys else {
            throw bad("sort takes at most \(maxSortKeys) keys (id breaks ties by itself); \(keys.count) were given")
        }
        var seen = Set<String>()
        return try keys.map { raw in
            var name = String(raw.trimmingOWS())
            let descending = name.hasPrefix("-")
            if descending || name.hasPrefix("+") { name.removeFirst() }
            guard let column = definition.column(for: name) else {
                throw bad("sort: '\(name)' is not a field of \(definition.collection)")
            }
            if let field = definition.field(name), !field.sortable { throw bad("sort: '\(name)' cannot be sorted on") }
            guard seen.insert(name).inserted else { throw bad("sort: '\(name)' is given twice") }
            return (name, column, descending)
        }
    }

    static func bool(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }

    /// Splits on commas outside parentheses and double quotes.
    static func splitTopLevel(_ s: String) -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for c in s {
            if c == "\"" { quoted.toggle() }
            if !quoted && c == "(" { depth += 1 }
            if !quoted && c == ")" { depth -= 1 }
            if c == "," && depth == 0 && !quoted {
                out.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}

func bad(_ detail: String) -> HTTPError { HTTPError(.badRequest, detail) }

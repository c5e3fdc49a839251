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
    /// Whether the sort key may be NULL (a cursor then continues in two seeks, see `keyset`).
    var sortKeyNullable = false
    var fields: [String]?
    var expand: [String] = []
    var search: String?
    var csv = false
    var conditions: [Condition] = []

    /// The full-text or trigram index the list is read from when `q=` or a substring filter is given:
    /// `FROM {index} d JOIN {table} t ON t.id = d.rowid`, in the index's rowid (= id) order, so a page reads its
    /// matches and stops instead of collecting every match first (`t.id IN (SELECT rowid …)` did).
    var driver: (table: String, sql: String, arguments: [SQLiteValue])?

    struct Condition {
        let field: String
        var sql: String
        var arguments: [SQLiteValue]
        /// Every field it names (a group: all of its terms').
        var fields: [String] = []
        /// `field=eq.value`: what a filter declared `filterable(alongside: field)` needs beside it.
        var isEquality = false
        /// A substring filter: its trigram index, column and LIKE pattern, and the exact test on the row.
        var substring: SubstringMatch?
    }

    /// `name=ilike.*ada*` as the trigram index answers it: `pattern` (a LIKE superset of the filter) finds the
    /// candidate rows, `rowSQL` (the filter itself) keeps those that match.
    struct SubstringMatch {
        let table: String
        let column: String
        let pattern: String
        let rowSQL: String
        let rowArguments: [SQLiteValue]
    }

    /// The shortest run of characters between wildcards a substring filter needs: the trigram index cannot
    /// answer fewer than three, and reading every row instead is what it is there to prevent.
    static let minSubstringLength = 3

    /// `totalItems` is counted exactly up to this many records (`maxExactTotal`); past it the list says
    /// `"totalCapped": true` and `totalItems` is this number (a lower bound), so the first count after a change
    /// reads at most this many index entries however large the collection is (52 ms at 1,000,000 people before).
    var totalLimit = 10_000

    static let reserved: Set<String> = [
        "page", "perPage", "skipTotal", "sort", "fields", "expand", "q", "format", "or", "and", "after",
    ]

    /// At most this many filter terms in one `or=`/`and=` group (SQLite's expression depth is finite: 999 terms
    /// used to answer a 500), nested at most `maxDepth` levels.
    static let maxTerms = 100
    static let maxDepth = 4

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
            arguments: terms.flatMap(\.arguments),
            fields: terms.flatMap(\.fields)
        )
    }

    /// - Throws: `HTTPError` 400 naming the parameter, field or operator that is not understood.
    init(
        _ query: QueryParameters,
        definition: ResourceDefinition,
        defaultPerPage: Int,
        maxPerPage: Int,
        totalLimit: Int = 10_000
    ) throws {
        perPage = defaultPerPage
        self.totalLimit = totalLimit
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
                sortKeyNullable = definition.field(parsed[0].name).map { !$0.isNotNull } ?? false
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
                var group = try Self.group(name, value, definition, depth: 1, budget: &budget)
                group.substring = nil  // a group's substring terms are read through their IN subqueries
                conditions.append(group)
            default:
                conditions.append(try Self.condition(name, value, definition))
            }
        }
        guard conditions.count <= Self.maxTerms else { throw bad("a list takes at most \(Self.maxTerms) filters") }
        try Self.checkCompanions(conditions, definition)
        // A total order for paging, in the sort's direction: the key last (`id`, or a natural key such as a
        // career's `code`).
        let keyColumn = "t." + definition.keyColumn
        if sort.isEmpty { sort = [(keyColumn, false)] }
        if sortNames.isEmpty { sortNames = [definition.keyName] }
        if !sort.contains(where: { $0.column == keyColumn }) {
            sort.append((keyColumn, sort[0].descending))
            sortNames.append(definition.keyName)
        }
        if let search, let fts = definition.searchTable {
            driver = (fts, "d.\(fts) MATCH ?", [.text(Self.ftsQuery(search))])
        } else if let i = conditions.firstIndex(where: { $0.substring != nil }), let match = conditions[i].substring {
            driver = (match.table, "d.\(match.column) LIKE ?", [.text(match.pattern)])
            conditions[i].sql = match.rowSQL
            conditions[i].arguments = match.rowArguments
        }
        if driver != nil {
            guard sortNames == [definition.keyName] else {
                throw bad(
                    "sort: q= and substring filters list in id order (the order their index is read in), so they "
                        + "take no other sort; drop sort=\(sortSpec) or narrow the list with other filters"
                )
            }
            sort = [("d.rowid", sort[0].descending)]
        }
        if let afterText {
            guard page == 1 else {
                throw bad("after and page do not go together: a cursor already says where to start")
            }
            let values = try Self.decodeCursor(afterText, sortSpec: sortSpec)
            // The id is never null, nor is a key the table stores NOT NULL: such a cursor was not made here.
            guard let key = values.last, key != .null, sortKeyNullable || values.first != .null else {
                throw bad("after: not a cursor; use the one in the previous page's Link header")
            }
            after = values
        }
    }

    /// What the list reads: the table as `t`, joined to the index that drives it (as `d`) when one does.
    func fromClause(_ definition: ResourceDefinition) -> String {
        guard let driver else { return "\(definition.table) t" }
        return "\(driver.table) d JOIN \(definition.table) t ON \(definition.handle) = d.rowid"
    }

    /// The conditions that continue after the cursor, read one after the other (none without a cursor).
    var keysetSegments: [(sql: String, arguments: [SQLiteValue])] {
        after.map { Self.keyset(sort, $0, nullable: sortKeyNullable) } ?? []
    }

    /// The WHERE clause (without the keyword) and its arguments over `t` (and `d`), with the cursor's `segment`
    /// of `keysetSegments`; `keyset: false` leaves out the cursor's position (a total counts the whole list, not
    /// what follows the cursor).
    func whereClause(
        _ definition: ResourceDefinition,
        keyset withKeyset: Bool = true,
        segment: Int = 0
    ) -> (sql: String, arguments: [SQLiteValue]) {
        var parts: [String] = []
        var arguments: [SQLiteValue] = []
        if let driver {
            parts.append(driver.sql)
            arguments += driver.arguments
        }
        parts += conditions.map(\.sql)
        arguments += conditions.flatMap(\.arguments)
        let segments = keysetSegments
        if withKeyset, segment < segments.count {
            parts.append(segments[segment].sql)
            arguments += segments[segment].arguments
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), arguments)
    }

    /// A filter declared `filterable(alongside: f)` needs `f=eq.…` beside it, at the top level.
    static func checkCompanions(_ conditions: [Condition], _ definition: ResourceDefinition) throws {
        let anchors = Set(conditions.filter(\.isEquality).map(\.field))
        for name in conditions.flatMap(\.fields) {
            if let companion = definition.field(name)?.filterAlongside, !anchors.contains(companion) {
                throw bad(
                    "'\(name)' filters the \(definition.collection) of one \(companion): add \(companion)=eq.ID "
                        + "(its index bounds what is read; '\(name)' has no index of its own)"
                )
            }
        }
    }

    /// The SELECT of one page (its arguments: `whereClause`, then the limit and the offset), as `ListPlanTests`
    /// explains it.
    func sql(_ definition: ResourceDefinition, columns: String, segment: Int = 0) -> String {
        "SELECT \(columns) FROM \(fromClause(definition)) WHERE \(whereClause(definition, segment: segment).sql) "
            + "ORDER BY \(orderBy) LIMIT ? OFFSET ?"
    }

    var orderBy: String { sort.map { "\($0.column)\($0.descending ? " DESC" : "")" }.joined(separator: ", ") }

    /// Words of the search become prefix terms, all required: `proj manag` matches "project manager".
    static func ftsQuery(_ text: String) -> String {
        let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        if words.isEmpty { return "\"\"" }
        return words.prefix(16).map { "\"\($0.lowercased())\"*" }.joined(separator: " AND ")
    }

    /// `sort=-dueDate`: one sortable field (its index serves the order), optionally followed by `id` in the
    /// same direction (the tie-breaker it gets anyway). Anything else would sort rows no index orders: a 400
    /// naming the sortable fields.
    static func parseSort(
        _ value: String,
        _ definition: ResourceDefinition
    ) throws -> [(name: String, column: String, descending: Bool)] {
        let sortable = definition.sortableNames
        let keys = try value.split(separator: ",").map { raw in
            var name = String(raw.trimmingOWS())
            let descending = name.hasPrefix("-")
            if descending || name.hasPrefix("+") { name.removeFirst() }
            guard let column = definition.column(for: name) else {
                throw bad(
                    "sort: '\(name)' is not a field of \(definition.collection); sortable: \(sortable.joined(separator: ", "))"
                )
            }
            guard sortable.contains(name) else {
                throw bad(
                    "sort: '\(name)' has no index to sort by; \(definition.collection) sorts by \(sortable.joined(separator: ", "))"
                )
            }
            return (name: name, column: column, descending: descending)
        }
        guard
            keys.count == 1
                || (keys.count == 2 && keys[1].name == definition.keyName && keys[1].descending == keys[0].descending)
        else {
            throw bad(
                "sort takes one field (id breaks ties, in the same direction): an index serves one order; "
                    + "\(definition.collection) sorts by \(sortable.joined(separator: ", "))"
            )
        }
        return keys
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

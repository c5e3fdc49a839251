import HTTPCore
import Storage

extension ListQuery {
    static let operators = ["eq", "neq", "lt", "lte", "gt", "gte", "like", "ilike", "in", "is"]

    /// `name=op.value` (PostgREST style) as SQL on column `t.<column>` with bound arguments.
    static func condition(_ name: String, _ expression: String, _ definition: ResourceDefinition) throws -> Condition {
        guard let column = definition.column(for: name) else {
            throw bad("unknown filter field '\(name)'; \(definition.collection) has: \(filterableNames(definition))")
        }
        let field = definition.field(name)
        guard definition.filterableNames.contains(name) else {
            throw bad(
                "'\(name)' cannot be filtered on (no index serves it); \(definition.collection) filters on: "
                    + filterableNames(definition)
            )
        }
        guard let dot = expression.firstIndex(of: ".") else {
            throw bad(
                "filter '\(name)=\(expression)' must look like \(name)=op.value, op one of \(operators.joined(separator: " "))"
            )
        }
        let op = String(expression[..<dot])
        let raw = String(expression[expression.index(after: dot)...])
        guard operators.contains(op) else {
            throw bad("unknown filter operator '\(op)' on '\(name)'; use one of \(operators.joined(separator: " "))")
        }
        let col = column
        let isTags = field?.kind.isList == true
        var condition = try Self.condition(name, op, raw, col, field, isTags, definition)
        condition.fields = [name]
        condition.isEquality = op == "eq" && !isTags
        return condition
    }

    static func condition(
        _ name: String,
        _ op: String,
        _ raw: String,
        _ col: String,
        _ field: Field?,
        _ isTags: Bool,
        _ definition: ResourceDefinition
    ) throws -> Condition {
        switch op {
        case "is":
            switch raw.lowercased() {
            case "null": return Condition(field: name, sql: "\(col) IS NULL", arguments: [])
            case "not_null", "notnull": return Condition(field: name, sql: "\(col) IS NOT NULL", arguments: [])
            case "true": return Condition(field: name, sql: "\(col) = 1", arguments: [])
            case "false": return Condition(field: name, sql: "\(col) = 0", arguments: [])
            default: throw bad("'\(name)=is.\(raw)': is takes null, not_null, true or false")
            }
        case "in":
            guard raw.hasPrefix("("), raw.hasSuffix(")") else {
                throw bad("'\(name)=in.\(raw)': in takes a list like in.(a,b)")
            }
            let items = splitTopLevel(String(raw.dropFirst().dropLast())).map(unquote)
            guard !items.isEmpty, items.count <= 100 else { throw bad("'\(name)=in.…' takes 1 to 100 values") }
            let values = try items.map { try typed($0, field, name, exact: true) }
            let marks = Array(repeating: "?", count: values.count).joined(separator: ",")
            if isTags {
                return Condition(
                    field: name,
                    sql: "EXISTS (SELECT 1 FROM json_each(\(col)) WHERE value IN (\(marks)))",
                    arguments: values
                )
            }
            return Condition(field: name, sql: "\(col) IN (\(marks))", arguments: values)
        case "like", "ilike":
            return try substring(name, op, unquote(raw), col, field, definition)
        default:
            let value = try typed(unquote(raw), field, name, exact: op == "eq" || op == "neq")
            if isTags {
                guard op == "eq" || op == "neq" else { throw bad("'\(name)' (a list) takes eq, neq, in or is") }
                let exists = "EXISTS (SELECT 1 FROM json_each(\(col)) WHERE value = ?)"
                return Condition(field: name, sql: op == "eq" ? exists : "NOT \(exists)", arguments: [value])
            }
            let sqlOp = ["eq": "=", "neq": "<>", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="][op]!
            return Condition(field: name, sql: "\(col) \(sqlOp) ?", arguments: [value])
        }
    }

    /// The filter value as the column stores it; a value of the wrong shape is a 400 naming it.
    /// - Parameter exact: an equality test (`eq`, `neq`, `in`): an integer outside the field's declared range
    ///   can match nothing, and is a 400 saying the range (a comparison such as `lt` may go beyond it).
    static func typed(_ raw: String, _ field: Field?, _ name: String, exact: Bool = false) throws -> SQLiteValue {
        var kind = field?.kind ?? (name == "createdAt" || name == "updatedAt" ? .datetime : .integer)
        // A list's filter value is one of its elements.
        if case .choices(let all) = kind { kind = .enumeration(all) }
        if kind == .dates { kind = .date }
        switch kind {
        case .integer, .reference:
            guard let i = Int64(raw) else { throw bad("'\(name)' takes integers; '\(raw)' is not one") }
            if exact, let field, i < (field.minimum ?? .min) || i > (field.maximum ?? .max) {
                throw bad(
                    "'\(name)' is from \(field.minimum.map(String.init) ?? "any") to \(field.maximum.map(String.init) ?? "any"); '\(raw)' is outside"
                )
            }
            return .integer(i)
        case .boolean:
            guard let b = bool(raw) else { throw bad("'\(name)' takes true or false; '\(raw)' is neither") }
            return .integer(b ? 1 : 0)
        case .number:
            guard let d = Double(raw) else { throw bad("'\(name)' takes numbers; '\(raw)' is not one") }
            return .double(d)
        case .date:
            guard DateText.isDate(raw) else { throw bad("'\(name)' takes dates as YYYY-MM-DD; '\(raw)' is not one") }
            return .text(raw)
        case .enumeration(let allowed):
            // A value outside the set can match nothing: say so instead of answering an empty list.
            guard allowed.contains(raw) else {
                throw bad("'\(name)' is one of \(allowed.joined(separator: ", ")); '\(raw)' is not")
            }
            return .text(raw)
        default:
            return .text(raw)
        }
    }

    /// `like` (case-sensitive) and `ilike` with `*` as the wildcard, on fields declared `substringFilter()`: the
    /// trigram index finds the candidates (a LIKE pattern with `%`, and `_` for the filter's own `%` and `_`,
    /// which matches a superset), then the filter itself is tested on each (GLOB, or LIKE with escapes).
    static func substring(
        _ name: String,
        _ op: String,
        _ text: String,
        _ col: String,
        _ field: Field?,
        _ definition: ResourceDefinition
    ) throws -> Condition {
        guard let field, field.substring, let trigram = definition.trigramTable else {
            let allowed = definition.substringNames
            throw bad(
                "'\(name)' takes no \(op) (substring filters are served by a trigram index); \(definition.collection) "
                    + (allowed.isEmpty ? "has none" : "takes them on \(allowed.joined(separator: ", "))")
            )
        }
        let longest = text.split(separator: "*").map(\.unicodeScalars.count).max() ?? 0
        guard longest >= minSubstringLength else {
            throw bad(
                "'\(name)=\(op).\(text)': a substring filter needs at least \(minSubstringLength) characters "
                    + "between wildcards (the trigram index cannot serve fewer); for words and prefixes use q="
            )
        }
        let candidates = text.replacingOccurrences(of: "%", with: "_").replacingOccurrences(of: "*", with: "%")
        let rowSQL: String
        let rowArguments: [SQLiteValue]
        if op == "like" {
            // GLOB is case-sensitive and uses * itself; its other metacharacters are escaped as classes.
            let pattern = text.replacingOccurrences(of: "[", with: "[[]").replacingOccurrences(of: "?", with: "[?]")
            rowSQL = "\(col) GLOB ?"
            rowArguments = [.text(pattern)]
        } else {
            let pattern = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_").replacingOccurrences(of: "*", with: "%")
            rowSQL = "\(col) LIKE ? ESCAPE '\\'"
            rowArguments = [.text(pattern)]
        }
        return Condition(
            field: name,
            sql: "(t.id IN (SELECT rowid FROM \(trigram) WHERE \(trigram).\(field.column) LIKE ?) AND \(rowSQL))",
            arguments: [.text(candidates)] + rowArguments,
            substring: SubstringMatch(
                table: trigram,
                column: field.column,
                pattern: candidates,
                rowSQL: rowSQL,
                rowArguments: rowArguments
            )
        )
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") { return String(s.dropFirst().dropLast()) }
        return s
    }

    static func filterableNames(_ definition: ResourceDefinition) -> String {
        definition.filterableNames.joined(separator: ", ")
    }
}

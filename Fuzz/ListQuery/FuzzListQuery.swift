// libFuzzer target: the list-query grammar (Sources/App/RecordEngine/ListQuery*.swift: filters, or=()/and=()
// groups, sort, fields, expand, after=, paging) against the People and WorkPackages declarations. The input is a
// raw query string. Invariants:
// - no crash, no hang, no memory error; a query parses or throws HTTPError 400 with a detail;
// - a parsed query's SQL binds exactly its arguments (as many `?` outside quotes as values), its parentheses
//   balance, it names no more than ListQuery.maxTerms filters, and its ORDER BY holds the key (a total order;
//   a list read from its full-text or trigram index is in that index's rowid order, the id).
import HTTPCore
import Storage

@testable import App

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant violated: \(message())") }
}

let definitions = [People.definition, WorkPackages.definition]

/// Counts `?` placeholders outside single-quoted literals, and checks parentheses balance there.
func placeholders(_ sql: String) -> Int? {
    var count = 0
    var depth = 0
    var quoted = false
    for c in sql.utf8 {
        if c == UInt8(ascii: "'") { quoted.toggle() }
        if quoted { continue }
        switch c {
        case UInt8(ascii: "?"): count += 1
        case UInt8(ascii: "("): depth += 1
        case UInt8(ascii: ")"):
            depth -= 1
            if depth < 0 { return nil }
        default: break
        }
    }
    return depth == 0 && !quoted ? count : nil
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let definition = definitions[Int(data[0]) % definitions.count]
    let raw = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    let query: ListQuery
    do {
        query = try ListQuery(
            QueryParameters(parsing: raw),
            definition: definition,
            defaultPerPage: 50,
            maxPerPage: 500
        )
    } catch let error as HTTPError {
        check(error.status == .badRequest, "status \(error.status.code) for \(raw)")
        check(!error.detail.isEmpty, "empty detail")
        return 0
    } catch {
        check(false, "untyped error \(error) for \(raw)")
        return 0
    }
    let (sql, arguments) = query.whereClause(definition)
    guard let count = placeholders(sql) else {
        check(false, "unbalanced SQL \(sql)")
        return 0
    }
    check(count == arguments.count, "\(count) placeholders, \(arguments.count) arguments: \(sql)")
    check(query.conditions.count <= ListQuery.maxTerms, "\(query.conditions.count) filters accepted")
    // A list driven by its full-text or trigram index is read in that index's rowid order, which is the id.
    check(
        query.sort.contains { $0.column == "t." + definition.keyColumn || $0.column == "d.rowid" },
        "no id in ORDER BY \(query.orderBy)"
    )
    check(query.perPage >= 1 && query.perPage <= 500 && query.page >= 1, "paging \(query.page)/\(query.perPage)")
    return 0
}

import Foundation
import HTTPCore
import Storage

/// Keyset paging: `Link: rel="next"` carries `after=CURSOR`, the sort-key values of the page's last record (the
/// id last, so they name one place in a total order). The next page then starts from an index seek instead of
/// reading and skipping every earlier row, so page 1,000 costs what page 1 does. The cursor is opaque to clients
/// (base64url of a small JSON object) and is refused when the list's sort is not the one it was made for.
extension ListQuery {
    /// The sort as the cursor records it: `-dueDate,name,id`.
    var sortSpec: String { zip(sortNames, sort).map { ($1.descending ? "-" : "") + $0 }.joined(separator: ",") }

    /// The cursor after `record`: its values of the sort keys.
    func cursor(after record: Record) -> String {
        var w = JSONWriter(capacity: 64)
        w.write(.object(["s": .string(sortSpec), "v": .array(sortNames.map { record.values[$0] ?? .null })]))
        return Data(w.bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func isBase64URL(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
    }

    static func decodeCursor(_ text: String, sortSpec: String) throws -> [JSONValue] {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard text.utf8.count <= 1024, text.utf8.allSatisfy(Self.isBase64URL), let data = Data(base64Encoded: base64),
            case .object(let cursor)? = try? JSONParser.parse(Array(data)),
            case .array(let values)? = cursor["v"], case .string(let spec)? = cursor["s"]
        else { throw bad("after: not a cursor; use the one in the previous page's Link header") }
        guard spec == sortSpec, values.count == sortSpec.split(separator: ",").count else {
            throw bad("after: this cursor was made for sort=\(spec), not sort=\(sortSpec); start again from page 1")
        }
        return values
    }

    /// The rows strictly after the cursor `values` in the list's order (`sort` is one key and the id, in one
    /// direction, or the id alone), as one or two conditions read one after the other, each a seek in the sort's
    /// index: a row value `(key, id) > (?, ?)` seeks where an OR of "after on the key, or equal and after on the
    /// id" scanned the index from its start. NULLs sort first ascending and last descending (SQLite's index
    /// order), so a nullable key continues into (or within) its NULLs with a second seek.
    static func keyset(
        _ sort: [(column: String, descending: Bool)],
        _ values: [JSONValue],
        nullable: Bool
    ) -> [(sql: String, arguments: [SQLiteValue])] {
        let after = sort[0].descending ? "<" : ">"
        guard sort.count == 2, values.count == 2 else {
            return [("\(sort[0].column) \(after) ?", [Record.sqlite(values[0])])]
        }
        let key = sort[0].column
        let id = sort[1].column
        let idValue = Record.sqlite(values[1])
        if values[0] == .null {
            let within = ("\(key) IS NULL AND \(id) \(after) ?", [idValue])
            return sort[0].descending ? [within] : [within, ("\(key) IS NOT NULL", [])]
        }
        let seek = ("(\(key), \(id)) \(after) (?, ?)", [Record.sqlite(values[0]), idValue])
        return sort[0].descending && nullable ? [seek, ("\(key) IS NULL", [])] : [seek]
    }
}

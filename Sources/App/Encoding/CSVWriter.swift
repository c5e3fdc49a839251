import HTTPCore

/// RFC 4180 CSV of a list: a header row of field names, CRLF line ends, fields quoted when they need it.
///
/// Text cells that a spreadsheet would run as a formula (those starting with `=`, `+`, `-`, `@`, tab or CR: the
/// OWASP "CSV injection" rule) get a leading `'`, which spreadsheets show as text and do not display; so
/// `=HYPERLINK("http://evil.example","x")` reads back as that text, never as a link (issue 16). Numbers, booleans
/// and nulls are written as they are: a negative cost stays the number `-5`. Consumers that parse the CSV as
/// data see the `'` on such text cells; the JSON form of the same list carries the values untouched.
enum CSVWriter {
    static func response(_ records: [Record], definition: ResourceDefinition, fields: [String]?) -> Response {
        let names = fields ?? definition.names
        var out = names.map(quote).joined(separator: ",") + "\r\n"
        for record in records {
            out += names.map { quote(text(record.values[$0] ?? .null)) }.joined(separator: ",") + "\r\n"
        }
        var response = Response.bytes(Array(out.utf8), contentType: "text/csv; charset=utf-8; header=present")
        response.headers["Content-Disposition"] = "inline; filename=\"\(definition.collection).csv\""
        return response
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return JSONWriter.format(d)
        case .string(let s): return neutralized(s)
        case .array(let a): return neutralized(a.map(text).joined(separator: ";"))
        case .object:
            var w = JSONWriter()
            w.write(value)
            return String(decoding: w.bytes, as: UTF8.self)
        }
    }

    /// `s` with a leading `'` when a spreadsheet would read it as a formula (see the type's documentation).
    static func neutralized(_ s: String) -> String {
        switch s.utf8.first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: "'" + s
        default: s
        }
    }

    static func quote(_ s: String) -> String {
        // By bytes: "\r\n" is one Character in Swift, equal to neither "\r" nor "\n", so a CRLF inside a value
        // went out unquoted and split the row.
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

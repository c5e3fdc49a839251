import HTTPCore

/// RFC 4180 CSV of a list: a header row of field names, CRLF line ends, fields quoted when they need it.
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
        case .string(let s): return s
        case .array(let a): return a.map(text).joined(separator: ";")
        case .object:
            var w = JSONWriter()
            w.write(value)
            return String(decoding: w.bytes, as: UTF8.self)
        }
    }

    static func quote(_ s: String) -> String {
        // By bytes: "\r\n" is one Character in Swift, equal to neither "\r" nor "\n", so a CRLF inside a value
        // went out unquoted and split the row.
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
import HTTPCore
import Storage

/// A stored record as the API shows it: declared fields plus `id`, `version`, `createdAt`, `updatedAt`.
struct Record {
    var id: Int64
    var version: Int64
    var values: [String: JSONValue]

    /// The strong entity tag of this version (RFC 9110 §8.8.3).
    var etag: String { "\"\(version)\"" }

    /// Reads a row selected with `definition.selectColumns`.
    init(row: Row, definition: ResourceDefinition) throws {
        id = try row.get(0, as: Int64.self)
        version = try row.get(1, as: Int64.self)
        values = Dictionary(minimumCapacity: 4 + definition.fields.count)
        values["id"] = .int(id)
        values["version"] = .int(version)
        values["createdAt"] = .string(try row.get(2, as: String.self))
        values["updatedAt"] = .string(try row.get(3, as: String.self))
        for (i, field) in definition.fields.enumerated() {
            values[field.name] = Record.json(row[4 + i], field)
        }
    }

    /// A column value as JSON, by the field's kind.
    static func json(_ value: SQLiteValue, _ field: Field) -> JSONValue {
        switch value {
        case .null: return .null
        case .integer(let i):
            return field.kind == .boolean ? .bool(i != 0) : field.kind == .number ? .double(Double(i)) : .int(i)
        case .double(let d): return .double(d)
        case .text(let s):
            if field.kind == .tags || field.kind == .roleCounts,
                let v = try? JSONParser.parse(Array(s.utf8))
            {
                return v
            }
            return .string(s)
        case .blob: return .null
        }
    }

    /// A JSON value as the column stores it.
    static func sqlite(_ value: JSONValue) -> SQLiteValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .integer(b ? 1 : 0)
        case .int(let i): return .integer(i)
        case .double(let d): return .double(d)
        case .string(let s): return .text(s)
        case .array, .object:
            var w = JSONWriter(capacity: 64)
            w.write(value)
            return .text(String(decoding: w.bytes, as: UTF8.self))
        }
    }

    /// The record as JSON, restricted to `fields` when given.
    func json(fields: [String]? = nil, expanded: [String: JSONValue] = [:]) -> JSONValue {
        var out = values
        if let fields { out = out.filter { fields.contains($0.key) } }
        if !expanded.isEmpty { out["expand"] = .object(expanded) }
        return .object(out)
    }
}

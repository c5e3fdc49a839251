import Foundation
import HTTPCore
import Storage

/// A stored record as the API shows it: declared fields plus `id`, `version`, `createdAt`, `updatedAt`.
struct Record {
    /// The row's integer handle: the record's `id`, or, for a resource with a natural key, an internal number
    /// that is never shown (the key field names the record).
    var id: Int64
    var version: Int64
    var values: [String: JSONValue]

    /// A digest of the derived fields' values, for resources that have any.
    var derivedDigest: UInt64?

    /// The strong entity tag of this representation (RFC 9110 §8.8.3): the stored version, then, for a resource
    /// with derived fields, a digest of their values (`"3.k2j9x"`), so the tag changes when a project's progress
    /// does although the project's row did not. `If-Match` compares the version part only (`ETags.matchesVersion`):
    /// derived fields are read-only, so a write needs only the stored record to be the one the client saw.
    var etag: String {
        guard let derivedDigest else { return "\"\(version)\"" }
        return "\"\(version).\(String(derivedDigest, radix: 36))\""
    }

    /// Reads a row selected with `definition.selectColumns`.
    init(row: Row, definition: ResourceDefinition) throws {
        id = try row.get(0, as: Int64.self)
        version = try row.get(1, as: Int64.self)
        values = Dictionary(minimumCapacity: 4 + definition.fields.count)
        if definition.key == .serial { values["id"] = .int(id) }
        values["version"] = .int(version)
        values["createdAt"] = .string(try row.get(2, as: String.self))
        values["updatedAt"] = .string(try row.get(3, as: String.self))
        var digest: UInt64? = definition.hasDerivedFields ? FNV.offsetBasis : nil
        for (i, field) in definition.selectedFields.enumerated() {
            let value = Record.json(row[4 + i], field)
            values[field.name] = value
            if field.expression != nil, !field.storedByHook, let d = digest {
                var w = JSONWriter(capacity: 16)
                w.write(value)
                digest = FNV.hash(w.bytes, from: d)
            }
        }
        derivedDigest = digest
    }

    /// The value that names the record in paths and the journal: its id, or its natural key.
    func key(_ definition: ResourceDefinition) -> JSONValue { values[definition.keyName] ?? .int(id) }

    /// The key as a path segment or in a message: `42`, `ACME-0001.00`.
    func keyText(_ definition: ResourceDefinition) -> String {
        if case .string(let s) = key(definition) { return s }
        return key(definition).compactText
    }

    /// A column value as JSON, by the field's kind.
    static func json(_ value: SQLiteValue, _ field: Field) -> JSONValue {
        switch value {
        case .null: return .null
        case .integer(let i):
            return field.kind == .boolean ? .bool(i != 0) : field.kind == .number ? .double(Double(i)) : .int(i)
        case .double(let d): return .double(d)
        case .text(let s):
            if field.kind.isList,
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

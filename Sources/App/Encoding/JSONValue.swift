import Foundation
import HTTPCore
import Storage

/// A JSON value whose shape is known only at run time: request bodies of declared resources, and records read
/// back from SQLite. Integers stay integers (money is integer minor units).
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The JSON type's name, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Parses a request body that must be a JSON object.
    /// - Throws: `HTTPError` 400 when the body is not JSON or not an object.
    public static func parseObject(_ bytes: [UInt8]) throws -> [String: JSONValue] {
        guard !bytes.isEmpty else {
            throw HTTPError(.badRequest, "the request body is empty; a JSON object is expected")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw HTTPError(.badRequest, "malformed JSON body: \(error)")
        }
        guard case .object(let object) = value else {
            throw HTTPError(.badRequest, "the request body must be a JSON object, not \(value.typeName)")
        }
        return object
    }
}

/// Writes JSON straight into bytes: sorted keys, no whitespace, `/` unescaped, like `JSON.encode`, but without
/// `Encodable`'s per-value dynamic dispatch (lists of records are the hot path of the API).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: bytes.append(contentsOf: JSONWriter.null)
        case .bool(let b): bytes.append(contentsOf: b ? JSONWriter.true : JSONWriter.false)
        case .int(let i): write(integer: i)
        case .double(let d):
            if d.isFinite { bytes.append(contentsOf: JSONWriter.format(d).utf8) } else { write(.null) }
        case .string(let s): writeString(s)
        case .array(let a):
            bytes.append(91)
            for (i, v) in a.enumerated() {
                if i > 0 { bytes.append(44) }
                write(v)
            }
            bytes.append(93)
        case .object(let o):
            bytes.append(123)
            // Sorted as pairs: no second hash lookup per key (a record has ~30).
            for (i, member) in o.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { bytes.append(44) }
                writeString(member.key)
                bytes.append(58)
                write(member.value)
            }
            bytes.append(125)
        }
    }

    /// Appends bytes that are already JSON (a key prefix like `,"name":`).
    public mutating func append(raw: [UInt8]) { bytes.append(contentsOf: raw) }
    public mutating func append(byte: UInt8) { bytes.append(byte) }
    public mutating func append(raw: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: raw) }

    /// Writes a column value as JSON without building a `JSONValue` first.
    public mutating func write(sqlite value: SQLiteValue) {
        switch value {
        case .null, .blob: bytes.append(contentsOf: JSONWriter.null)
        case .integer(let i): write(integer: i)
        case .double(let d): write(.double(d))
        case .text(let s): writeString(s)
        }
    }

    static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    public mutating func writeString(_ s: String) {
        var s = s
        s.withUTF8 { writeString(utf8: $0) }
    }

    /// Writes UTF-8 bytes as a JSON string: runs that need no escape are copied whole.
    public mutating func writeString(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(34)
        var start = 0
        for i in 0..<utf8.count {
            let c = utf8[i]
            if c >= 32 && c != 34 && c != 92 { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
            start = i + 1
            bytes.append(92)
            switch c {
            case 34: bytes.append(34)
            case 92: bytes.append(92)
            case 10: bytes.append(110)
            case 13: bytes.append(114)
            case 9: bytes.append(116)
            default:
                bytes.append(117)  // \u00XX
                bytes.append(48)
                bytes.append(48)
                bytes.append(JSONWriter.hex[Int(c >> 4)])
                bytes.append(JSONWriter.hex[Int(c & 15)])
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        bytes.append(34)
    }

    /// Writes an integer's decimal digits without making a String.
    public mutating func write(integer value: Int64) {
        if value < 0 { bytes.append(45) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(magnitude % 10) + 48
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)
    static let null: [UInt8] = Array("null".utf8)
    static let `true`: [UInt8] = Array("true".utf8)
    static let `false`: [UInt8] = Array("false".utf8)
}

extension JSONValue {
    /// Equality that treats `50` and `50.0` as the same number (what a client echoes of a derived number).
    public static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): Double(x) == y
        default: a == b
        }
    }
}

extension JSONValue {
    /// A short rendering for messages: `5`, `'active'`, `null`, or compact JSON.
    public var compactText: String {
        switch self {
        case .int(let i): return String(i)
        case .string(let s): return "'\(s)'"
        case .null: return "null"
        default:
            var w = JSONWriter(capacity: 32)
            w.write(self)
            return String(decoding: w.bytes, as: UTF8.self)
        }
    }
}

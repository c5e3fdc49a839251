import Foundation
import HTTPCore
import Testing

@testable import App

/// The hand-written JSON parser against `JSONDecoder` (what it replaced) and against hostile input.
@Suite struct JSONParserTests {
    static func viaDecoder(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test(arguments: [
        "0", "-0", "7", " 42 ", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "1.5", "-2.25e-3",
        "1.0", "1e2", "1E+2", "6.02e23", "true", "false", "null", #""""#, #""plain""#, #""tab\tnew\nline""#,
        #""\u00e9\u4e2d\ud83d\ude00""#, #""\"\\\/\b\f\r""#, "\"caf\u{e9} \u{1F600}\"", "[]", "{}", "[1,[2,[3]],{}]",
        #"{"a":1,"b":[true,null,"x"],"c":{"d":-1.25}}"#, " \t\r\n[ 1 , 2 ]\n",
    ])
    func agreesWithJSONDecoder(_ text: String) throws {
        #expect(try JSONParser.parse(Array(text.utf8)) == Self.viaDecoder(text))
    }

    @Test(arguments: [
        "", " ", "[", "]", "{", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, "[1,]", "[1 2]", "01", "-", "1.", ".5", "1e", "+1",
        "tru", "nul", "NaN", "Infinity", "1e400", #""unterminated"#, "\"ctrl\u{1}\"", #""\x""#, #""\u12""#,
        #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, "1 2", "{} []", #"{"a":1,"a":2}"#, "{1:2}",
    ])
    func rejects(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(deep.utf8)) }
        let allowed =
            String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect(throws: Never.self) { try JSONParser.parse(Array(allowed.utf8)) }
    }

    @Test func theErrorSaysWhereAndWhy() {
        #expect(throws: JSONParser.Failure(offset: 8, reason: "key 'a' appears twice")) {
            try JSONParser.parse(Array(#"{"a":1, "a":2}"#.utf8))
        }
        #expect(throws: JSONParser.Failure(offset: 5, reason: "expected ',' or ']'")) {
            try JSONParser.parse(Array("[1, 2".utf8))
        }
    }

    @Test func integersAtTheEdgesRoundTrip() throws {
        for value: Int64 in [0, -1, 9, 10, -10, 1_000_000_007, .max, .min, .max - 1, .min + 1] {
            var writer = JSONWriter()
            writer.write(integer: value)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(value))
            #expect(try JSONParser.parse(writer.bytes) == .int(value))
        }
    }

    /// Random documents written by `JSONWriter` read back equal (bounded: 2,000 documents, fixed seed).
    @Test func readsBackWhatTheWriterWrites() throws {
        var rng = SplitMix(seed: 0x5EED)
        func random(_ depth: Int) -> JSONValue {
            switch rng.next() % (depth > 3 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(rng.next() % 2 == 0)
            case 2: return .int(Int64(bitPattern: rng.next()) >> Int64(rng.next() % 63))
            case 3: return .double(Double(2 * (Int64(bitPattern: rng.next()) % 1_000_000) + 1) / 2048)
            case 4:
                let alphabet = Array("aZ09 \"\\/\n\t\u{1}é中😀")
                return .string(
                    String((0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
                )
            case 5: return .array((0..<Int(rng.next() % 5)).map { _ in random(depth + 1) })
            default:
                var object: [String: JSONValue] = [:]
                for n in 0..<Int(rng.next() % 5) { object["k\(n)\(rng.next() % 9)"] = random(depth + 1) }
                return .object(object)
            }
        }
        for _ in 0..<2_000 {
            let value = random(0)
            var writer = JSONWriter()
            writer.write(value)
            #expect(try JSONParser.parse(writer.bytes) == value)
        }
    }
}

/// A small deterministic generator, so that a failure reproduces.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

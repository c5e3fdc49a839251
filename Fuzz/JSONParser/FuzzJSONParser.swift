// libFuzzer target: the JSON parser (Sources/App/Encoding/JSONParser.swift). Invariants:
// - no crash, no hang, no memory error; a parse returns a value or throws its typed Failure, whose offset lies
//   within the input;
// - a parsed value written by JSONWriter parses again to the same value (numbers compared by value: 1.0 is
//   written as 1), and writing that gives the same bytes;
// - nothing deeper than maxDepth is accepted.

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant violated: \(message())") }
}

func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
    case (.object(let x), .object(let y)):
        return x.count == y.count && x.allSatisfy { key, value in y[key].map { same(value, $0) } ?? false }
    case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
    default: return JSONValue.same(a, b)
    }
}

func depth(_ v: JSONValue) -> Int {
    switch v {
    case .array(let a): return 1 + (a.map(depth).max() ?? 0)
    case .object(let o): return 1 + (o.values.map(depth).max() ?? 0)
    default: return 0
    }
}

func write(_ v: JSONValue) -> [UInt8] {
    var w = JSONWriter(capacity: 64)
    w.write(v)
    return w.bytes
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let value: JSONValue
    do {
        value = try JSONParser.parse(bytes)
    } catch {
        check(error.offset >= 0 && error.offset <= size, "failure offset \(error.offset) outside 0...\(size)")
        check(!error.reason.isEmpty, "failure without a reason")
        return 0
    }
    check(depth(value) <= JSONParser.maxDepth + 1, "accepted nesting \(depth(value))")
    let written = write(value)
    let again: JSONValue
    do {
        again = try JSONParser.parse(written)
    } catch {
        check(false, "written form \(String(decoding: written, as: UTF8.self)) does not parse: \(error)")
        return 0
    }
    check(same(value, again), "round trip changed \(value) into \(again)")
    check(write(again) == written, "writing the round-tripped value gave other bytes")
    return 0
}

// libFuzzer target: the request parser (head and chunked body), compiled together with HTTPCore's parser files by
// Fuzz/run.sh. The input's first two bytes seed the split points, the rest is what a client sends. Invariants:
// - no crash, no hang (libFuzzer's -timeout), no memory error (ASan);
// - a parse succeeds, asks for more bytes, or fails with an HTTPParseError whose status is 4xx or 5xx;
// - feeding the same bytes in different splits, as a connection does, gives the same outcome (same head, or a
//   failure with the same status), and the chunked body decodes to the same bytes;
// - re-serialising a parsed head and parsing it again gives the same head.

struct Outcome: Equatable {
    enum Kind: Equatable {
        case incomplete
        case complete(Summary, consumed: Int)
        case failure(status: Int)
    }
    var kind: Kind
}

struct Summary: Equatable {
    var method: String
    var target: String
    var version: String
    var headers: [String]
    var framing: RequestHead.BodyFraming
    var expectsContinue: Bool
    var keepAlive: Bool
    init(_ head: RequestHead) {
        method = head.method.rawValue
        target = head.target
        version = head.version.description
        headers = head.headers.fields.map { "\($0.name): \($0.value)" }
        framing = head.framing
        expectsContinue = head.expectsContinue
        keepAlive = head.keepAlive
    }
}

var limits: HTTPLimits = {
    var l = HTTPLimits()
    // Small limits, so that inputs of a few hundred bytes reach every limit.
    l.maxHeaderBytes = 512
    l.maxURILength = 128
    l.maxHeaderCount = 12
    l.maxBodyBytes = 256
    l.maxLeadingEmptyLineBytes = 16
    l.maxChunkExtensionBytes = 64
    l.maxTrailerBytes = 96
    return l
}()

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant violated: \(message())") }
}

func status(_ error: HTTPParseError) -> Int {
    let code = error.status.code
    check(code >= 400 && code < 600, "status \(code) for \(error)")
    check(!error.detail.isEmpty, "empty detail for \(error)")
    return code
}

/// The whole input in one read (stateless form).
func parseWhole(_ bytes: [UInt8]) -> (Outcome, RequestHead?) {
    switch bytes.withUnsafeBytes({ RequestParser.parseHead($0, limits: limits) }) {
    case .incomplete: return (Outcome(kind: .incomplete), nil)
    case .complete(let head, let consumed): return (Outcome(kind: .complete(Summary(head), consumed: consumed)), head)
    case .failure(let error): return (Outcome(kind: .failure(status: status(error))), nil)
    }
}

/// The input arriving in pieces, as `Connection` reads it: leading empty lines skipped as they arrive (counted
/// against the limit), the rest buffered and scanned where the last scan stopped.
func parseSplit(_ bytes: [UInt8], cuts: [Int]) -> Outcome {
    var buffer: [UInt8] = []
    var skipped = 0
    var scan = RequestParser.HeadScan()
    var from = 0
    for cut in cuts + [bytes.count] where cut > from {
        var piece = bytes[from..<cut]
        from = cut
        if buffer.isEmpty {
            while let first = piece.first, first == 13 || first == 10 {
                piece = piece.dropFirst()
                skipped += 1
                if skipped > limits.maxLeadingEmptyLineBytes { return Outcome(kind: .failure(status: 400)) }
            }
        }
        buffer.append(contentsOf: piece)
        if buffer.isEmpty { continue }
        switch buffer.withUnsafeBytes({ RequestParser.parseHead($0, scan: &scan, limits: limits) }) {
        case .incomplete: continue
        case .complete(let head, let consumed):
            return Outcome(kind: .complete(Summary(head), consumed: consumed + skipped))
        case .failure(let error): return Outcome(kind: .failure(status: status(error)))
        }
    }
    return Outcome(kind: .incomplete)
}

enum BodyOutcome: Equatable {
    case done(body: [UInt8], consumed: Int)
    case incomplete(body: [UInt8])
    case failure(status: Int)
}

func decodeChunked(_ bytes: ArraySlice<UInt8>, cuts: [Int]) -> BodyOutcome {
    var decoder = ChunkedDecoder(limits: limits)
    var body: [UInt8] = []
    var consumed = 0
    var from = bytes.startIndex
    for cut in cuts.map({ bytes.startIndex + $0 }).filter({ $0 < bytes.endIndex }) + [bytes.endIndex] where cut >= from
    {
        let piece = Array(bytes[from..<cut])
        from = cut
        do {
            let used = try piece.withUnsafeBytes { try decoder.feed($0, into: &body) }
            check(used <= piece.count, "decoder used more than it was given")
            consumed += used
            check(body.count <= limits.maxBodyBytes, "body over the limit")
            if decoder.isDone { return .done(body: body, consumed: consumed) }
            check(used == piece.count, "decoder stopped early without being done")
        } catch let error as HTTPParseError {
            return .failure(status: status(error))
        } catch {
            check(false, "untyped error \(error)")
        }
    }
    return .incomplete(body: body)
}

/// The head written out again, CRLF-terminated.
func serialise(_ head: RequestHead) -> [UInt8] {
    var text = "\(head.method.rawValue) \(head.target) \(head.version)\r\n"
    for field in head.headers.fields { text += "\(field.name): \(field.value)\r\n" }
    text += "\r\n"
    return Array(text.utf8)
}

/// A small deterministic generator for split points.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func cuts(count: Int, seed: UInt64, style: UInt64) -> [Int] {
    guard count > 1 else { return [] }
    switch style % 3 {
    case 0: return Array(1..<count)  // byte at a time
    default:
        var rng = SplitMix(state: seed)
        var result: [Int] = []
        var at = 0
        while true {
            at += 1 + Int(rng.next() % UInt64(style % 3 == 1 ? 4 : 64))
            if at >= count { return result }
            result.append(at)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let seed = UInt64(data[0]) << 8 | UInt64(data[1])
    let bytes = Array(UnsafeBufferPointer(start: data + 2, count: size - 2))

    let (whole, head) = parseWhole(bytes)
    for style: UInt64 in 0..<3 {
        let split = parseSplit(bytes, cuts: cuts(count: bytes.count, seed: seed, style: style))
        switch (whole.kind, split.kind) {
        case (.failure(let a), .failure(let b)):
            check(a == b, "whole fails with \(a), split with \(b)")
        default:
            check(whole == split, "whole \(whole) but split \(split)")
        }
    }

    guard let head, case .complete(_, let consumed) = whole.kind else { return 0 }
    // Re-serialised, the head means the same. Under wider byte limits: a value's bytes that are not UTF-8
    // (obs-text) became U+FFFD in the String, three bytes each, so the written head may be longer.
    let saved = limits
    limits.maxHeaderBytes = 1 << 20
    limits.maxURILength = 1 << 20
    let again = parseWhole(serialise(head)).0
    limits = saved
    guard case .complete(let summary, _) = again.kind, summary == Summary(head) else {
        check(false, "re-serialised head parses as \(again), not \(Summary(head))")
        return 0
    }
    if head.framing == .chunked {
        let rest = bytes[consumed...]
        let one = decodeChunked(rest, cuts: [])
        for style: UInt64 in 0..<3 {
            let split = decodeChunked(rest, cuts: cuts(count: rest.count, seed: seed ^ 0x5555, style: style))
            check(one == split, "chunked body: whole \(one) but split \(split)")
        }
    }
    return 0
}

import Testing

@testable import HTTPCore

/// What a call to `RequestParser.parseHead` produced, reduced to comparable values.
enum ParseOutcome: Equatable, CustomStringConvertible {
    case incomplete(scanFrom: Int)
    case complete(HeadSummary, consumed: Int)
    case failure(HTTPParseError)

    init(_ result: RequestParser.HeadResult) {
        switch result {
        case .incomplete(let scanFrom): self = .incomplete(scanFrom: scanFrom)
        case .complete(let head, let consumed): self = .complete(HeadSummary(head), consumed: consumed)
        case .failure(let error): self = .failure(error)
        }
    }

    /// The head, when the result is complete.
    var head: HeadSummary? {
        if case .complete(let head, _) = self { return head }
        return nil
    }

    /// The status the server would answer with, when the result is a failure.
    var failureStatus: Int? {
        if case .failure(let error) = self { return error.status.code }
        return nil
    }

    var description: String {
        switch self {
        case .incomplete(let scanFrom): "incomplete(scanFrom: \(scanFrom))"
        case .complete(let head, let consumed): "complete(\(head), consumed: \(consumed))"
        case .failure(let error): "failure(\(error.status.code): \(error.detail))"
        }
    }
}

/// The observable parts of a `RequestHead`.
struct HeadSummary: Equatable {
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

/// Parses `bytes` as one buffered read.
func parse(_ bytes: [UInt8], scanFrom: Int = 0, limits: HTTPLimits = HTTPLimits()) -> ParseOutcome {
    ParseOutcome(bytes.withUnsafeBytes { RequestParser.parseHead($0, scanFrom: scanFrom, limits: limits) })
}

func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) -> ParseOutcome {
    parse(Array(text.utf8), limits: limits)
}

/// Simulates a connection: the bytes arrive `chunkSize` at a time and each read resumes where the last scan stopped
/// (`RequestParser.HeadScan`: the end-of-head search and the request-line check).
/// Returns the first non-incomplete outcome (or the last incomplete one) and how many reads it took.
func parseArriving(
    _ text: String,
    chunkSize: Int,
    limits: HTTPLimits = HTTPLimits()
) -> (outcome: ParseOutcome, reads: Int) {
    let bytes = Array(text.utf8)
    var buffer: [UInt8] = []
    var scan = RequestParser.HeadScan()
    var reads = 0
    var outcome = ParseOutcome.incomplete(scanFrom: 0)
    while buffer.count < bytes.count {
        buffer.append(contentsOf: bytes[buffer.count..<min(buffer.count + chunkSize, bytes.count)])
        reads += 1
        outcome = ParseOutcome(buffer.withUnsafeBytes { RequestParser.parseHead($0, scan: &scan, limits: limits) })
        guard case .incomplete = outcome else { return (outcome, reads) }
    }
    return (outcome, reads)
}

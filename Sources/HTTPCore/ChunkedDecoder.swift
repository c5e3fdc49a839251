/// Decodes a `chunked` request body incrementally (RFC 9112 §7.1). Extensions are checked and skipped; trailer
/// fields are checked and discarded (RFC 9112 §7.1.2 lets a recipient drop them).
///
/// The framing is read strictly, because a lenient reader behind or in front of a strict one is how requests are
/// smuggled: every line ends with CRLF (a bare LF is refused, unlike in the head), only a chunk extension (`;`,
/// after optional whitespace) may follow the size, extension bytes hold no control characters, and each trailer
/// line is a valid header field. Everything that is not body data is bounded: the size line's digits (15 hex
/// digits), all extension bytes of a body together (`HTTPLimits.maxChunkExtensionBytes`, then 400) and the trailer
/// section (`HTTPLimits.maxTrailerBytes`, then 431); the data itself by `HTTPLimits.maxBodyBytes` (413).
public struct ChunkedDecoder: Sendable {
    enum State: Sendable, Equatable {
        case size
        /// Whitespace after the size: only a `;` and an extension may follow.
        case sizeWhitespace
        case sizeExtension
        case sizeLF
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerLine
        case trailerLF
        case trailerEndLF
        case done
    }

    var state: State = .size
    var size = 0
    var digits = 0
    var total = 0
    var extensionBytes = 0
    var trailerBytes = 0
    /// The trailer line being read (at most `maxTrailerBytes`), checked as a header field once it ends.
    var trailerLine: [UInt8] = []
    let maxBody: Int
    let maxExtensionBytes: Int
    let maxTrailerBytes: Int

    public init(
        maxBody: Int,
        maxExtensionBytes: Int = HTTPLimits().maxChunkExtensionBytes,
        maxTrailerBytes: Int = HTTPLimits().maxTrailerBytes
    ) {
        self.maxBody = maxBody
        self.maxExtensionBytes = maxExtensionBytes
        self.maxTrailerBytes = maxTrailerBytes
    }

    public init(limits: HTTPLimits) {
        self.init(
            maxBody: limits.maxBodyBytes,
            maxExtensionBytes: limits.maxChunkExtensionBytes,
            maxTrailerBytes: limits.maxTrailerBytes
        )
    }

    public var isDone: Bool { state == .done }

    /// Consumes bytes from `input`, appending chunk data to `body`; returns how many bytes it used. It stops right
    /// after the final CRLF, so what follows (a pipelined request) stays in the buffer.
    public mutating func feed(_ input: UnsafeRawBufferPointer, into body: inout [UInt8]) throws(HTTPParseError) -> Int {
        var i = 0
        let n = input.count
        while i < n {
            let c = input[i]
            switch state {
            case .size:
                if let v = RequestParser.hexValue(c) {
                    digits += 1
                    if digits > 15 { throw .badRequest("chunk size too long (more than 15 hexadecimal digits)") }
                    size = size << 4 | Int(v)
                } else if digits == 0 {
                    throw .badRequest("malformed chunk size: expected hexadecimal digits")
                } else if c == 13 {
                    state = .sizeLF
                } else if c == UInt8(ascii: ";") {
                    state = .sizeExtension
                } else if c == 32 || c == 9 {
                    try countExtensionByte()
                    state = .sizeWhitespace
                } else {
                    throw Self.lineError(c, "malformed chunk size: only ';' and a chunk extension may follow it")
                }
            case .sizeWhitespace:
                if c == 32 || c == 9 {
                    try countExtensionByte()
                } else if c == UInt8(ascii: ";") {
                    state = .sizeExtension
                } else {
                    throw Self.lineError(c, "malformed chunk size: only ';' and a chunk extension may follow it")
                }
            case .sizeExtension:
                if c == 13 {
                    state = .sizeLF
                } else if (c < 32 && c != 9) || c == 127 {
                    throw Self.lineError(c, "control character in a chunk extension")
                } else {
                    try countExtensionByte()
                }
            case .sizeLF:
                guard c == 10 else { throw .badRequest("malformed chunk size line: CR not followed by LF") }
                try endSizeLine()
            case .data(let remaining):
                let take = min(remaining, n - i)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[i..<(i + take)]))
                i += take
                state = remaining == take ? .dataCR : .data(remaining: remaining - take)
                continue
            case .dataCR:
                guard c == 13 else { throw Self.lineError(c, "chunk data longer than its size") }
                state = .dataLF
            case .dataLF:
                guard c == 10 else { throw .badRequest("chunk data longer than its size") }
                state = .size
            case .trailerLineStart:
                try countTrailerByte()
                if c == 13 {
                    state = .trailerEndLF
                } else if c == 10 {
                    throw .badRequest("chunked body lines must end with CRLF, not a bare LF")
                } else {
                    trailerLine.append(c)
                    state = .trailerLine
                }
            case .trailerLine:
                try countTrailerByte()
                if c == 13 {
                    state = .trailerLF
                } else if c == 10 {
                    throw .badRequest("chunked body lines must end with CRLF, not a bare LF")
                } else {
                    trailerLine.append(c)
                }
            case .trailerLF:
                try countTrailerByte()
                guard c == 10 else { throw .badRequest("bare CR in the trailer section") }
                try checkTrailerLine()
                state = .trailerLineStart
            case .trailerEndLF:
                guard c == 10 else { throw .badRequest("bare CR in the trailer section") }
                state = .done
                trailerLine = []
                return i + 1
            case .done:
                return i
            }
            i += 1
        }
        return i
    }

    /// The error for an unexpected byte ending a line: a bare LF gets its own message.
    private static func lineError(_ c: UInt8, _ otherwise: String) -> HTTPParseError {
        c == 10 ? .badRequest("chunked body lines must end with CRLF, not a bare LF") : .badRequest(otherwise)
    }

    private mutating func countExtensionByte() throws(HTTPParseError) {
        extensionBytes += 1
        if extensionBytes > maxExtensionBytes { throw .chunkExtensionsTooLong(limit: maxExtensionBytes) }
    }

    private mutating func countTrailerByte() throws(HTTPParseError) {
        trailerBytes += 1
        if trailerBytes > maxTrailerBytes { throw .trailerTooLarge(limit: maxTrailerBytes) }
    }

    /// A trailer line is a header field like any other (RFC 9112 §7.1.2), read with the head's rules.
    private mutating func checkTrailerLine() throws(HTTPParseError) {
        do {
            _ = try trailerLine.withUnsafeBytes { try RequestParser.parseField($0) }
        } catch let error as HTTPParseError {
            if case .badRequest(let why) = error { throw .badRequest("in the trailer section: \(why)") }
            throw error
        } catch {
            throw .badRequest("malformed trailer field")
        }
        trailerLine.removeAll(keepingCapacity: true)
    }

    private mutating func endSizeLine() throws(HTTPParseError) {
        if size == 0 {
            state = .trailerLineStart
            return
        }
        total += size
        if total > maxBody { throw .bodyTooLarge(limit: maxBody) }
        state = .data(remaining: size)
        size = 0
        digits = 0
    }
}

extension RequestParser {
    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt8? { PercentDecoding.hexValue(c) }
}

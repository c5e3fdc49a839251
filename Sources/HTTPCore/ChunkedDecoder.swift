/// Decodes a `chunked` request body incrementally (RFC 9112 §7.1). Extensions are skipped; trailer fields are
/// read and discarded (RFC 9112 §7.1.2 lets a recipient drop them).
public struct ChunkedDecoder: Sendable {
    enum State: Sendable, Equatable {
        case size
        case sizeExtension
        case sizeLF
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerLine
        case trailerLF(empty: Bool)
        case done
    }

    var state: State = .size
    var size = 0
    var digits = 0
    var lineBytes = 0
    var total = 0
    let maxBody: Int
    let maxLine: Int

    public init(maxBody: Int, maxLine: Int = 16 * 1024) {
        self.maxBody = maxBody
        self.maxLine = maxLine
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
                    if digits > 15 { throw .badRequest("chunk size too long") }
                    size = size << 4 | Int(v)
                    i += 1
                } else if digits == 0 {
                    throw .badRequest("malformed chunk size")
                } else if c == 13 {
                    state = .sizeLF
                    i += 1
                } else if c == 10 {
                    i += 1
                    try endSizeLine()
                } else if c == UInt8(ascii: ";") || c == 32 || c == 9 {
                    state = .sizeExtension
                    lineBytes = 0
                    i += 1
                } else {
                    throw .badRequest("malformed chunk size")
                }
            case .sizeExtension:
                if c == 13 {
                    state = .sizeLF
                } else if c == 10 {
                    try endSizeLine()
                } else {
                    lineBytes += 1
                    if lineBytes > maxLine { throw .badRequest("chunk extension too long") }
                    if c < 32 && c != 9 { throw .badRequest("control character in a chunk extension") }
                }
                i += 1
            case .sizeLF:
                guard c == 10 else { throw .badRequest("malformed chunk size line") }
                i += 1
                try endSizeLine()
            case .data(let remaining):
                let take = min(remaining, n - i)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[i..<(i + take)]))
                i += take
                state = remaining == take ? .dataCR : .data(remaining: remaining - take)
            case .dataCR:
                if c == 13 {
                    state = .dataLF
                } else if c == 10 {
                    state = .size
                } else {
                    throw .badRequest("chunk data longer than its size")
                }
                i += 1
            case .dataLF:
                guard c == 10 else { throw .badRequest("chunk data longer than its size") }
                state = .size
                i += 1
            case .trailerLineStart:
                if c == 13 {
                    state = .trailerLF(empty: true)
                } else if c == 10 {
                    state = .done
                    return i + 1
                } else {
                    state = .trailerLine
                    lineBytes = 1
                }
                i += 1
            case .trailerLine:
                if c == 13 {
                    state = .trailerLF(empty: false)
                } else if c == 10 {
                    state = .trailerLineStart
                } else {
                    lineBytes += 1
                    if lineBytes > maxLine { throw .headersTooLarge(limit: maxLine) }
                    if c < 32 && c != 9 { throw .badRequest("control character in a trailer field") }
                }
                i += 1
            case .trailerLF(let empty):
                guard c == 10 else { throw .badRequest("bare CR in the trailer section") }
                i += 1
                if empty {
                    state = .done
                    return i
                }
                state = .trailerLineStart
            case .done:
                return i
            }
        }
        return i
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

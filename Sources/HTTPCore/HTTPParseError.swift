/// Why a request could not be read. Each case maps to one status; the connection is closed after answering,
/// because after any of these the framing of what follows is in doubt.
public enum HTTPParseError: Error, Equatable, Sendable {
    case badRequest(String)
    case uriTooLong(limit: Int)
    case headersTooLarge(limit: Int)
    case bodyTooLarge(limit: Int)
    /// The trailer section of a chunked body is larger than `HTTPLimits.maxTrailerBytes`.
    case trailerTooLarge(limit: Int)
    /// The chunk extensions of one body add up to more than `HTTPLimits.maxChunkExtensionBytes`.
    case chunkExtensionsTooLong(limit: Int)
    /// More than `HTTPLimits.maxLeadingEmptyLineBytes` bytes of empty lines came before a request line.
    case tooManyEmptyLines(limit: Int)
    case versionNotSupported(String)
    case methodNotImplemented(String)
    case transferCodingNotImplemented(String)
    case expectationFailed(String)

    public var status: HTTPStatus {
        switch self {
        case .badRequest: .badRequest
        case .uriTooLong: .uriTooLong
        case .headersTooLarge, .trailerTooLarge: .requestHeaderFieldsTooLarge
        case .chunkExtensionsTooLong, .tooManyEmptyLines: .badRequest
        case .bodyTooLarge: .contentTooLarge
        case .versionNotSupported: .httpVersionNotSupported
        case .methodNotImplemented, .transferCodingNotImplemented: .notImplemented
        case .expectationFailed: .expectationFailed
        }
    }

    public var detail: String {
        switch self {
        case .badRequest(let why): why
        case .uriTooLong(let limit): "the request target is longer than \(limit) bytes"
        case .headersTooLarge(let limit):
            "the request header section is larger than \(limit) bytes or has too many fields"
        case .bodyTooLarge(let limit): "the request body is larger than \(limit) bytes"
        case .trailerTooLarge(let limit):
            "the trailer section of the chunked body is larger than \(limit) bytes (maxTrailerBytes); send fewer or "
                + "shorter trailer fields"
        case .chunkExtensionsTooLong(let limit):
            "the chunk extensions of the body add up to more than \(limit) bytes (maxChunkExtensionBytes); send the "
                + "chunks without extensions"
        case .tooManyEmptyLines(let limit):
            "more than \(limit) bytes of empty lines before the request line (maxLeadingEmptyLineBytes); send the "
                + "request line first"
        case .versionNotSupported(let v): "\(v) is not supported; use HTTP/1.1 or HTTP/1.0"
        case .methodNotImplemented(let m): "method \(m) is not implemented"
        case .transferCodingNotImplemented(let c): "transfer coding '\(c)' is not implemented; only chunked is"
        case .expectationFailed(let e): "expectation '\(e)' cannot be met; only 100-continue is supported"
        }
    }
}

/// The size limits the parser enforces. The first four are settings (`maxHeaderBytes` … in the configuration); the
/// others are constants of the wire protocol, not read from the configuration, and changed only in code (tests).
public struct HTTPLimits: Sendable, Equatable {
    /// Largest request line plus header section, in bytes (431 above it).
    public var maxHeaderBytes: Int = 16 * 1024
    /// Longest request target, in bytes (414 above it).
    public var maxURILength: Int = 8 * 1024
    /// Most header field lines (431 above it).
    public var maxHeaderCount: Int = 100
    /// Largest request body, in bytes (413 above it, before the body is read when its length is declared).
    public var maxBodyBytes: Int = 1024 * 1024
    /// Bytes of empty lines (CRLF or LF) accepted before a request line, which RFC 9112 §2.2 asks a server to
    /// ignore (some clients send a CRLF after a body); more is not a client's mistake: 400 and close. They are
    /// skipped as they arrive, never buffered, and the header timeout runs from the first of them.
    public var maxLeadingEmptyLineBytes: Int = 256
    /// Bytes of chunk extensions (RFC 9112 §7.1.1: whitespace, `;`, names and values after a chunk size) in one
    /// chunked body, all chunks together; more: 400. Charter uses no extension, so they are checked and dropped.
    public var maxChunkExtensionBytes: Int = 4 * 1024
    /// Bytes of the trailer section of one chunked body (its fields and their CRLFs); more: 431. Each trailer line
    /// must be a valid header field; the fields are dropped (RFC 9112 §7.1.2).
    public var maxTrailerBytes: Int = 8 * 1024
    public init() {}
}

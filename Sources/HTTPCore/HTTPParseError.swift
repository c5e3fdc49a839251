/// Why a request could not be read. Each case maps to one status; the connection is closed after answering,
/// because after any of these the framing of what follows is in doubt.
public enum HTTPParseError: Error, Equatable, Sendable {
    case badRequest(String)
    case uriTooLong(limit: Int)
    case headersTooLarge(limit: Int)
    case bodyTooLarge(limit: Int)
    case versionNotSupported(String)
    case methodNotImplemented(String)
    case transferCodingNotImplemented(String)
    case expectationFailed(String)

    public var status: HTTPStatus {
        switch self {
        case .badRequest: .badRequest
        case .uriTooLong: .uriTooLong
        case .headersTooLarge: .requestHeaderFieldsTooLarge
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
        case .versionNotSupported(let v): "\(v) is not supported; use HTTP/1.1 or HTTP/1.0"
        case .methodNotImplemented(let m): "method \(m) is not implemented"
        case .transferCodingNotImplemented(let c): "transfer coding '\(c)' is not implemented; only chunked is"
        case .expectationFailed(let e): "expectation '\(e)' cannot be met; only 100-continue is supported"
        }
    }
}

/// The size limits the parser enforces, all configurable.
public struct HTTPLimits: Sendable, Equatable {
    /// Largest request line plus header section, in bytes (431 above it).
    public var maxHeaderBytes: Int = 16 * 1024
    /// Longest request target, in bytes (414 above it).
    public var maxURILength: Int = 8 * 1024
    /// Most header field lines (431 above it).
    public var maxHeaderCount: Int = 100
    /// Largest request body, in bytes (413 above it, before the body is read when its length is declared).
    public var maxBodyBytes: Int = 1024 * 1024
    public init() {}
}

import Foundation

/// An HTTP response: status, headers and the whole body. `Content-Length`, `Date`, `Server`, `Connection` and
/// `X-Request-Id` are set by the server when it writes the response, never by handlers.
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Names these exact body bytes (it includes their ETag), so middleware may keep what it derives from them
    /// (the gzip variant) in a `BodyCache`; nil for bodies that are not worth keeping. Never sent.
    public var cacheKey: String?
    /// The body's length before `GzipMiddleware` compressed it (nil: not compressed), for the metrics of bytes
    /// before and after compression. Never sent.
    public var uncompressedBodyCount: Int?
    /// Who made the request (an API key's name, never the key), for the access log. Never sent.
    public var principalName: String?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a body of the given media type.
    public static func bytes(_ body: [UInt8], contentType: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": contentType], body: body)
    }

    /// A plain-text response.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> Response {
        bytes(Array(text.utf8), contentType: "text/plain; charset=utf-8", status: status)
    }

    /// A JSON response encoded with the shared encoder (ISO 8601 dates, sorted keys).
    /// - Throws: an `EncodingError` when the value cannot be encoded.
    public static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok) throws -> Response {
        bytes(try JSON.encode(value), contentType: JSON.contentType, status: status)
    }
}

/// The JSON coding used by every handler, made once: creating an encoder per request costs microseconds.
public enum JSON {
    public static let contentType = "application/json; charset=utf-8"

    // JSONEncoder and JSONDecoder are Sendable in swift-foundation: `encode` snapshots its options under a lock.
    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }()
    private static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] { Array(try encoder.encode(value)) }
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decoder.decode(type, from: Data(bytes))
    }
}

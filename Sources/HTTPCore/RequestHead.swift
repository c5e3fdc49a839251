/// A parsed request line and header section, with the framing decided (RFC 9112 §6.3).
public struct RequestHead: Sendable {
    public var method: HTTPMethod
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var framing: BodyFraming
    /// The client sent `Expect: 100-continue` and waits for an interim response before the body.
    public var expectsContinue: Bool

    public enum BodyFraming: Sendable, Equatable {
        case none
        case length(Int)
        case chunked
    }

    /// Whether the connection stays open after the response (RFC 9112 §9.3).
    public var keepAlive: Bool {
        if headers.hasToken("close", in: "Connection") { return false }
        return version == .http1_1 || headers.hasToken("keep-alive", in: "Connection")
    }
}

import Logging

/// Catches every error once and turns it into an RFC 9457 problem response.
///
/// `HTTPError` gives its own status; a `DecodingError` is a 400 (the body did not match); anything else is
/// first offered to `map` (the application's mapping of its own errors, e.g. SQLite's), then becomes a 500 whose
/// detail goes only to the log.
public struct ErrorMiddleware: Middleware {
    public typealias Mapper = @Sendable (any Error, Request) -> Response?
    let logger: Logger
    let map: Mapper?

    public init(logger: Logger, map: Mapper? = nil) {
        self.logger = logger
        self.map = map
    }

    public func respond(to request: Request, next: any Responder) throws -> Response {
        do {
            return try next.respond(to: request)
        } catch let error as HTTPError {
            return Problem(status: error.status, detail: error.detail, instance: request.path, errors: error.errors)
                .response(headers: error.headers)
        } catch let error as DecodingError {
            return Response.problem(.badRequest, "malformed JSON body: \(Self.describe(error))", instance: request.path)
        } catch {
            if let mapped = map?(error, request) { return mapped }
            logger.error(
                "unhandled error: \(String(describing: error))",
                metadata: [
                    "http.method": "\(request.method)", "http.route": "\(request.route ?? request.path)",
                    "request.id": "\(request.id)",
                ]
            )
            return Response.problem(
                .internalServerError,
                "the server failed to answer; see its log",
                instance: request.path
            )
        }
    }

    /// A one-line description of a decoding failure, naming the field path, never the input.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "" : " at '\(p)'"
        }
        switch error {
        case .typeMismatch(let type, let c): return "expected \(type)\(path(c))"
        case .valueNotFound(let type, let c): return "missing \(type) value\(path(c))"
        case .keyNotFound(let key, let c): return "missing field '\(key.stringValue)'\(path(c))"
        case .dataCorrupted(let c): return c.debugDescription + path(c)
        @unknown default: return "undecodable body"
        }
    }
}

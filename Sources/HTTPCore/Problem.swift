/// An RFC 9457 problem details body (`application/problem+json`).
public struct Problem: Codable, Sendable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var instance: String?
    /// Field-level issues, for validation problems: the first `maxErrors` of them.
    public var errors: [FieldIssue]?
    /// How many issues `errors` leaves out (absent when it lists them all).
    public var errorsOmitted: Int?

    /// The most issues a problem lists. A body of 90,000 unknown fields (0.98 MB) made a 7.8 MB problem (issue 16);
    /// the first 50 say what is wrong, and `errorsOmitted` how many more there are.
    public static let maxErrors = 50

    public struct FieldIssue: Codable, Sendable, Equatable {
        public var field: String
        public var code: String
        public var message: String
        public init(field: String, code: String, message: String) {
            self.field = field
            self.code = code
            self.message = message
        }
    }

    public init(
        status: HTTPStatus,
        detail: String,
        type: String = "about:blank",
        title: String? = nil,
        instance: String? = nil,
        errors: [FieldIssue]? = nil
    ) {
        self.type = type
        self.title = title ?? status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.instance = instance
        if let errors, errors.count > Self.maxErrors {
            self.errors = Array(errors.prefix(Self.maxErrors))
            errorsOmitted = errors.count - Self.maxErrors
        } else {
            self.errors = errors
        }
    }

    public static let contentType = "application/problem+json"

    /// The problem as a response; encoding a `Problem` cannot fail, so this does not throw.
    public func response(headers: HTTPHeaders = HTTPHeaders()) -> Response {
        var r = Response(status: HTTPStatus(code: status), headers: headers)
        r.headers["Content-Type"] = Problem.contentType
        r.body = (try? JSON.encode(self)) ?? Array(#"{"title":"Internal Server Error","status":500}"#.utf8)
        return r
    }
}

extension Response {
    /// A problem+json response for `status` with a human-readable `detail`.
    public static func problem(
        _ status: HTTPStatus,
        _ detail: String,
        instance: String? = nil,
        headers: HTTPHeaders = HTTPHeaders()
    ) -> Response {
        Problem(status: status, detail: detail, instance: instance).response(headers: headers)
    }
}

/// An error that carries its own HTTP status and a detail fit for the client.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    public var detail: String
    public var headers: HTTPHeaders
    public var errors: [Problem.FieldIssue]?

    public init(
        _ status: HTTPStatus,
        _ detail: String,
        headers: HTTPHeaders = HTTPHeaders(),
        errors: [Problem.FieldIssue]? = nil
    ) {
        self.status = status
        self.detail = detail
        self.headers = headers
        self.errors = errors
    }
    public var description: String { "\(status.code) \(detail)" }
}

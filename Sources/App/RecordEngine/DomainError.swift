import HTTPCore

/// What the record engine and the domain rules throw: what went wrong in the data's own terms, never an HTTP
/// status. `ErrorMapping` is the one place that turns each case into a problem response.
public enum DomainError: Error, Sendable, Equatable {
    /// The record breaks field or cross-field rules: every issue at once (422).
    case invalid(_ detail: String, issues: [FieldIssue])
    /// No such record (404).
    case notFound(_ detail: String)
    /// The change contradicts the record's state or its neighbours: an illegal transition, a cycle, a closed
    /// project (409). `issues` name the fields involved, when there are any.
    case conflict(_ detail: String, issues: [FieldIssue] = [])
    /// A unique value is taken (409, naming the field).
    case duplicate(field: String, detail: String)
    /// The record cannot be deleted while others refer to it (409 saying where).
    case stillReferenced(_ detail: String)
    /// `If-Match` named another version (412, with the current `ETag`).
    case preconditionFailed(_ detail: String, currentETag: String)
    /// The caller is known but may not do this (403): e.g. a review by a key linked to no person.
    case forbidden(_ detail: String)

    /// The validation error for `issues`, with a detail that lists the fields (the first `Problem.maxErrors`, as
    /// the problem's `errors` does, and how many more).
    public static func invalid(_ issues: [FieldIssue]) -> DomainError {
        var fields = issues.prefix(Problem.maxErrors).map(\.field).joined(separator: ", ")
        if issues.count > Problem.maxErrors { fields += " and \(issues.count - Problem.maxErrors) more" }
        return .invalid("the body has \(issues.count) invalid field(s): \(fields)", issues: issues)
    }

    /// The HTTP form of this error: the one mapping from domain to protocol.
    public var httpError: HTTPError {
        switch self {
        case .invalid(let detail, let issues): HTTPError(.unprocessableContent, detail, errors: issues)
        case .notFound(let detail): HTTPError(.notFound, detail)
        case .conflict(let detail, let issues): HTTPError(.conflict, detail, errors: issues.isEmpty ? nil : issues)
        case .duplicate(let field, let detail):
            HTTPError(.conflict, detail, errors: [FieldIssue(field: field, code: "unique", message: "must be unique")])
        case .stillReferenced(let detail): HTTPError(.conflict, detail)
        case .preconditionFailed(let detail, let etag): HTTPError(.preconditionFailed, detail, headers: ["ETag": etag])
        case .forbidden(let detail): HTTPError(.forbidden, detail)
        }
    }
}

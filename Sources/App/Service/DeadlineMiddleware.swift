import HTTPCore
import Storage

/// Carries a request's deadline (set by the server for requests run on a worker) to the database: past it, a read
/// or write does not start, a running statement is interrupted, and a write transaction rolls back instead of
/// committing, so a client told 503 finds nothing half-written (see `RequestDeadline` and `DatabaseDeadline`).
/// Outermost, so that the API-key lookup runs under the deadline too.
public struct DeadlineMiddleware: Middleware {
    public init() {}

    public func respond(to request: Request, next: any Responder) throws -> Response {
        guard let deadline = request.deadline else { return try next.respond(to: request) }
        let database = DatabaseDeadline(monotonicNanoseconds: deadline.monotonicNanoseconds) {
            deadline.beginCommit()
        }
        return try DatabaseDeadline.$current.withValue(database) { try next.respond(to: request) }
    }
}

import HTTPCore
import Logging
import Storage

/// The one place where the application's own errors become HTTP statuses (HTTPError and DecodingError are
/// handled by `ErrorMiddleware` itself): `DomainError` by its case, `SQLiteError` by its code.
public enum ErrorMapping {
    /// The mapper `ErrorMiddleware` consults for errors it does not know itself.
    public static func make(logger: Logger) -> ErrorMiddleware.Mapper {
        { error, request in
            if let known = httpError(for: error) {
                return Problem(status: known.status, detail: known.detail, instance: request.path, errors: known.errors)
                    .response(headers: known.headers)
            }
            // A server fault inside a batch still says which operation failed; its cause goes to the log only.
            let place = (error as? BatchController.PlacedError).map { "operations[\($0.index)]: " } ?? ""
            guard error is SQLiteError || !place.isEmpty else { return nil }
            logger.error(
                "server error: \(error)",
                metadata: ["http.route": "\(request.route ?? request.path)", "request.id": "\(request.id)"]
            )
            return Response.problem(
                .internalServerError,
                place + "the server failed to answer; see its log",
                instance: request.path
            )
        }
    }

    /// The client-facing form of `error`, or nil when it is a server fault (a 500 whose detail belongs in the log
    /// only). Batches use it to answer a failed operation with the status it would have had alone.
    public static func httpError(for error: any Error) -> HTTPError? {
        switch error {
        case let error as HTTPError: return error
        case let error as DomainError: return error.httpError
        case let sqlite as SQLiteError:
            if sqlite.isUniqueViolation {
                return HTTPError(.conflict, "a record with the same unique value already exists")
            } else if sqlite.isForeignKeyViolation {
                return HTTPError(.unprocessableContent, "a referenced record does not exist")
            } else if sqlite.isConstraint {
                return HTTPError(.unprocessableContent, "the record breaks a rule of the data model")
            } else if sqlite.isInterrupted {
                // The request's deadline passed in the database: its transaction was rolled back.
                return HTTPError(
                    .serviceUnavailable,
                    "the request was not answered in time and was cancelled; nothing was changed"
                )
            } else if sqlite.isBusy {
                return HTTPError(
                    .serviceUnavailable,
                    "the database is busy; retry shortly",
                    headers: ["Retry-After": "1"]
                )
            }
            return nil
        default: return nil
        }
    }
}

import HTTPCore
import Logging
import Storage

/// The one place where the application's own errors become HTTP statuses (HTTPError and DecodingError are
/// handled by `ErrorMiddleware` itself).
public enum ErrorMapping {
    /// The mapper `ErrorMiddleware` consults for errors it does not know itself.
    public static func make(logger: Logger) -> ErrorMiddleware.Mapper {
        { error, request in
            guard let sqlite = error as? SQLiteError else { return nil }
            let (status, detail): (HTTPStatus, String)
            if sqlite.isUniqueViolation {
                (status, detail) = (.conflict, "a record with the same unique value already exists")
            } else if sqlite.isForeignKeyViolation {
                (status, detail) = (.unprocessableContent, "a referenced record does not exist")
            } else if sqlite.isConstraint {
                (status, detail) = (.unprocessableContent, "the record breaks a rule of the data model")
            } else if sqlite.isInterrupted {
                // The request's deadline passed in the database: its transaction was rolled back.
                return Response.problem(
                    .serviceUnavailable,
                    "the request was not answered in time and was cancelled; nothing was changed",
                    instance: request.path
                )
            } else if sqlite.isBusy {
                var response = Response.problem(
                    .serviceUnavailable,
                    "the database is busy; retry shortly",
                    instance: request.path
                )
                response.headers["Retry-After"] = "1"
                return response
            } else {
                logger.error(
                    "database error: \(sqlite)",
                    metadata: ["http.route": "\(request.route ?? request.path)", "request.id": "\(request.id)"]
                )
                (status, detail) = (.internalServerError, "the server failed to answer; see its log")
            }
            return Response.problem(status, detail, instance: request.path)
        }
    }
}

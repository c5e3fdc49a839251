import Foundation
import HTTPCore
import Storage

/// `POST /api/v1/careers/import` of a career page (admins): the same importer as `charter import profile`, in one
/// transaction. Custom profiles are written through the record engine (`Careers.definition`).
struct CareerImportController: Sendable {
    let database: DatabasePool
    /// Dropped after every import here, so that this server never serves a page older than the write.
    let caches: CareerCaches

    func register(on router: inout Router) {
        let c = self
        router.post("/api/v1/careers/import") { try c.importPage($0) }
    }

    /// `POST /api/v1/careers/import[?code=CODE]`, body a career page as `text/plain` (the layout of
    /// `it-project-managers.txt`): the same importer as `charter import profile`, in one transaction.
    func importPage(_ request: Request) throws -> Response {
        defer { caches.clear() }
        let type = request.headers["Content-Type"]?.split(separator: ";").first.map { $0.trimmingOWS().lowercased() }
        guard type == "text/plain" else {
            throw HTTPError(
                .unsupportedMediaType,
                "send the career page as text/plain",
                headers: ["Accept-Post": "text/plain"]
            )
        }
        let code = request.query["code"]
        if let code, !CareersController.isCodeShaped(code) {
            throw HTTPError(.badRequest, "'\(code)' is not a career code")
        }
        let report: CareerImportReport
        do {
            report = try database.write { db in
                try ProfileImporter(code: code).run(bytes: request.body, file: "upload", db: db)
            }
        } catch let error as CareerImportError {
            throw HTTPError(.unprocessableContent, error.description)
        }
        return try Response.json([
            "unchanged": report.unchanged ? "true" : "false", "report": report.lines.joined(separator: "; "),
        ])
    }
}

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

    /// `POST /api/v1/careers/import[?code=CODE][&replace=true][&dryRun=true]`, body a career page as `text/plain`
    /// (the layout of `it-project-managers.txt`): the same importer as `charter import profile`, in one
    /// transaction. A page that would remove more than it adds, or whose career is not the occupation's, is a 409
    /// unless `replace=true`; `dryRun=true` answers what would change and writes nothing.
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
        func flag(_ name: String) throws -> Bool {
            guard let raw = request.query[name] else { return false }
            guard let value = ListQuery.bool(raw) else { throw HTTPError(.badRequest, "\(name) must be true or false") }
            return value
        }
        var importer = ProfileImporter(code: code, replace: try flag("replace"), dryRun: try flag("dryRun"))
        importer.importedBy = "key:" + request.actor.name
        let report: CareerImportReport
        do {
            report = try database.write { db in try importer.run(bytes: request.body, file: "upload", db: db) }
        } catch let error as CareerImportError {
            if case .refused = error { throw HTTPError(.conflict, error.description) }
            throw HTTPError(.unprocessableContent, error.description)
        }
        var body: [String: JSONValue] = [
            "unchanged": .string(report.unchanged ? "true" : "false"),
            "dryRun": .string(report.dryRun ? "true" : "false"),
            "report": .string(report.lines.joined(separator: "; ")),
            "changes": .array(report.changes.map(JSONValue.string)),
        ]
        if !report.notes.isEmpty { body["notes"] = .array(report.notes.map(JSONValue.string)) }
        var writer = JSONWriter(capacity: 1024)
        writer.write(.object(body))
        return Response.bytes(writer.bytes, contentType: JSON.contentType)
    }
}

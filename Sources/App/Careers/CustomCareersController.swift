import Foundation
import HTTPCore
import Storage

/// Admin writes to careers: custom profiles (an organisation's own roles, codes like `ACME-0001.00`: two to eight
/// capital letters, a dash, four digits, a dot, two digits; O*NET's all-digit shape is reserved) and
/// `POST /api/v1/careers/import` of a career page. O*NET profiles change only by import; a PATCH or DELETE on one
/// is a 409.
struct CustomCareersController: Sendable {
    let database: DatabasePool
    /// Dropped after every write here, so that this server never serves a page older than the write.
    let caches: CareerCaches

    func register(on router: inout Router) {
        let c = self
        router.post("/api/v1/careers") { try c.create($0) }
        router.patch("/api/v1/careers/:code") { try c.update($0) }
        router.delete("/api/v1/careers/:code") { try c.delete($0) }
        router.post("/api/v1/careers/import") { try c.importPage($0) }
    }

    static func isCustomCode(_ code: String) -> Bool {
        code.range(of: #"^[A-Z]{2,8}-[0-9]{4}\.[0-9]{2}$"#, options: .regularExpression) != nil
    }

    struct Body {
        var title: String?
        var description: String?
        var jobZone: JSONValue?
        var titles: [String]?
        var tasks: [String]?
    }

    /// Validates a profile body, every problem at once (422).
    static func parse(_ object: [String: JSONValue], complete: Bool) throws -> Body {
        var body = Body()
        var issues: [FieldIssue] = []
        func text(_ name: String, max: Int) -> String? {
            guard let value = object[name] else {
                if complete && (name == "title" || name == "description") {
                    issues.append(FieldIssue(field: name, code: "required", message: "is required"))
                }
                return nil
            }
            guard case .string(let s) = value, !s.trimmingCharacters(in: .whitespaces).isEmpty, s.count <= max else {
                issues.append(
                    FieldIssue(
                        field: name,
                        code: "invalid",
                        message: "must be a non-empty string of at most \(max) characters"
                    )
                )
                return nil
            }
            return s.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func list(_ name: String) -> [String]? {
            guard let value = object[name] else { return nil }
            guard case .array(let items) = value, items.count <= 500 else {
                issues.append(FieldIssue(field: name, code: "type", message: "must be an array of at most 500 strings"))
                return nil
            }
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item, (1...2000).contains(s.count) else {
                    issues.append(
                        FieldIssue(
                            field: name,
                            code: "type",
                            message: "each entry must be a string of 1 to 2000 characters"
                        )
                    )
                    return nil
                }
                out.append(s)
            }
            return out
        }
        for key in object.keys.sorted()
        where !["code", "title", "description", "jobZone", "titles", "tasks"].contains(key) {
            issues.append(FieldIssue(field: key, code: "unknown_field", message: "is not a field of a custom profile"))
        }
        body.title = text("title", max: 200)
        body.description = text("description", max: 20_000)
        body.titles = list("titles")
        body.tasks = list("tasks")
        if let zone = object["jobZone"] {
            if zone == .null {
                body.jobZone = .null
            } else if case .int(let z) = zone, (1...5).contains(z) {
                body.jobZone = zone
            } else {
                issues.append(FieldIssue(field: "jobZone", code: "out_of_range", message: "must be 1 to 5, or null"))
            }
        }
        try ResourceController.rejectIfInvalid(issues)
        return body
    }

    func create(_ request: Request) throws -> Response {
        defer { caches.clear() }
        let object = try ResourceController.jsonBody(request, patch: false)
        guard case .string(let code)? = object["code"], Self.isCustomCode(code) else {
            throw HTTPError(
                .unprocessableContent,
                "a custom profile needs a code like ACME-0001.00 (NN-NNNN.NN codes are O*NET's)",
                errors: [FieldIssue(field: "code", code: "format", message: "must look like ACME-0001.00")]
            )
        }
        let body = try Self.parse(object, complete: true)
        try database.write { db in
            if try db.queryOne("SELECT 1 FROM occupations WHERE code = ?", [code]) != nil {
                throw HTTPError(.conflict, "a career profile with code \(code) exists")
            }
            try db.execute(
                """
                INSERT INTO occupations (code, title, title_key, description, job_zone, source, custom, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'custom', 1, \(CareerText.now), \(CareerText.now))
                """,
                [
                    code, body.title!, CareerText.titleKey(body.title!), body.description!,
                    Record.sqlite(body.jobZone ?? .null),
                ]
            )
            try Self.replaceLists(db, code: code, body)
            try CareerIndexer.refresh(db: db, codes: [code])
        }
        var response = Response(status: .created, headers: ["Location": "/api/v1/careers/\(code)"])
        response.headers["Content-Type"] = JSON.contentType
        response.body = try JSON.encode(["code": code])
        return response
    }

    func update(_ request: Request) throws -> Response {
        defer { caches.clear() }
        let code = try CareersController.code(request)
        let body = try Self.parse(try ResourceController.jsonBody(request, patch: true), complete: false)
        try database.write { db in
            try Self.requireCustom(db, code)
            if let title = body.title {
                try db.execute(
                    "UPDATE occupations SET title = ?, title_key = ? WHERE code = ?",
                    [title, CareerText.titleKey(title), code]
                )
            }
            if let description = body.description {
                try db.execute("UPDATE occupations SET description = ? WHERE code = ?", [description, code])
            }
            if let zone = body.jobZone {
                try db.execute("UPDATE occupations SET job_zone = ? WHERE code = ?", [Record.sqlite(zone), code])
            }
            try Self.replaceLists(db, code: code, body)
            try CareerIndexer.touch(db: db, codes: [code])
            try CareerIndexer.refresh(db: db, codes: [code])
        }
        return Response(status: .noContent)
    }

    func delete(_ request: Request) throws -> Response {
        defer { caches.clear() }
        let code = try CareersController.code(request)
        try database.write { db in
            try Self.requireCustom(db, code)
            try db.execute("DELETE FROM occupations_fts WHERE code = ?", [code])
            try db.execute("DELETE FROM related_occupations WHERE code = ? OR related_code = ?", [code, code])
            try db.execute("DELETE FROM occupations WHERE code = ?", [code])  // titles, tasks, elements cascade
        }
        return Response(status: .noContent)
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

    static func requireCustom(_ db: Database, _ code: String) throws {
        guard let row = try db.queryOne("SELECT custom FROM occupations WHERE code = ?", [code]) else {
            throw HTTPError(.notFound, "no career profile has code \(code)")
        }
        if try row.get(0, as: Int.self) != 1 {
            throw HTTPError(.conflict, "\(code) is an O*NET profile; it changes only by import")
        }
    }

    static func replaceLists(_ db: Database, code: String, _ body: Body) throws {
        if let titles = body.titles {
            try db.execute("DELETE FROM occupation_titles WHERE code = ?", [code])
            for (rank, title) in titles.enumerated() {
                try db.execute(
                    "INSERT INTO occupation_titles (code, kind, title, title_key, rank) VALUES (?, 'reported', ?, ?, ?)",
                    [code, title, CareerText.titleKey(title), rank + 1]
                )
            }
        }
        if let tasks = body.tasks {
            try db.execute("DELETE FROM occupation_tasks WHERE code = ?", [code])
            for (rank, task) in tasks.enumerated() {
                try db.execute(
                    "INSERT INTO occupation_tasks (code, statement, type, rank) VALUES (?, ?, 'Core', ?)",
                    [code, task, rank + 1]
                )
            }
        }
    }
}

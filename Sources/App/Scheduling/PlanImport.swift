import HTTPCore
import Storage

/// `POST /api/v1/projects/import?key=KEY[&name=…&start=YYYY-MM-DD]`: a new project from a plan file, in one
/// transaction, answered 201 with what it created. The body is Microsoft Project XML (`application/xml` or
/// `text/xml`, see `MSPDI`) or CSV (`text/csv`: a header, then one row per package with `wbsCode` and `name`, and
/// optionally `durationDays`, `predecessors` (`1.2`, `1.2SS+2`, `1.3FF-1`, separated by `;`), `constraintType`,
/// `constraintDate`, `plannedStart`, `plannedFinish`; other columns are ignored).
///
/// Every record is created by a request through the same access check and router as if it had been sent alone
/// (as a batch does): the calendar (MSPDI), the project, each task in outline order, then the links. The first
/// refusal rolls everything back, and its problem names the task. A file that is not a plan is a 400 (not XML or
/// CSV, a document type declaration) or a 422 (no MSPDI `Project`, an outline that skips a level, a link to a task
/// not in the file); more than `maxTasks` tasks or `maxLinks` links is a 422 naming the limit.
struct PlanImport: Sendable {
    let database: DatabasePool
    /// The access check around the router (as for a batch).
    let inner: any Responder
    static let path = "/api/v1/projects/import"
    /// The most tasks one import creates (the benchmark network's size).
    static let maxTasks = 10_000
    /// The most links one import creates.
    static let maxLinks = 50_000

    /// What a file describes, before anything is created.
    struct Plan {
        struct Task {
            var uid: String
            var name: String
            var level: Int
            var durationDays: Int?
            var constraint: (type: String, date: String)?
            var actualStart: String?
            var actualFinish: String?
            var percentComplete: Int?
            var remainingDays: Int?
            var plannedStart: String?
            var plannedFinish: String?
        }
        struct Link {
            var from: String
            var to: String
            var type: String
            var lag: Int
        }
        var name: String?
        var start: String?
        var statusDate: String?
        var calendar: (name: String, weekdays: [String], holidays: [String], workingDates: [String])?
        var tasks: [Task] = []
        var links: [Link] = []
        var ignored: [String] = []
    }

    func register(on router: inout Router) {
        let c = self
        router.post(Self.path) { try c.run($0) }
    }

    func run(_ request: Request) throws -> Response {
        guard let key = request.query["key"], !key.isEmpty else {
            throw HTTPError(.badRequest, "name the new project's key: POST \(Self.path)?key=ERP")
        }
        let type = request.headers["Content-Type"]?.split(separator: ";").first.map { $0.trimmingOWS().lowercased() }
        var plan: Plan
        switch type {
        case "application/xml", "text/xml", "application/vnd.ms-project+xml":
            let root: XMLTree.Element
            do {
                root = try XMLTree.parse(request.body)
            } catch let error as XMLTree.SyntaxError {
                throw HTTPError(.badRequest, "the body is not well-formed XML: \(error.description)")
            }
            plan = try Self.read(mspdi: root)
        case "text/csv":
            plan = try Self.read(csv: request.body)
        default:
            throw HTTPError(
                .unsupportedMediaType,
                "send the plan as application/xml (Microsoft Project XML) or text/csv",
                headers: ["Accept-Post": "application/xml, text/xml, text/csv"]
            )
        }
        if let name = request.query["name"] { plan.name = name }
        if let start = request.query["start"] { plan.start = start }
        guard plan.tasks.count <= Self.maxTasks else {
            throw HTTPError(
                .unprocessableContent,
                "the plan has \(plan.tasks.count) tasks; an import creates at most \(Self.maxTasks) (PlanImport.maxTasks): split the plan"
            )
        }
        guard plan.links.count <= Self.maxLinks else {
            throw HTTPError(
                .unprocessableContent,
                "the plan has \(plan.links.count) links; an import creates at most \(Self.maxLinks) (PlanImport.maxLinks): split the plan"
            )
        }
        let report = try database.write { _ in try create(plan, key: key, of: request) }
        var response = Response.bytes(
            {
                var w = JSONWriter(capacity: 256)
                w.write(.object(report))
                return w.bytes
            }(),
            contentType: JSON.contentType
        )
        response.status = .created
        if case .int(let id)? = report["project"] { response.headers["Location"] = "/api/v1/projects/\(id)" }
        return response
    }

    // MARK: Creating

    private func create(_ plan: Plan, key: String, of request: Request) throws -> [String: JSONValue] {
        func post(_ path: String, _ body: [String: JSONValue], _ what: String) throws -> Int64 {
            var writer = JSONWriter(capacity: 256)
            writer.write(.object(body))
            var sub = Request(
                method: .post,
                target: path,
                headers: ["Content-Type": JSON.contentType],
                body: writer.bytes
            )
            sub.id = request.id
            sub.userInfo = request.userInfo
            sub.remoteAddress = request.remoteAddress
            let response: Response
            do {
                response = try inner.respond(to: sub)
            } catch {
                throw Self.placed(error, what)
            }
            let parsed = try? JSONValue.parseObject(response.body)
            guard response.status.code < 300, case .int(let id)? = parsed?["id"] else {
                let detail: String =
                    if case .string(let d)? = parsed?["detail"] { d } else { response.status.reasonPhrase }
                throw HTTPError(response.status, "\(what): \(detail); nothing was imported")
            }
            return id
        }
        var calendarID: Int64?
        if let c = plan.calendar {
            calendarID = try post(
                "/api/v1/calendars",
                [
                    "name": .string(String("\(key): \(c.name)".prefix(100))),
                    "workingWeekdays": .array(c.weekdays.map(JSONValue.string)),
                    "holidays": .array(c.holidays.map(JSONValue.string)),
                    "workingDates": .array(c.workingDates.map(JSONValue.string)),
                ],
                "the calendar"
            )
        }
        var project: [String: JSONValue] = ["key": .string(key), "name": .string(plan.name ?? key)]
        if let s = plan.start { project["plannedStart"] = .string(s) }
        if let s = plan.statusDate { project["statusDate"] = .string(s) }
        if let calendarID { project["calendar"] = .int(calendarID) }
        let projectID = try post("/api/v1/projects", project, "the project")
        // Tasks in outline order: a task's parent is the last task one level up.
        var ids: [String: Int64] = [:]
        var stack: [Int64] = []
        for (n, task) in plan.tasks.enumerated() {
            let what = "task \(n + 1) (UID \(task.uid), '\(task.name.prefix(60))')"
            guard task.level >= 1, task.level <= stack.count + 1 else {
                throw HTTPError(
                    .unprocessableContent,
                    "\(what) is at outline level \(task.level) under a task of level \(stack.count): a plan's outline goes down one level at a time"
                )
            }
            stack.removeLast(stack.count - (task.level - 1))
            var body: [String: JSONValue] = ["project": .int(projectID), "name": .string(task.name)]
            if let parent = stack.last { body["parent"] = .int(parent) }
            let isLeaf = n + 1 == plan.tasks.count || plan.tasks[n + 1].level <= task.level
            if isLeaf {
                if let d = task.durationDays { body["durationDays"] = .int(Int64(d)) }
                if let c = task.constraint {
                    body["constraintType"] = .string(c.type)
                    body["constraintDate"] = .string(c.date)
                }
                if let s = task.actualStart { body["actualStart"] = .string(s) }
                if let f = task.actualFinish { body["actualFinish"] = .string(f) }
                if let p = task.percentComplete { body["percentComplete"] = .int(Int64(p)) }
                if let r = task.remainingDays, task.actualStart != nil, task.actualFinish == nil {
                    body["remainingDays"] = .int(Int64(r))
                }
            }
            if let s = task.plannedStart { body["plannedStart"] = .string(s) }
            if let f = task.plannedFinish { body["plannedFinish"] = .string(f) }
            let id = try post("/api/v1/work-packages", body, what)
            guard ids.updateValue(id, forKey: task.uid) == nil else {
                throw HTTPError(.unprocessableContent, "\(what): two tasks have UID \(task.uid)")
            }
            stack.append(id)
        }
        for (n, link) in plan.links.enumerated() {
            let what = "link \(n + 1) (\(link.from) → \(link.to))"
            guard let from = ids[link.from], let to = ids[link.to] else {
                throw HTTPError(
                    .unprocessableContent,
                    "\(what) names a task that is not in the plan (\(ids[link.from] == nil ? link.from : link.to))"
                )
            }
            _ = try post(
                "/api/v1/dependencies",
                [
                    "predecessor": .int(from), "successor": .int(to), "type": .string(link.type),
                    "lagDays": .int(Int64(link.lag)),
                ],
                what
            )
        }
        return [
            "project": .int(projectID), "calendar": calendarID.map(JSONValue.int) ?? .null,
            "workPackages": .int(Int64(plan.tasks.count)), "dependencies": .int(Int64(plan.links.count)),
            "ignored": .array(plan.ignored.map(JSONValue.string)),
        ]
    }

    /// `error` with the part of the file it came from in its detail, keeping its status.
    static func placed(_ error: any Error, _ what: String) -> any Error {
        guard var scoped = ErrorMapping.httpError(for: error) else { return error }
        scoped.detail = "\(what): \(scoped.detail); nothing was imported"
        return scoped
    }
}

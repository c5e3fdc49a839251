import Foundation
import HTTPCore
import Storage
import Synchronization

/// The careers API: the list (the record engine's, or a relevance search with `q=`), whole profiles, each section
/// alone, and comparison. Custom profiles are written through the engine (`Careers.definition`); O*NET's come
/// from the `charter import` commands and `POST /api/v1/careers/import`. Every profile carries the O*NET credit
/// (CC BY 4.0).
struct CareersController: Sendable {
    let store: CareerStore
    let paging: ResourceController.Paging
    /// Encoded profiles by code, version and sort, and search pages by query: read by many, changed only by imports
    /// and admins' edits.
    let caches: CareerCaches
    /// The engine's controller of `Careers.definition`: the list without `q=`, the writes, the history.
    let engine: ResourceController
    /// The engine's controller of `CareerSynonyms.definition` (`/api/v1/career-synonyms`): its writes change search.
    let synonyms: ResourceController

    init(
        store: CareerStore,
        paging: ResourceController.Paging,
        searchCacheEntries: Int,
        engine: ResourceController,
        synonyms: ResourceController
    ) {
        self.store = store
        self.paging = paging
        let caches = CareerCaches(profiles: ProfileCache(), searches: SearchCache(capacity: searchCacheEntries))
        self.caches = caches
        var engine = engine
        engine.didChange = { caches.clear() }
        self.engine = engine
        var synonyms = synonyms
        synonyms.didChange = { caches.clear() }
        self.synonyms = synonyms
    }

    func register(on router: inout Router) {
        let c = self
        router.get("/api/v1/careers") { try c.list($0) }
        engine.register(on: &router)
        synonyms.register(on: &router)
        CareerImportController(database: store.database, caches: caches).register(on: &router)
        router.get("/api/v1/careers/compare") { try c.compare($0) }
        router.get("/api/v1/careers/:code") { try c.profile($0) }
        for section in ["tasks", "titles", "related", "abilities", "knowledge", "skills"] {
            router.get("/api/v1/careers/:code/" + section) { try c.section($0, section) }
        }
    }

    static let searchParameters: Set<String> = ["q", "jobZone", "hasFullProfile", "page", "perPage", "fields"]
    static let hitFields = ["code", "title", "jobZone", "hasFullProfile", "score", "match"]

    /// `jobZone=gte.3` is a filter of the list contract; `jobZone=4` and `jobZone=eq.4` the search's own.
    static func isOperatorFilter(_ name: String, _ value: String) -> Bool {
        (name == "jobZone" || name == "hasFullProfile") && value.contains(".") && !value.hasPrefix("eq.")
    }

    /// `GET /api/v1/careers`: with `q=`, a relevance search; without, the engine's list of profiles (sort,
    /// filters, `fields`, `format=csv`, keyset `after=`, list ETags). `jobZone=4` and `hasFullProfile=true`
    /// without an operator are read as `eq.` filters in both, as they always were.
    func list(_ request: Request) throws -> Response {
        let query = request.query
        if query["q"] != nil { return try search(request) }
        var request = request
        request.rawQuery = query.map { name, value in
            let bare = (name == "jobZone" || name == "hasFullProfile") && !value.contains(".")
            return QueryEncoding.encode(name) + "=" + QueryEncoding.encode(bare ? "eq." + value : value)
        }.joined(separator: "&")
        return try engine.list(request)
    }

    /// `GET /api/v1/careers?q=…`: hits with a relevance score, best first, in the list envelope.
    func search(_ request: Request) throws -> Response {
        let query = request.query
        // Every other parameter is a filter of the list contract (`custom=is.true`, `or=(…)`), applied to the
        // hits; what would reorder or re-page them does not go with a relevance order.
        var filters: [String] = []
        var csv = false
        for (name, value) in query where !Self.searchParameters.contains(name) || Self.isOperatorFilter(name, value) {
            switch name {
            case "sort", "after", "skipTotal", "expand":
                throw HTTPError(
                    .badRequest,
                    "\(name) does not go with q: a search answers in relevance order, by page number; leave q out for the list with sort, after, skipTotal and expand"
                )
            case "format":
                guard value == "csv" || value == "json" else {
                    throw HTTPError(.badRequest, "format must be json or csv")
                }
                csv = value == "csv"
            default:
                filters.append(QueryEncoding.encode(name) + "=" + QueryEncoding.encode(value))
            }
        }
        csv = csv || request.headers["Accept"]?.lowercased().hasPrefix("text/csv") == true
        var q = CareerSearchQuery(text: query["q"] ?? "", perPage: paging.defaultPerPage)
        if !filters.isEmpty {
            let list = try ListQuery(
                QueryParameters(parsing: filters.joined(separator: "&")),
                definition: Careers.definition,
                defaultPerPage: paging.defaultPerPage,
                maxPerPage: paging.maxPerPage
            )
            let clause = list.whereClause(Careers.definition)
            q.filter = CareerSearchQuery.Filter(sql: clause.sql, arguments: clause.arguments)
        }
        if let raw = query["jobZone"], !Self.isOperatorFilter("jobZone", raw) {
            guard let zone = Int(raw.replacingOccurrences(of: "eq.", with: "")), (1...5).contains(zone) else {
                throw HTTPError(.badRequest, "jobZone must be 1 to 5")
            }
            q.jobZone = zone
        }
        if let raw = query["hasFullProfile"], !Self.isOperatorFilter("hasFullProfile", raw) {
            guard let flag = ListQuery.bool(raw.replacingOccurrences(of: "eq.", with: "")) else {
                throw HTTPError(.badRequest, "hasFullProfile must be true or false")
            }
            q.hasFullProfile = flag
        }
        if let raw = query["page"] {
            guard let page = Int(raw), (1...1_000_000).contains(page) else {
                throw HTTPError(.badRequest, "page must be a positive integer")
            }
            q.page = page
        }
        if let raw = query["perPage"] {
            guard let perPage = Int(raw), (1...paging.maxPerPage).contains(perPage) else {
                throw HTTPError(.badRequest, "perPage must be 1 to \(paging.maxPerPage)")
            }
            q.perPage = perPage
        }
        let fields = try query["fields"].map { raw -> [String] in
            let names = raw.split(separator: ",").map { String($0.trimmingOWS()) }
            guard !names.isEmpty else { throw HTTPError(.badRequest, "fields must name at least one field") }
            for n in names where !Self.hitFields.contains(n) {
                throw HTTPError(
                    .badRequest,
                    "fields: '\(n)' is not a field of a search hit (\(Self.hitFields.joined(separator: ", ")))"
                )
            }
            return names
        }
        // A weak tag over the page's own bytes: the page comes from the search cache (kept current with writes and
        // imports), so revalidating costs no database read on this, the busiest careers route.
        func tagged(_ body: [UInt8]) -> (String, Response?) {
            let etag = "W/\"S\(String(FNV.hash(body), radix: 16))\""
            return (
                etag,
                ETags.noneMatch(request.headers, etag) ? Response(status: .notModified, headers: ["ETag": etag]) : nil
            )
        }
        var response: Response
        if csv {
            let result = try store.search(q)
            let names = fields ?? Self.hitFields
            var out = names.joined(separator: ",") + "\r\n"
            for hit in result.hits {
                let values: [String: JSONValue] = [
                    "code": .string(hit.code), "title": .string(hit.title),
                    "jobZone": hit.jobZone.map { .int(Int64($0)) } ?? .null,
                    "hasFullProfile": .bool(hit.hasFullProfile),
                    "score": .double(hit.score), "match": .string(hit.match),
                ]
                out +=
                    names.map { CSVWriter.quote(CSVWriter.text(values[$0] ?? .null)) }.joined(separator: ",") + "\r\n"
            }
            let bytes = Array(out.utf8)
            let (etag, notModified) = tagged(bytes)
            if let notModified { return notModified }
            response = Response.bytes(bytes, contentType: "text/csv; charset=utf-8; header=present")
            response.headers["ETag"] = etag
            if let link = ResourceController.link(request, page: q.page, hasNext: q.page * q.perPage < result.total) {
                response.headers["Link"] = link
            }
            return response
        }
        let page = try searchPage(q, fields: fields)
        let (etag, notModified) = tagged(page.body)
        if let notModified { return notModified }
        response = Response.bytes(page.body, contentType: JSON.contentType)
        response.headers["ETag"] = etag
        if let link = ResourceController.link(request, page: q.page, hasNext: q.page * q.perPage < page.total) {
            response.headers["Link"] = link
        }
        return response
    }

    /// The encoded page for a search, from the search cache when it holds it.
    private func searchPage(_ q: CareerSearchQuery, fields: [String]?) throws -> SearchCache.Entry {
        let searches = caches.searches
        guard searches.isEnabled else { return try encodeSearch(q, fields: fields) }
        let key = q.cacheKey + "|" + (fields ?? []).joined(separator: ",")
        let (cached, epoch) = try searches.get(key, now: Socket.monotonicSeconds()) { try store.searchStamp() }
        if let cached { return cached }
        let page = try encodeSearch(q, fields: fields)
        searches.put(key, page, epoch: epoch)
        return page
    }

    private func encodeSearch(_ q: CareerSearchQuery, fields: [String]?) throws -> SearchCache.Entry {
        let result = try store.search(q)
        // Written straight into the response, keys in sorted order, only the selected ones.
        let wanted = Set(fields ?? Self.hitFields)
        var writer = JSONWriter(capacity: 256 + result.hits.count * 180)
        if let correction = result.didYouMean {
            writer.append(raw: Array("{\"didYouMean\":".utf8))
            writer.writeString(correction)
            writer.append(raw: Array(",\"items\":[".utf8))
        } else {
            writer.append(raw: Array("{\"items\":[".utf8))
        }
        for (n, hit) in result.hits.enumerated() {
            writer.append(raw: n == 0 ? [123] : [44, 123])
            var first = true
            func key(_ name: String) -> Bool {
                guard wanted.contains(name) else { return false }
                writer.append(raw: Array(((first ? "" : ",") + "\"\(name)\":").utf8))
                first = false
                return true
            }
            if key("code") { writer.writeString(hit.code) }
            if key("hasFullProfile") { writer.write(.bool(hit.hasFullProfile)) }
            if let zone = hit.jobZone, key("jobZone") { writer.write(.int(Int64(zone))) }
            if key("match") { writer.writeString(hit.match) }
            if key("score") { writer.write(.double(hit.score)) }
            if key("title") { writer.writeString(hit.title) }
            writer.append(raw: [125])
        }
        let totalPages = max(1, (result.total + q.perPage - 1) / q.perPage)
        writer.append(
            raw: Array(
                "],\"page\":\(q.page),\"perPage\":\(q.perPage),\"totalItems\":\(result.total),\"totalPages\":\(totalPages)}"
                    .utf8
            )
        )
        return SearchCache.Entry(body: writer.bytes, total: result.total)
    }

    /// `GET /api/v1/careers/{code}`: the whole profile, with its source and the O*NET credit.
    ///
    /// Profiles change only by import or an admin's edit and are read all the time, so the encoded profile (and its
    /// gzip form) is cached by code and version. A cached entry younger than a second is served without asking the
    /// database; an older one is revalidated with one indexed read of `version`. Writes through this server drop
    /// the cache at once; an import by another process shows within that second.
    func profile(_ request: Request) throws -> Response {
        let code = try Self.code(request)
        let sort = try Self.sort(request)
        let key = "\(code)|\(sort.rawValue)"
        let now = Socket.monotonicSeconds()
        var entry = caches.profiles.get(key)
        if entry == nil || now - entry!.checked > 1 {
            guard
                let version = try store.database.read({ db in
                    try db.queryOne("SELECT version FROM occupations WHERE code = ?", [code]).map {
                        try $0.get(0, as: Int.self)
                    }
                })
            else {
                caches.profiles.remove(key)
                throw HTTPError(.notFound, "no career profile has code \(code)")
            }
            if let current = entry, current.version == version {
                entry?.checked = now
            } else {
                guard let profile = try store.profile(code: code, sort: sort) else {
                    throw HTTPError(.notFound, "no career profile has code \(code)")
                }
                let body = try JSON.encode(profile)
                entry = ProfileCache.Entry(
                    version: version,
                    // The stored version first, as every record's tag: `If-Match` with it guards a PATCH.
                    etag: "\"\(version).\(sort.rawValue)\"",
                    body: body,
                    gzip: try Gzip.compress(body),
                    checked: now
                )
            }
            caches.profiles.put(key, entry!)
        }
        let e = entry!
        var headers: HTTPHeaders = ["ETag": e.etag, "Cache-Control": "public, max-age=300", "Vary": "Accept-Encoding"]
        if ETags.noneMatch(request.headers, e.etag) { return Response(status: .notModified, headers: headers) }
        headers["Content-Type"] = JSON.contentType
        if AcceptEncoding(header: request.headers["Accept-Encoding"]).choose(preferGzip: true) == .gzip {
            headers["Content-Encoding"] = "gzip"
            headers["ETag"] = String(e.etag.dropLast()) + "-gz\""
            return Response(status: .ok, headers: headers, body: e.gzip)
        }
        return Response(status: .ok, headers: headers, body: e.body)
    }

    /// `GET /api/v1/careers/{code}/{section}`: one section of the profile, in the list envelope.
    func section(_ request: Request, _ name: String) throws -> Response {
        let code = try Self.code(request)
        let sort = try Self.sort(request)
        let items: JSONValue? = try store.database.read { db in
            guard try CareerStore.occupation(code: code, db: db) != nil else { return nil }
            let encoded: [UInt8]
            switch name {
            case "tasks": encoded = try JSON.encode(CareerStore.tasks(code: code, db: db))
            case "titles": encoded = try JSON.encode(CareerStore.titles(code: code, db: db))
            case "related": encoded = try JSON.encode(CareerStore.related(code: code, db: db))
            default:
                let domain = ElementDomain(rawValue: name) ?? .skills
                encoded = try JSON.encode(CareerStore.elements(code: code, domain: domain, sort: sort, db: db))
            }
            return try JSON.decode(JSONValue.self, from: encoded)
        }
        guard case .array(let list)? = items else { throw HTTPError(.notFound, "no career profile has code \(code)") }
        var writer = JSONWriter(capacity: 4096)
        writer.write(
            .object([
                "code": .string(code), "items": .array(list), "totalItems": .int(Int64(list.count)),
                "credit": .string(CareerStore.credit),
            ])
        )
        return Response.bytes(writer.bytes, contentType: JSON.contentType)
    }

    /// `GET /api/v1/careers/compare?codes=A,B`: what someone moving from A to B shares and must learn.
    func compare(_ request: Request) throws -> Response {
        let codes = (request.query["codes"] ?? "").split(separator: ",").map { String($0.trimmingOWS()) }
        guard codes.count == 2 else {
            throw HTTPError(.badRequest, "codes must name two careers: codes=15-1299.09,11-3021.00")
        }
        for code in codes where !Self.isCodeShaped(code) {
            throw HTTPError(.badRequest, "'\(code)' is not an O*NET-SOC code (NN-NNNN.NN)")
        }
        var domain: ElementDomain?
        if let raw = request.query["domain"] {
            guard let d = ElementDomain(rawValue: raw) else {
                throw HTTPError(.badRequest, "domain must be abilities, knowledge or skills")
            }
            domain = d
        }
        guard let comparison = try store.compare(codes[0], codes[1], domain: domain) else {
            let missing = try store.missing(codes)
            throw HTTPError(
                .notFound,
                "no career profile has code \(missing.joined(separator: " or ")); see GET /api/v1/careers?q=…"
            )
        }
        var response = try Response.json(comparison)
        response.headers["Cache-Control"] = "public, max-age=300"
        return response
    }

    /// O*NET-SOC codes are `NN-NNNN.NN`; custom profiles use `ORG-NNNN.NN`-like codes with a letter prefix
    /// (`[A-Z]{2,8}-[0-9]{4}\.[0-9]{2}`). Any other shape is a 400, not a 404.
    static func code(_ request: Request) throws -> String {
        let code = request.parameters["code"] ?? ""
        guard isCodeShaped(code) else {
            throw HTTPError(.badRequest, "'\(code)' is not an O*NET-SOC code: expected NN-NNNN.NN, like 15-1299.09")
        }
        return code
    }

    static func isCodeShaped(_ code: String) -> Bool {
        OnetCode.isValid(code)
            || code.range(of: #"^[A-Z]{2,8}-[0-9]{4}\.[0-9]{2}$"#, options: .regularExpression) != nil
    }

    static func sort(_ request: Request) throws -> ElementSort {
        guard let raw = request.query["sort"] else { return .importance }
        guard let sort = ElementSort(rawValue: raw.hasPrefix("-") ? String(raw.dropFirst()) : raw) else {
            throw HTTPError(.badRequest, "sort must be importance or level")
        }
        return sort
    }
}

/// The careers API's caches, dropped together after a write.
struct CareerCaches: Sendable {
    let profiles: ProfileCache
    let searches: SearchCache

    func clear() {
        profiles.clear()
        searches.clear()
    }
}

/// A bounded cache of encoded profiles (at most 256, dropped wholesale when full: profiles are cheap to rebuild).
final class ProfileCache: Sendable {
    struct Entry: Sendable {
        var version: Int
        var etag: String
        var body: [UInt8]
        var gzip: [UInt8]
        var checked: Double
    }

    private let entries = LockedValue<[String: Entry]>([:])

    func get(_ key: String) -> Entry? { entries.withLock { $0[key] } }

    func put(_ key: String, _ entry: Entry) {
        entries.withLock { entries in
            if entries.count >= 256 { entries.removeAll() }
            entries[key] = entry
        }
    }

    func remove(_ key: String) { _ = entries.withLock { $0.removeValue(forKey: key) } }

    /// Forgets everything (after a write through this server).
    func clear() { entries.withLock { $0.removeAll() } }
}

import Foundation
import HTTPCore
import Storage

extension ResourceController {
    /// `GET /api/v1/{collection}`: the page envelope, a `Link` header, and an ETag that changes only when the
    /// collection (or one it expands) changes, so a polling dashboard gets 304s without a query being run.
    func list(_ request: Request) throws -> Response {
        let query = try ListQuery(
            request.query,
            definition: definition,
            defaultPerPage: paging.defaultPerPage,
            maxPerPage: paging.maxPerPage,
            totalLimit: paging.maxExactTotal
        )
        if let policy {
            for name in query.expand {
                guard let target = definition.field(name)?.referencedCollection else { continue }
                let decision = policy.decide(.get, "/api/v1/\(target)", role: request.principal?.role)
                if decision != .allow {
                    throw HTTPError(
                        .forbidden,
                        "expand: this key may not read \(target), so '\(name)' cannot be embedded"
                    )
                }
            }
        }
        let csv = query.csv || request.headers["Accept"]?.lowercased().hasPrefix("text/csv") == true
        return try database.read { db in
            let etag = try listETag(db, query: query, request: request, csv: csv)
            if ETags.noneMatch(request.headers, etag) { return Response(status: .notModified, headers: ["ETag": etag]) }
            let (records, total) = try store.list(db, query, totals: totals)
            let expanded = try expand(db, records, query.expand)
            var response: Response
            if csv {
                response = CSVWriter.response(records, definition: definition, fields: query.fields)
            } else {
                var writer = JSONWriter(capacity: 256 + records.count * 256)
                let capped = (total ?? 0) > query.totalLimit
                let shown = capped ? query.totalLimit : total
                let totalPages = shown.map { max(1, ($0 + query.perPage - 1) / query.perPage) } ?? -1
                writer.write(
                    .object([
                        "items": .array(
                            records.map { $0.json(fields: query.fields, expanded: expanded[$0.id] ?? [:]) }
                        ),
                        "page": .int(Int64(query.page)), "perPage": .int(Int64(query.perPage)),
                        "totalItems": .int(Int64(shown ?? -1)), "totalPages": .int(Int64(totalPages)),
                        "totalCapped": .bool(capped),
                    ])
                )
                response = Response.bytes(writer.bytes, contentType: JSON.contentType)
            }
            response.headers["ETag"] = etag
            let hasNext =
                query.after == nil && (total ?? .max) <= query.totalLimit
                ? total.map { query.page * query.perPage < $0 } ?? (records.count == query.perPage)
                : records.count == query.perPage
            let next = hasNext ? records.last.map { query.cursor(after: $0) } : nil
            if let link = Self.link(request, page: query.page, next: next) { response.headers["Link"] = link }
            return response
        }
    }

    /// A weak tag over the change counters of the collections involved, the query and the media type.
    func listETag(_ db: Database, query: ListQuery, request: Request, csv: Bool) throws -> String {
        var key = "\(definition.collection)?\(request.rawQuery)|\(csv)|\(request.principal?.role.rawValue ?? "")"
        if definition.readsToday { key += "|" + ETags.today() }
        let collections =
            [definition.collection] + definition.derivedReads
            + query.expand.compactMap { definition.field($0)?.referencedCollection }
        return try ETags.overCollections(db, collections, key: key)
    }

    /// One level of embedding: `?expand=owner` adds `"expand": {"owner": {…}}` to each record that has one.
    func expand(_ db: Database, _ records: [Record], _ names: [String]) throws -> [Int64: [String: JSONValue]] {
        var out: [Int64: [String: JSONValue]] = [:]
        for name in names {
            guard let field = definition.field(name), let target = field.referencedCollection,
                let other = registry.definition(target)
            else { continue }
            let ids = Set(
                records.compactMap { r -> Int64? in
                    if case .int(let i)? = r.values[name] { return i } else { return nil }
                }
            )
            guard !ids.isEmpty else { continue }
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            let columns = other.selectList
            var found: [Int64: JSONValue] = [:]
            try db.forEach(
                "SELECT \(columns) FROM \(other.table) t WHERE t.id IN (\(marks))",
                StatementArguments(ids.map { SQLiteValue.integer($0) })
            ) { row in
                let r = try Record(row: row, definition: other)
                found[r.id] = r.json()
            }
            for r in records {
                if case .int(let i)? = r.values[name], let target = found[i] { out[r.id, default: [:]][name] = target }
            }
        }
        return out
    }

    /// RFC 8288 links: `next` continues after the page's last record (a keyset cursor, `after=`), `prev` is the
    /// page before by number. Every other query parameter is kept, decoded and encoded again, so nothing a client
    /// typed reaches the header raw (a `>` in the query used to end the link and start one of the client's own).
    static func link(_ request: Request, page: Int, next: String?) -> String? {
        links(request, next: next.map { "after=\($0)" }, prev: page > 1 ? "page=\(page - 1)" : nil)
    }

    /// Links by page number only (a relevance-ranked search, whose order has no keys to continue from).
    static func link(_ request: Request, page: Int, hasNext: Bool) -> String? {
        links(request, next: hasNext ? "page=\(page + 1)" : nil, prev: page > 1 ? "page=\(page - 1)" : nil)
    }

    private static func links(_ request: Request, next: String?, prev: String?) -> String? {
        let kept = request.query.filter { $0.0 != "page" && $0.0 != "after" }.map {
            "\(QueryEncoding.encode($0.0))=\(QueryEncoding.encode($0.1))"
        }
        func url(_ extra: String) -> String { "<\(request.path)?\((kept + [extra]).joined(separator: "&"))>" }
        var links: [String] = []
        if let next { links.append(url(next) + "; rel=\"next\"") }
        if let prev { links.append(url(prev) + "; rel=\"prev\"") }
        return links.isEmpty ? nil : links.joined(separator: ", ")
    }

    /// `GET /api/v1/{collection}/{id}/history`: the journal of a record, newest first, also after its deletion.
    ///
    /// What it shows depends on who asks (issue 16: key names and deleted people's data went to any viewer):
    /// - Admins see everything: `actor` (the API key's name), `actorPerson` and every value.
    /// - Everyone else who may read the collection sees what changed on a record they can still read, and who did
    ///   it as a person (`actorPerson`, a people record they can read), but `actor` is null: key names describe
    ///   the deployment, not the data.
    /// - Once the record is deleted, non-admins see its entries' action, time and person, with `changes` empty and
    ///   `redacted: true`: a deleted person's name and email are not readable through the journal.
    func history(_ request: Request) throws -> Response {
        // By id, or by natural key (`record_key`): a deleted record's history stays readable either way.
        let raw = recordKey(request)
        let (keyColumn, key): (String, SQLiteValue)
        if definition.key == .serial {
            guard let id = Int64(raw), id > 0 else {
                throw HTTPError(.notFound, "\(definition.collection) \(raw) has no history")
            }
            (keyColumn, key) = ("record_id", .integer(id))
        } else {
            (keyColumn, key) = ("record_key", .text(raw))
        }
        let admin = request.principal.map { $0.role >= .admin } ?? false
        // Bounded like a list's paging: a huge page used to overflow the offset and crash the process.
        func bounded(_ name: String, _ range: ClosedRange<Int>, _ fallback: Int) throws -> Int {
            guard let raw = request.query[name] else { return fallback }
            guard let n = Int(raw), range.contains(n) else {
                throw bad("\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return n
        }
        let page = try bounded("page", 1...1_000_000, 1)
        let perPage = try bounded("perPage", 1...paging.maxPerPage, paging.defaultPerPage)
        return try database.read { db in
            let redacted =
                try !admin
                && db.queryOne(
                    "SELECT 1 FROM \(definition.table) t WHERE t.\(definition.keyColumn) = ?",
                    StatementArguments([key])
                ) == nil
            var items: [JSONValue] = []
            try db.forEach(
                "SELECT id, action, actor, at, changes, person_id FROM change_log WHERE collection = ? AND \(keyColumn) = ? ORDER BY id DESC LIMIT ? OFFSET ?",
                StatementArguments([
                    SQLiteValue.text(definition.collection), key, .integer(Int64(perPage)),
                    .integer(Int64((page - 1) * perPage)),
                ])
            ) { row in
                let action = try row.get(1, as: String.self)
                let changes =
                    redacted
                    ? .object([:]) : try Journal.decode(action: action, stored: try row.get(4, as: String.self))
                items.append(
                    .object([
                        "id": .int(try row.get(0, as: Int64.self)), "action": .string(action),
                        "actor": admin ? .string(try row.get(2, as: String.self)) : .null,
                        "redacted": .bool(redacted),
                        "actorPerson": try row.get(5, as: Int64?.self).map(JSONValue.int) ?? .null,
                        "at": .string(try row.get(3, as: String.self)),
                        "changes": changes,
                    ])
                )
            }
            let total =
                try db.scalar(
                    Int.self,
                    "SELECT count(*) FROM change_log WHERE collection = ? AND \(keyColumn) = ?",
                    StatementArguments([SQLiteValue.text(definition.collection), key])
                )
            guard total > 0 else { throw HTTPError(.notFound, "\(definition.collection) \(raw) has no history") }
            return respond(
                .object([
                    "items": .array(items), "page": .int(Int64(page)), "perPage": .int(Int64(perPage)),
                    "totalItems": .int(Int64(total)),
                    "totalPages": .int(Int64(max(1, (total + perPage - 1) / perPage))),
                ])
            )
        }
    }
}

/// FNV-1a, 64 bits: a fast, stable hash for cache keys (not for anything an attacker could exploit).
enum FNV {
    static func hash(_ s: String) -> UInt64 { hash(Array(s.utf8)) }
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static func hash(_ bytes: [UInt8], from start: UInt64 = offsetBasis) -> UInt64 {
        var h = start
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}

/// Percent-encoding of query names and values for links the server writes (RFC 3986 §2: all but unreserved
/// characters, so `<`, `>`, `;`, `,`, `"` and spaces can never end or split a `Link` value).
enum QueryEncoding {
    static func encode(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: "("), UInt8(ascii: ")"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

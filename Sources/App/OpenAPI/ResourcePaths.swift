/// The paths `ResourceController.register` serves for one resource, with every parameter, header and response.
struct ResourcePaths {
    let definition: ResourceDefinition
    let paging: ResourceController.Paging

    var base: String { "/api/v1/\(definition.collection)" }
    var title: String { ResourceSchemas(definition: definition).title }
    var tag: JSONValue { [.string(definition.collection)] }

    var paths: [String: JSONValue] {
        let one = base + "/{\(definition.keyName)}"
        var collection: [String: JSONValue] = ["post": create]
        var record: [String: JSONValue] = [
            "patch": update(patch: true), "put": update(patch: false), "delete": delete,
        ]
        // A resource with its own reads documents them itself (careers: `CareerPaths`).
        if !definition.customReads {
            collection["get"] = list
            record["get"] = read
        }
        var paths: [String: JSONValue] = [
            base: .object(collection), one: .object(record), one + "/history": ["get": history],
        ]
        for route in definition.routes {
            guard case .object(var operation) = route.operation else { continue }
            var parameters: [JSONValue] = [keyParameter]
            if case .array(let more)? = operation["parameters"] { parameters += more }
            operation["parameters"] = .array(parameters)
            operation["tags"] = tag
            var item: [String: JSONValue] = [:]
            // The router's `:name` segments are OpenAPI's `{name}`.
            let path =
                one + "/"
                + route.path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                .joined(separator: "/")
            if case .object(let existing)? = paths[path] { item = existing }
            item[route.method.rawValue.lowercased()] = .object(operation)
            paths[path] = .object(item)
        }
        return paths
    }

    /// The path parameter that names one record: the shared `id`, or the natural key with its pattern.
    var keyParameter: JSONValue {
        guard definition.key != .serial, let field = definition.field(definition.keyName) else {
            return Self.param("id")
        }
        var schema: JSONValue = ["type": "string"]
        if case .pattern(let pattern, _) = field.kind { schema = ["type": "string", "pattern": .string(pattern)] }
        return [
            "name": .string(definition.keyName), "in": "path", "required": true,
            "description": .string(field.summary), "schema": schema,
        ]
    }

    static func param(_ name: String) -> JSONValue { OpenAPIDocument.ref("parameters", name) }
    func schema(_ name: String) -> JSONValue { OpenAPIDocument.ref("schemas", name) }
    static func header(_ name: String) -> JSONValue { OpenAPIDocument.ref("headers", name) }

    /// A query parameter.
    static func query(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "description": .string(description), "schema": schema]
    }

    /// A string matching a comma-separated list of `names`, each optionally prefixed by one of `signs`.
    static func listPattern(_ names: [String], signs: String = "") -> JSONValue {
        let one = (signs.isEmpty ? "" : "[\(signs)]?") + "(" + names.joined(separator: "|") + ")"
        return ["type": "string", "pattern": .string("^\(one)(,\(one))*$")]
    }

    var allNames: [String] { definition.names }

    var list: JSONValue {
        let sortable = definition.sortableNames
        var sortValues: [JSONValue] = []
        for name in sortable {
            sortValues += [.string(name), .string("-" + name)]
            let key = definition.keyName
            if name != key { sortValues += [.string(name + "," + key), .string("-" + name + ",-" + key)] }
        }
        var parameters: [JSONValue] = [
            Self.param("page"), Self.param("perPage"),
            Self.query(
                "sort",
                ["type": "string", "enum": .array(sortValues)],
                "One field, `-` for descending (id breaks ties in the same direction; each is served by an index): "
                    + sortable.joined(separator: ", ")
                    + (definition.searchTable != nil || definition.trigramTable != nil
                        ? ". With q= or a substring filter only id (their index's order)" : "")
            ),
            Self.query("fields", Self.listPattern(allNames), "Only these fields in each item: `id,name`"),
            Self.query("skipTotal", ["type": "boolean"], "Skip counting: totalItems and totalPages become -1"),
            Self.query(
                "after",
                ["type": "string", "pattern": "^[A-Za-z0-9_-]{1,1024}$"],
                "A keyset cursor from the previous page's `Link: rel=\"next\"` (opaque; not with `page`)"
            ),
            Self.query("format", ["type": "string", "enum": ["json", "csv"]], "csv for text/csv (RFC 4180)"),
            Self.query(
                "or",
                ["type": "string", "pattern": #"^\(.*\)$"#],
                "Alternatives, any of which may match: `or=(name.ilike.*ada*,title.eq.PM)`; terms may be groups, "
                    + "`or=(a.eq.1,and(b.gt.2,c.is.null))`, at most 100 terms, 4 levels deep"
            ),
            Self.query(
                "and",
                ["type": "string", "pattern": #"^\(.*\)$"#],
                "Terms that must all match, with the same grammar: `and=(a.gte.1,or(b.eq.x,b.eq.y))`"
            ),
        ]
        let references = definition.fields.filter { $0.referencedCollection != nil }.map(\.name)
        if !references.isEmpty {
            parameters.append(Self.query("expand", Self.listPattern(references), "Embed the referenced records"))
        }
        if definition.searchTable != nil {
            let searchable = definition.fields.filter(\.searchable).map(\.name).joined(separator: ", ")
            parameters.append(
                Self.query(
                    "q",
                    ["type": "string"],
                    "Full-text search (prefix words) in \(searchable), paged from the index in id order"
                )
            )
        }
        for name in definition.filterableNames {
            let field = definition.field(name)
            let substring = field?.substring == true
            let operators = ListQuery.operators.filter { substring || ($0 != "like" && $0 != "ilike") }
            var text =
                "Filter as `op.value`, op one of \(operators.joined(separator: " ")): `\(name)=eq.x`, "
                + "`\(name)=in.(a,b)`, `\(name)=is.null`"
            if substring {
                text +=
                    ", `\(name)=ilike.*abc*` (at least \(ListQuery.minSubstringLength) characters between wildcards)"
            }
            if let companion = field?.filterAlongside { text += "; only together with `\(companion)=eq.ID`" }
            parameters.append(
                Self.query(
                    name,
                    ["type": "string", "pattern": .string("^(\(operators.joined(separator: "|")))\\.")],
                    text
                )
            )
        }
        return [
            "operationId": .string(
                "list" + definition.collection.prefix(1).uppercased() + definition.collection.dropFirst()
            ),
            "tags": tag,
            "summary": .string("List \(definition.collection), a page at a time"),
            "parameters": .array(parameters),
            "responses": OpenAPIDocument.responses(
                [
                    "200": [
                        "description": "A page of records",
                        "headers": ["ETag": Self.header("ETag"), "Link": Self.header("Link")],
                        "content": [
                            "application/json": ["schema": schema(title + "List")],
                            "text/csv": ["schema": ["type": "string"]],
                        ],
                    ],
                    "304": OpenAPIDocument.ref("responses", "NotModified"),
                ],
                problems: ["BadRequest"]
            ),
        ]
    }

    var create: JSONValue {
        [
            "operationId": .string("create" + title),
            "tags": tag,
            "parameters": [Self.param("IdempotencyKey")],
            "requestBody": ["required": true, "content": ["application/json": ["schema": schema(title + "Input")]]],
            "responses": OpenAPIDocument.responses(
                ["201": record("Created", location: true)],
                problems: ["BadRequest", "Conflict", "ContentTooLarge", "UnsupportedMediaType", "UnprocessableContent"]
            ),
        ]
    }

    var read: JSONValue {
        [
            "operationId": .string("get" + title),
            "tags": tag,
            "parameters": [
                keyParameter, Self.param("IfNoneMatch"),
                Self.query("fields", Self.listPattern(allNames), "Only these fields: `id,name`"),
            ],
            "responses": OpenAPIDocument.responses(
                [
                    "200": record("The record", schemaName: title + "Selection"),
                    "304": OpenAPIDocument.ref("responses", "NotModified"),
                ],
                problems: ["BadRequest", "NotFound"]
            ),
        ]
    }

    /// PATCH merges the given fields (JSON merge patch); PUT replaces the record.
    func update(patch: Bool) -> JSONValue {
        let body = schema(title + (patch ? "Patch" : "Input"))
        let types = patch ? ["application/json", "application/merge-patch+json"] : ["application/json"]
        return [
            "operationId": .string((patch ? "update" : "replace") + title),
            "tags": tag,
            "parameters": [keyParameter, Self.param("IfMatch")],
            "requestBody": [
                "required": true,
                "content": .object(Dictionary(uniqueKeysWithValues: types.map { ($0, ["schema": body]) })),
            ],
            "responses": OpenAPIDocument.responses(
                ["200": record("The record as changed")],
                problems: [
                    "BadRequest", "NotFound", "Conflict", "PreconditionFailed", "ContentTooLarge",
                    "UnsupportedMediaType", "UnprocessableContent",
                ]
            ),
        ]
    }

    var delete: JSONValue {
        [
            "operationId": .string("delete" + title),
            "tags": tag,
            "parameters": [keyParameter, Self.param("IfMatch")],
            "responses": OpenAPIDocument.responses(
                ["204": ["description": "Deleted"]],
                problems: ["NotFound", "Conflict", "PreconditionFailed"]
            ),
        ]
    }

    var history: JSONValue {
        [
            "operationId": .string("get" + title + "History"),
            "tags": tag,
            "summary": "The change journal of a record, newest first, also after its deletion",
            "parameters": [keyParameter, Self.param("page"), Self.param("perPage")],
            "responses": OpenAPIDocument.responses(
                [
                    "200": [
                        "description": "A page of changes",
                        "content": ["application/json": ["schema": schema(title + "History")]],
                    ]
                ],
                problems: ["BadRequest", "NotFound"]
            ),
        ]
    }

    /// A response carrying one record and its ETag.
    func record(_ description: String, schemaName: String? = nil, location: Bool = false) -> JSONValue {
        var headers: [String: JSONValue] = ["ETag": Self.header("ETag")]
        if location { headers["Location"] = Self.header("Location") }
        return [
            "description": .string(description),
            "headers": .object(headers),
            "content": ["application/json": ["schema": schema(schemaName ?? title)]],
        ]
    }
}

import HTTPCore

/// The OpenAPI 3.1 description of the service, built from `Catalog.definitions` (the declarations that also drive
/// routing, validation and the SQL), so the document cannot drift from what the server does.
///
/// Per resource: the schemas `{Title}` (a full record), `{Title}Selection` (a record narrowed by `fields`),
/// `{Title}Input` (POST, PUT), `{Title}Patch`, `{Title}List` and `{Title}History`, and the paths its
/// `ResourceController` registers. The `/bench` routes are left out: they are off by default.
enum OpenAPIDocument {
    static let path = "/api/v1/openapi.json"

    /// The whole document.
    /// - Parameters:
    ///   - definitions: the declared resources, normally `Catalog.definitions`.
    ///   - paging: the configured page sizes (`perPage` is documented with their maximum).
    ///   - policy: who may call what; each operation's `security` (and `x-charter-role`) comes from it.
    static func make(
        _ definitions: [ResourceDefinition],
        paging: ResourceController.Paging,
        policy: AccessPolicy = AccessPolicy()
    ) -> JSONValue {
        var paths: [String: JSONValue] = [
            "/health": health,
            path: selfDescription,
        ]
        paths.merge(ServicePaths.paths) { first, _ in first }
        var schemas: [String: JSONValue] = ["Problem": problemSchema, "FieldIssue": fieldIssueSchema]
        for definition in definitions {
            let resource = ResourcePaths(definition: definition, paging: paging)
            // Operation by operation: a path may have some operations from the engine and some of its own.
            paths.merge(resource.paths) { first, second in
                guard case .object(let a) = first, case .object(let b) = second else { return first }
                return .object(a.merging(b) { x, _ in x })
            }
            schemas.merge(ResourceSchemas(definition: definition).schemas) { first, _ in first }
        }
        paths = Dictionary(uniqueKeysWithValues: paths.map { path, item in (path, withSecurity(path, item, policy)) })
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Charter",
                "version": .string(CharterVersion.current),
                "summary": "Career profiles and project tracking for IT project managers",
                "description": """
                Every error is an RFC 9457 problem (`application/problem+json`); validation problems list each \
                field in `errors`. Lists filter with `field=op.value` (PostgREST style).
                """,
            ],
            "servers": [["url": "/"]],
            "tags": .array(
                definitions.map { ["name": .string($0.collection)] } + [
                    ["name": "careers"], ["name": "keys"], ["name": "service"],
                ]
            ),
            "paths": .object(paths),
            "components": [
                "schemas": .object(schemas),
                "parameters": sharedParameters(paging),
                "headers": sharedHeaders,
                "responses": sharedResponses,
                "securitySchemes": [
                    "apiKey": [
                        "type": "http", "scheme": "bearer",
                        "description": "An API key (`chk_…`) as `Authorization: Bearer` (RFC 6750)",
                    ]
                ],
            ],
        ]
    }

    /// The path item with each operation's `security` as the access policy decides it: none for public
    /// operations, optional for anonymous reads, the key otherwise, with the least role in `x-charter-role`.
    static func withSecurity(_ path: String, _ item: JSONValue, _ policy: AccessPolicy) -> JSONValue {
        guard case .object(var operations) = item else { return item }
        for (method, operation) in operations {
            guard case .object(var op) = operation, ["get", "post", "put", "patch", "delete"].contains(method) else {
                continue
            }
            switch policy.requirement(HTTPMethod(method.uppercased()), path) {
            case .anyone:
                op["security"] = []
            case .optionalKey:
                op["security"] = [[:], ["apiKey": []]]
            case .role(let role):
                op["security"] = [["apiKey": []]]
                op["x-charter-role"] = .string(role.rawValue)
            }
            operations[method] = .object(op)
        }
        return .object(operations)
    }

    /// `GET /health`.
    static let health: JSONValue = [
        "get": [
            "operationId": "getHealth",
            "tags": ["service"],
            "summary": "Liveness and database health",
            "responses": [
                "200": ["description": "Healthy", "content": ["application/json": ["schema": healthSchema]]],
                "503": [
                    "description": "The database is unavailable",
                    "content": ["application/json": ["schema": healthSchema]],
                ],
            ],
        ]
    ]

    static let healthSchema: JSONValue = [
        "type": "object",
        "required": ["status", "version", "uptimeSeconds", "database"],
        "properties": [
            "status": ["type": "string", "enum": ["ok", "degraded"]],
            "version": ["type": "string"],
            "uptimeSeconds": ["type": "integer", "minimum": 0],
            "database": ["type": "string", "enum": ["ok", "unavailable"]],
        ],
    ]

    /// `GET /api/v1/openapi.json`: this document.
    static let selfDescription: JSONValue = [
        "get": [
            "operationId": "getOpenAPIDocument",
            "tags": ["service"],
            "summary": "This OpenAPI document",
            "parameters": [ref("parameters", "IfNoneMatch")],
            "responses": [
                "200": [
                    "description": "The OpenAPI 3.1 document",
                    "headers": ["ETag": ref("headers", "ETag")],
                    "content": [OpenAPIController.contentType: ["schema": ["type": "object"]]],
                ],
                "304": ref("responses", "NotModified"),
            ],
        ]
    ]

    /// `{"$ref": "#/components/{section}/{name}"}`.
    static func ref(_ section: String, _ name: String) -> JSONValue {
        ["$ref": .string("#/components/\(section)/\(name)")]
    }
}

// Literals make the document readable; the conformances are internal to App.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

/// `GET /api/v1/openapi.json`: the OpenAPI document, built once at start-up and served as cached bytes with a
/// strong ETag (304 on `If-None-Match`).
struct OpenAPIController: Sendable {
    static let contentType = "application/openapi+json"

    let bytes: [UInt8]
    let etag: String

    init(definitions: [ResourceDefinition], paging: ResourceController.Paging, policy: AccessPolicy) {
        var writer = JSONWriter(capacity: 64 * 1024)
        writer.write(OpenAPIDocument.make(definitions, paging: paging, policy: policy))
        bytes = writer.bytes
        etag = "\"oa-\(String(FNV.hash(writer.bytes), radix: 16))\""
    }

    func register(on router: inout Router) {
        let controller = self
        router.get(OpenAPIDocument.path) { request in controller.respond(request) }
    }

    func respond(_ request: Request) -> Response {
        if ETags.noneMatch(request.headers, etag) { return Response(status: .notModified, headers: ["ETag": etag]) }
        var response = Response.bytes(bytes, contentType: Self.contentType)
        response.headers["ETag"] = etag
        response.headers["Cache-Control"] = "no-cache"
        return response
    }
}

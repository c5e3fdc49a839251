/// The careers endpoints in the OpenAPI document.
enum CareerPaths {
    typealias S = ServicePaths

    static let codeParameter: JSONValue = [
        "name": "code", "in": "path", "required": true,
        "description": "An O*NET-SOC code (`15-1299.09`), or a custom profile's (`ACME-0001.00`)",
        "schema": ["type": "string", "pattern": #"^([0-9]{2}|[A-Z]{2,8})-[0-9]{4}\.[0-9]{2}$"#],
    ]
    static let sortParameter: JSONValue = [
        "name": "sort", "in": "query",
        "schema": ["type": "string", "enum": ["importance", "level", "-importance", "-level"]],
    ]
    static let credit: JSONValue = ["type": "string", "description": "The CC BY 4.0 credit O*NET requires"]

    static let hit: JSONValue = [
        "type": "object",
        "properties": [
            "code": S.string, "title": S.string, "jobZone": ["type": "integer", "minimum": 1, "maximum": 5],
            "hasFullProfile": ["type": "boolean"], "score": ["type": "number"],
            "match": ["type": "string", "enum": ["code", "title", "jobTitle", "text", "all"]],
        ],
    ]

    static func ok(_ description: String, _ schema: JSONValue) -> [String: JSONValue] {
        ["200": ["description": .string(description), "content": ["application/json": ["schema": schema]]]]
    }

    /// `GET /api/v1/careers`: the engine's list of profiles, or with `q=` the relevance-ranked hits.
    static var list: JSONValue {
        guard case .object(var operation) = ResourcePaths(definition: Careers.definition, paging: .init()).list,
            case .array(var parameters) = operation["parameters"]
        else { return [:] }
        let hitFields = ["code", "title", "jobZone", "hasFullProfile", "score", "match"]
        let names = Array(Set(hitFields + Careers.definition.names)).sorted()
        parameters = parameters.map { p in
            guard case .object(let o) = p, case .string(let name)? = o["name"] else { return p }
            return switch name {
            case "fields": ResourcePaths.query("fields", ResourcePaths.listPattern(names), "Only these fields")
            case "jobZone", "hasFullProfile":
                ResourcePaths.query(
                    name,
                    S.string,
                    "A filter, `op.value` or a bare value read as `eq.` (`jobZone=4`); the one filter besides `hasFullProfile` that works with `q`"
                )
            default: p
            }
        }
        parameters.append(
            ResourcePaths.query(
                "q",
                S.string,
                "Search: exact title and job-title matches first, then full text (bm25), prefix words, or a code; hits come best first and take only jobZone, hasFullProfile, page, perPage and fields (hit fields)"
            )
        )
        operation["parameters"] = .array(parameters)
        operation["operationId"] = "listCareers"
        operation["tags"] = ["careers"]
        operation["summary"] = "Career profiles: the list contract, or a search with q"
        let hits = S.object([
            "items": S.array(hit), "page": S.integer, "perPage": S.integer, "totalItems": S.integer,
            "totalPages": S.integer,
        ])
        if case .object(var responses)? = operation["responses"], case .object(var ok)? = responses["200"],
            case .object(var content)? = ok["content"]
        {
            content["application/json"] = [
                "schema": ["anyOf": [OpenAPIDocument.ref("schemas", "CareerProfileList"), hits]]
            ]
            ok["content"] = .object(content)
            responses["200"] = .object(ok)
            operation["responses"] = .object(responses)
        }
        return .object(operation)
    }

    static let paths: [String: JSONValue] = {
        var paths: [String: JSONValue] = [
            "/api/v1/careers": ["get": list],
            "/api/v1/careers/compare": [
                "get": [
                    "operationId": "compareCareers", "tags": ["careers"],
                    "summary": "What two occupations share, and where their importance and level differ most",
                    "parameters": [
                        [
                            "name": "codes", "in": "query", "required": true,
                            "schema": [
                                "type": "string",
                                "pattern": #"^[0-9A-Z]{2,8}-[0-9]{4}\.[0-9]{2},[0-9A-Z]{2,8}-[0-9]{4}\.[0-9]{2}$"#,
                            ],
                        ],
                        [
                            "name": "domain", "in": "query",
                            "schema": ["type": "string", "enum": ["abilities", "knowledge", "skills"]],
                        ],
                    ],
                    "responses": OpenAPIDocument.responses(
                        ok(
                            "The comparison",
                            S.object([
                                "codeA": S.string, "codeB": S.string, "shared": S.array(S.looseObject),
                                "onlyInB": S.array(S.looseObject),
                            ])
                        ),
                        problems: ["BadRequest", "NotFound"]
                    ),
                ]
            ],
            "/api/v1/careers/{code}": [
                "get": [
                    "operationId": "getCareerProfile", "tags": ["careers"],
                    "summary":
                        "A whole profile: description, titles, tasks (core first), abilities, knowledge, skills, related, source and credit",
                    "parameters": [codeParameter, sortParameter, OpenAPIDocument.ref("parameters", "IfNoneMatch")],
                    "responses": OpenAPIDocument.responses(
                        ok(
                            "The profile",
                            S.object([
                                "occupation": S.looseObject, "titles": S.array(S.looseObject),
                                "tasks": S.array(S.looseObject),
                                "abilities": S.array(S.looseObject), "knowledge": S.array(S.looseObject),
                                "skills": S.array(S.looseObject), "related": S.array(S.looseObject), "credit": credit,
                            ])
                        ).merging(["304": OpenAPIDocument.ref("responses", "NotModified")]) { a, _ in a },
                        problems: ["BadRequest", "NotFound"]
                    ),
                ]
            ],
        ]
        paths["/api/v1/careers/import"] = [
            "post": [
                "operationId": "importCareerPage", "tags": ["careers"],
                "summary": "Import a career page (admins), the layout of it-project-managers.txt, as text/plain",
                "parameters": [
                    [
                        "name": "code", "in": "query",
                        "schema": ["type": "string", "pattern": #"^([0-9]{2}|[A-Z]{2,8})-[0-9]{4}\.[0-9]{2}$"#],
                    ]
                ],
                "requestBody": ["required": true, "content": ["text/plain": ["schema": S.string]]],
                "responses": OpenAPIDocument.responses(
                    CareerPaths.ok("The import report", S.object(["unchanged": S.string, "report": S.string])),
                    problems: ["BadRequest", "UnsupportedMediaType", "UnprocessableContent"]
                ),
            ]
        ]
        for section in ["tasks", "titles", "related", "abilities", "knowledge", "skills"] {
            paths["/api/v1/careers/{code}/\(section)"] = [
                "get": [
                    "operationId": .string("getCareer" + section.prefix(1).uppercased() + section.dropFirst()),
                    "tags": ["careers"],
                    "summary": .string("The profile's \(section) alone"),
                    "parameters": [codeParameter, sortParameter],
                    "responses": OpenAPIDocument.responses(
                        ok(
                            "The section",
                            S.object([
                                "code": S.string, "items": S.array(S.looseObject), "totalItems": S.integer,
                                "credit": credit,
                            ])
                        ),
                        problems: ["BadRequest", "NotFound"]
                    ),
                ]
            ]
        }
        return paths
    }()
}

/// The API-key endpoints (admins only) in the OpenAPI document.
enum KeyPaths {
    typealias S = ServicePaths
    static let key: JSONValue = [
        "type": "object", "required": ["id", "name", "role", "prefix", "createdAt"],
        "properties": [
            "id": S.integer, "name": S.string, "role": ["type": "string", "enum": ["viewer", "editor", "admin"]],
            "prefix": S.string, "createdAt": S.string, "lastUsedAt": ["type": ["string", "null"]],
            "revokedAt": ["type": ["string", "null"]],
            "person": [
                "type": ["integer", "null"], "description": "The person the key acts for in reviews and approvals",
            ],
            "key": ["type": "string", "description": "Shown once, on creation"],
        ],
    ]
    static let linkSchema: JSONValue = [
        "type": "object", "additionalProperties": false,
        "properties": [
            "person": ["type": ["integer", "null"], "minimum": 1],
            "name": ["type": "string", "readOnly": true], "role": ["type": "string", "readOnly": true],
        ],
    ]
    static let paths: [String: JSONValue] = [
        "/api/v1/keys": [
            "get": [
                "operationId": "listKeys", "tags": ["keys"], "summary": "Every API key (never the key text)",
                "responses": OpenAPIDocument.responses(
                    CareerPaths.ok("The keys", S.object(["items": S.array(key)])),
                    problems: []
                ),
            ],
            "post": [
                "operationId": "createKey", "tags": ["keys"], "summary": "Create a key; its text is shown once",
                "requestBody": [
                    "required": true,
                    "content": [
                        "application/json": [
                            "schema": [
                                "type": "object", "required": ["name", "role"], "additionalProperties": false,
                                "properties": [
                                    "name": ["type": "string", "minLength": 1, "maxLength": 100],
                                    "role": ["type": "string", "enum": ["viewer", "editor", "admin"]],
                                    "person": ["type": ["integer", "null"], "minimum": 1],
                                ],
                            ]
                        ]
                    ],
                ],
                "responses": OpenAPIDocument.responses(
                    ["201": ["description": "Created", "content": ["application/json": ["schema": key]]]],
                    problems: ["BadRequest", "Conflict", "UnsupportedMediaType", "UnprocessableContent"]
                ),
            ],
        ],
        "/api/v1/keys/{id}": [
            "get": [
                "operationId": "getKey", "tags": ["keys"], "summary": "One key", "parameters": [S.idParameter],
                "responses": OpenAPIDocument.responses(CareerPaths.ok("The key", key), problems: ["NotFound"]),
            ],
            "patch": [
                "operationId": "linkKey", "tags": ["keys"],
                "summary": "Link the key to a person (null unlinks; absent leaves it); name and role only unchanged",
                "parameters": [S.idParameter],
                "requestBody": [
                    "required": true,
                    "content": [
                        "application/json": ["schema": linkSchema],
                        "application/merge-patch+json": ["schema": linkSchema],
                    ],
                ],
                "responses": OpenAPIDocument.responses(
                    CareerPaths.ok("The key", key),
                    problems: ["BadRequest", "NotFound", "UnsupportedMediaType", "UnprocessableContent"]
                ),
            ],
            "delete": [
                "operationId": "revokeKey", "tags": ["keys"], "summary": "Revoke a key", "parameters": [S.idParameter],
                "responses": OpenAPIDocument.responses(["204": ["description": "Revoked"]], problems: ["NotFound"]),
            ],
        ],
    ]
}

/// The endpoints that are not plain declared collections: the batch, the project plan, careers and API keys.
/// Each is written next to the others here; `OpenAPIDocumentTests` walks the application's real router and fails
/// for any `/api/v1` route that is not documented (or documented but not routed), so this cannot drift unseen.
enum ServicePaths {
    typealias R = OpenAPIDocument

    static let paths: [String: JSONValue] = [
        "/api/v1/batch": [
            "post": [
                "operationId": "runBatch", "tags": ["service"],
                "summary": "Up to 100 create, update and delete operations in one transaction, all or nothing",
                "requestBody": [
                    "required": true,
                    "content": ["application/json": ["schema": batchRequest]],
                ],
                "responses": OpenAPIDocument.responses(
                    [
                        "200": [
                            "description": "Every operation applied",
                            "content": ["application/json": ["schema": batchResult]],
                        ]
                    ],
                    problems: [
                        "BadRequest", "NotFound", "MethodNotAllowed", "Conflict", "PreconditionFailed",
                        "UnsupportedMediaType", "UnprocessableContent",
                    ]
                ),
            ]
        ],
        PlanImport.path: [
            "post": [
                "operationId": "importProjectPlan", "tags": ["projects"],
                "summary":
                    "A new project from a Microsoft Project XML (MSPDI) or CSV plan, in one transaction: calendar, project, tasks in outline order, links",
                "parameters": [
                    ["name": "key", "in": "query", "required": true, "schema": ["type": "string"]],
                    ["name": "name", "in": "query", "schema": ["type": "string"]],
                    ["name": "start", "in": "query", "schema": ["type": "string", "format": "date"]],
                ],
                "requestBody": [
                    "required": true,
                    "content": [
                        "application/xml": ["schema": string], "text/xml": ["schema": string],
                        "text/csv": ["schema": string],
                    ],
                ],
                "responses": OpenAPIDocument.responses(
                    [
                        "201": [
                            "description": "What the import created",
                            "content": [
                                "application/json": [
                                    "schema": object([
                                        "project": integer, "workPackages": integer, "dependencies": integer,
                                        "ignored": array(string),
                                    ])
                                ]
                            ],
                        ]
                    ],
                    problems: ["BadRequest", "NotFound", "Conflict", "UnsupportedMediaType", "UnprocessableContent"]
                ),
            ]
        ],
    ].merging(CareerPaths.paths) { a, _ in a }.merging(KeyPaths.paths) { a, _ in a }
        .merging(Portfolio.paths) { a, _ in a }

    static let integer: JSONValue = ["type": "integer"]
    static let string: JSONValue = ["type": "string"]
    static let date: JSONValue = ["type": "string", "format": "date"]
    static let looseObject: JSONValue = ["type": "object"]

    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    /// An object whose listed properties are all present.
    static func object(_ properties: [String: JSONValue]) -> JSONValue {
        [
            "type": "object", "required": .array(properties.keys.sorted().map { .string($0) }),
            "properties": .object(properties),
        ]
    }

    static let idParameter: JSONValue = [
        "name": "id", "in": "path", "required": true, "schema": ["type": "integer", "minimum": 1],
    ]

    static let batchRequest: JSONValue = [
        "type": "object", "required": ["operations"],
        "properties": [
            "operations": [
                "type": "array", "minItems": 1, "maxItems": 100,
                "items": [
                    "type": "object", "required": ["method", "path"],
                    "properties": [
                        "method": ["type": "string", "enum": ["POST", "PATCH", "PUT", "DELETE"]],
                        "path": ["type": "string", "examples": ["/api/v1/people", "/api/v1/people/7"]],
                        "body": ["type": "object"],
                        "ifMatch": ["type": "string"],
                    ],
                ],
            ]
        ],
    ]

    static let batchResult: JSONValue = object([
        "results": array([
            "type": "object", "required": ["status"],
            "properties": [
                "status": ["type": "integer", "enum": [200, 201, 204]], "body": ["type": "object"],
                "etag": ["type": "string"], "location": ["type": "string"],
            ],
        ])
    ])
}

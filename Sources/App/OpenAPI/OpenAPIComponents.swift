import HTTPCore

/// Components every resource shares: the problem schema, parameters, headers and error responses.
extension OpenAPIDocument {
    /// RFC 9457 problem details, as `Problem` in HTTPCore encodes them.
    static let problemSchema: JSONValue = [
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": [
            "type": ["type": "string", "description": "about:blank unless a more specific type applies"],
            "title": ["type": "string"],
            "status": ["type": "integer", "minimum": 100, "maximum": 599],
            "detail": ["type": "string"],
            "instance": ["type": "string", "description": "The request path"],
            "errors": [
                "type": "array", "items": ref("schemas", "FieldIssue"), "maxItems": .int(Int64(Problem.maxErrors)),
            ],
            "errorsOmitted": [
                "type": "integer", "minimum": 1,
                "description": "How many issues `errors` leaves out (it lists the first 50)",
            ],
        ],
    ]

    static let fieldIssueSchema: JSONValue = [
        "type": "object",
        "required": ["field", "code", "message"],
        "properties": [
            "field": ["type": "string"],
            "code": [
                "type": "string",
                "description":
                    "required, unknown_field, type, too_short, too_long, too_many, format, not_allowed, out_of_range, not_found, unique or invalid",
            ],
            "message": ["type": "string"],
        ],
    ]

    static func sharedParameters(_ paging: ResourceController.Paging) -> JSONValue {
        [
            "id": [
                "name": "id", "in": "path", "required": true,
                "schema": ["type": "integer", "minimum": 1, "maximum": .int(Int64.max)],
                "examples": ["seeded": ["value": 1]],
            ],
            "page": [
                "name": "page", "in": "query",
                "schema": ["type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1],
            ],
            "perPage": [
                "name": "perPage", "in": "query",
                "schema": [
                    "type": "integer", "minimum": 1, "maximum": .int(Int64(paging.maxPerPage)),
                    "default": .int(Int64(paging.defaultPerPage)),
                ],
            ],
            "IfMatch": [
                "name": "If-Match", "in": "header",
                "description": "Write only if the record is still at one of these ETags (412 otherwise)",
                "schema": ["type": "string"],
            ],
            "IfNoneMatch": [
                "name": "If-None-Match", "in": "header",
                "description": "304 when the representation still has one of these ETags",
                "schema": ["type": "string"],
            ],
            "IdempotencyKey": [
                "name": "Idempotency-Key", "in": "header",
                "description": "A retry with the same key and body within 24 hours replays the first response",
                "schema": ["type": "string", "minLength": 1, "maxLength": 255],
            ],
        ]
    }

    static let sharedHeaders: JSONValue = [
        "ETag": ["description": "The entity tag of the representation", "schema": ["type": "string"]],
        "Location": ["description": "The URL of the created record", "schema": ["type": "string"]],
        "Link": ["description": "RFC 8288 links to the next and previous pages", "schema": ["type": "string"]],
    ]

    /// Error responses by name, each an `application/problem+json` body.
    static let problemResponses: [(name: String, description: String)] = [
        ("BadRequest", "A query parameter, header or body that is not understood"),
        ("Unauthorized", "An API key is needed (`Authorization: Bearer …`), or the one sent is unknown or revoked"),
        ("Forbidden", "The key's role may not do this"),
        ("NotFound", "No such record"),
        ("MethodNotAllowed", "The operation is not one this path serves"),
        ("Conflict", "A unique value is taken, or the record is still referenced"),
        ("PreconditionFailed", "If-Match names none of the record's current ETags"),
        ("ContentTooLarge", "The body is larger than the configured maximum"),
        ("UnsupportedMediaType", "The body is not JSON"),
        ("UnprocessableContent", "The body breaks the resource's rules; `errors` lists each field"),
        ("NotAcceptable", "Accept-Encoding refuses both gzip and identity"),
        ("TooManyRequests", "Too many requests; retry after Retry-After seconds"),
        ("ServiceUnavailable", "The database is busy; retry after Retry-After seconds"),
    ]

    /// The status code of each named problem response.
    static let problemStatus: [String: String] = [
        "BadRequest": "400", "Unauthorized": "401", "Forbidden": "403", "NotFound": "404", "MethodNotAllowed": "405",
        "Conflict": "409", "PreconditionFailed": "412",
        "ContentTooLarge": "413", "UnsupportedMediaType": "415", "UnprocessableContent": "422",
        "NotAcceptable": "406", "TooManyRequests": "429", "ServiceUnavailable": "503",
    ]

    static let sharedResponses: JSONValue = {
        var responses: [String: JSONValue] = [
            "NotModified": [
                "description": "The representation has not changed",
                "headers": ["ETag": ref("headers", "ETag")],
            ]
        ]
        for (name, description) in problemResponses {
            responses[name] = [
                "description": .string(description),
                "content": [Problem.contentType: ["schema": ref("schemas", "Problem")]],
            ]
        }
        return .object(responses)
    }()

    /// `responses` for an operation: its own success responses plus the named problems.
    /// A GET of a declared route's document (`ResourceRoute`): its JSON schema (and CSV when it offers one), a 304
    /// for `If-None-Match`, the problems it answers, and `format` when there is a CSV form.
    static func documentOperation(
        id: String,
        summary: String,
        description: String,
        schema: JSONValue,
        csv: Bool = false,
        mspdi: Bool = false,
        parameters: [JSONValue] = [],
        problems: [String]
    ) -> JSONValue {
        var content: [String: JSONValue] = ["application/json": ["schema": schema]]
        var all = parameters
        if csv {
            content["text/csv"] = ["schema": ["type": "string"]]
            // format=mspdi: Microsoft Project XML (see `MSPDI`).
            if mspdi { content["application/xml"] = ["schema": ["type": "string"]] }
            let formats: [JSONValue] = mspdi ? ["json", "csv", "mspdi"] : ["json", "csv"]
            all.append(["name": "format", "in": "query", "schema": ["type": "string", "enum": .array(formats)]])
        }
        return [
            "operationId": .string(id), "summary": .string(summary),
            "parameters": .array(all + [ref("parameters", "IfNoneMatch")]),
            "responses": responses(
                [
                    "200": ["description": .string(description), "content": .object(content)],
                    "304": ref("responses", "NotModified"),
                ],
                problems: problems
            ),
        ]
    }

    static func responses(_ own: [String: JSONValue], problems: [String]) -> JSONValue {
        var out = own
        for name in problems + ["Unauthorized", "Forbidden", "TooManyRequests", "ServiceUnavailable"] {
            out[problemStatus[name]!] = ref("responses", name)
        }
        return .object(out)
    }
}

/// The JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of one resource, from its declared fields.
struct ResourceSchemas {
    let definition: ResourceDefinition

    /// The component name: the title in UpperCamelCase (`Work package` → `WorkPackage`); OpenAPI allows no spaces.
    var title: String {
        definition.title.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    var schemas: [String: JSONValue] {
        [
            title: record(requireAll: true),
            title + "Selection": record(requireAll: false),
            title + "Input": input(patch: false),
            title + "Patch": input(patch: true),
            title + "List": list,
            title + "History": history,
        ]
    }

    /// What the server keeps for every record, never written by clients.
    static let systemProperties: [String: JSONValue] = [
        "id": ["type": "integer", "minimum": 1, "readOnly": true, "description": "Assigned by the server"],
        "version": [
            "type": "integer", "minimum": 1, "readOnly": true,
            "description": "Starts at 1, incremented by every change; the record's ETag is this number, quoted",
        ],
        "createdAt": ["type": "string", "format": "date-time", "readOnly": true],
        "updatedAt": ["type": "string", "format": "date-time", "readOnly": true],
    ]

    /// A record as the server returns it. Every field is present (null when unset) unless `fields` narrowed it,
    /// hence `{Title}Selection` without `required` for the operations that take `fields`.
    func record(requireAll: Bool) -> JSONValue {
        var properties = Self.systemProperties.filter { definition.systemNames.contains($0.key) }
        for field in definition.selectedFields {
            var schema = Self.value(field, nullable: !field.required || !field.writable)
            if !field.writable, case .object(var o) = schema {
                o["readOnly"] = true
                schema = .object(o)
            }
            properties[field.name] = schema
        }
        let references = definition.fields.filter { $0.referencedCollection != nil }
        if !references.isEmpty {
            var expanded: [String: JSONValue] = [:]
            for field in references {
                let target =
                    Catalog.registry.definition(field.referencedCollection!).map {
                        ResourceSchemas(definition: $0).title
                    } ?? "Unknown"
                expanded[field.name] = OpenAPIDocument.ref("schemas", target)
            }
            properties["expand"] = [
                "type": "object", "readOnly": true, "properties": .object(expanded),
                "additionalProperties": false,
                "description": "The records named by reference fields, when `expand` asked for them",
            ]
        }
        var schema: [String: JSONValue] = [
            "type": "object",
            "properties": .object(properties),
            "additionalProperties": false,
        ]
        if requireAll {
            schema["required"] = .array(
                definition.names.map { .string($0) }
            )
        }
        return .object(schema)
    }

    /// The body of POST and PUT (`required` is the declared required fields) or of PATCH (nothing required).
    func input(patch: Bool) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for field in definition.fields where field.writable {
            properties[field.name] = Self.value(field, nullable: !field.required)
        }
        var schema: [String: JSONValue] = [
            "type": "object",
            "properties": .object(properties),
            "additionalProperties": false,
        ]
        let required = definition.fields.filter(\.required).map { JSONValue.string($0.name) }
        if !patch && !required.isEmpty { schema["required"] = .array(required) }
        return .object(schema)
    }

    /// The page envelope of `GET /api/v1/{collection}`; the totals are -1 with `skipTotal=true`.
    var list: JSONValue {
        Self.envelope(["type": "array", "items": OpenAPIDocument.ref("schemas", title + "Selection")])
    }

    /// The page envelope of `GET /api/v1/{collection}/{id}/history`, newest change first.
    var history: JSONValue {
        let change: JSONValue = [
            "type": "object",
            "required": ["from", "to"],
            "properties": ["from": [:], "to": [:]],
        ]
        let entry: JSONValue = [
            "type": "object",
            "required": ["id", "action", "actor", "at", "changes"],
            "properties": [
                "id": ["type": "integer"],
                "action": ["type": "string", "enum": ["create", "update", "delete"]],
                "actor": [
                    "type": ["string", "null"],
                    "description": "The name of the API key that made the change: shown to admins only, null otherwise",
                ],
                "redacted": [
                    "type": "boolean",
                    "description":
                        "The record was deleted and the caller is not an admin: `changes` is empty (the values are not shown)",
                ],
                "actorPerson": ["type": ["integer", "null"], "description": "The person the key acted for"],
                "at": ["type": "string", "format": "date-time"],
                "changes": [
                    "type": "object", "additionalProperties": change,
                    "description":
                        "The fields that changed, from the old value to the new: a create's are from null, a delete's to null",
                ],
            ],
        ]
        return Self.envelope(["type": "array", "items": entry])
    }

    static func envelope(_ items: JSONValue) -> JSONValue {
        [
            "type": "object",
            "required": ["items", "page", "perPage", "totalItems", "totalPages"],
            "properties": [
                "items": items,
                "page": ["type": "integer", "minimum": 1],
                "perPage": ["type": "integer", "minimum": 1],
                "totalItems": ["type": "integer", "minimum": -1, "description": "-1 when skipTotal=true"],
                "totalPages": ["type": "integer", "minimum": -1, "description": "-1 when skipTotal=true"],
                "totalCapped": [
                    "type": "boolean",
                    "description": .string(
                        "Lists: true when more records match than the server counts exactly (maxExactTotal, 10,000 "
                            + "by default); totalItems and totalPages are then lower bounds, and rel=next follows "
                            + "the cursor"
                    ),
                ],
            ],
        ]
    }

    /// The schema of one field's value; a field that is not required may also be null.
    static func value(_ field: Field, nullable: Bool) -> JSONValue {
        var s: [String: JSONValue] = [:]
        let type: String
        switch field.kind {
        case .string, .text: type = "string"
        case .email:
            type = "string"
            s["format"] = "email"
        case .integer: type = "integer"
        case .number: type = "number"
        case .boolean: type = "boolean"
        case .date:
            type = "string"
            s["format"] = "date"
        case .datetime:
            type = "string"
            s["format"] = "date-time"
        case .enumeration(let values):
            type = "string"
            s["enum"] = .array(values.map { .string($0) } + (nullable ? [.null] : []))
        case .reference(let collection):
            type = "integer"
            s["minimum"] = 1
            s["description"] = .string("The id of a record in \(collection)")
        case .currency:
            type = "string"
            s["pattern"] = "^[A-Z]{3}$"
        case .onetCode:
            type = "string"
            s["pattern"] = #"^[0-9]{2}-[0-9]{4}\.[0-9]{2}$"#
        case .tags:
            type = "array"
            s["items"] = ["type": "string", "minLength": 1, "maxLength": 50]
            s["uniqueItems"] = true
        case .pattern(let pattern, let example):
            type = "string"
            s["pattern"] = .string(pattern)
            s["examples"] = [.string(example)]
        case .choices(let all):
            type = "array"
            s["items"] = ["type": "string", "enum": .array(all.map { .string($0) })]
            s["uniqueItems"] = true
        case .dates:
            type = "array"
            s["items"] = ["type": "string", "format": "date"]
            s["uniqueItems"] = true
        case .lines:
            type = "array"
            s["items"] = ["type": "string", "minLength": 1, "maxLength": 2000]
        case .roleCounts:
            type = "array"
            s["items"] = [
                "type": "object", "additionalProperties": false, "required": ["role", "count"],
                "properties": [
                    "role": ["type": "string", "minLength": 1, "maxLength": 100],
                    "count": ["type": "integer", "minimum": 0, "maximum": 10_000],
                ],
            ]
        }
        let isArray = field.kind.isList
        if let min = field.minLength { s[isArray ? "minItems" : "minLength"] = .int(Int64(min)) }
        if let max = field.maxLength { s[isArray ? "maxItems" : "maxLength"] = .int(Int64(max)) }
        if let min = field.minimum { s["minimum"] = .int(min) }
        if let max = field.maximum { s["maximum"] = .int(max) }
        s["type"] = nullable ? [.string(type), "null"] : .string(type)
        if !field.summary.isEmpty { s["description"] = .string(field.summary) }
        return .object(s)
    }
}

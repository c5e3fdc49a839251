@testable import App
@testable import HTTPCore

/// Checks an OpenAPI document against the declarations and the router, independently of the generator: the
/// expected JSON types are worked out here again from `Field.Kind`, and the routes are read from a real `Router`.
/// Returns one line per disagreement, so a test can show them all (and a test can feed it a broken document).
enum OpenAPIContract {
    /// Every (method, path) a `Router` would serve, with `:id` written `{id}` as in OpenAPI.
    static func routes(_ router: Router) -> [(method: String, path: String)] {
        var out: [(String, String)] = []
        func walk(_ node: Router.Node) {
            let path = node.template.split(separator: "/")
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            for method in node.handlers.keys {
                out.append((method.rawValue.lowercased(), "/" + path.joined(separator: "/")))
            }
            node.children.values.forEach(walk)
            if let parameter = node.parameter { walk(parameter.node) }
            if let all = node.catchAll { walk(all) }
        }
        walk(router.root)
        return out
    }

    /// The routes `ResourceController` registers for every definition.
    static func resourceRoutes(
        _ definitions: [ResourceDefinition],
        _ service: CharterService
    ) -> [(
        method: String, path: String
    )] {
        var router = Router()
        for definition in definitions {
            ResourceController(
                definition: definition,
                registry: Catalog.registry,
                database: service.database,
                paging: .init()
            )
            .register(on: &router)
        }
        return routes(router)
    }

    /// The JSON Schema type a field's values have, and the keywords that must describe them.
    static func expected(_ field: Field) -> (type: String, keywords: [String: JSONValue]) {
        switch field.kind {
        case .string, .text: ("string", [:])
        case .email: ("string", ["format": .string("email")])
        case .integer: ("integer", [:])
        case .number: ("number", [:])
        case .boolean: ("boolean", [:])
        case .date: ("string", ["format": .string("date")])
        case .datetime: ("string", ["format": .string("date-time")])
        case .enumeration: ("string", [:])
        case .reference: ("integer", ["minimum": .int(1)])
        case .currency: ("string", ["pattern": .string("^[A-Z]{3}$")])
        case .tags: ("array", [:])
        case .onetCode: ("string", ["pattern": .string(#"^[0-9]{2}-[0-9]{4}\.[0-9]{2}$"#)])
        case .pattern(let pattern, _): ("string", ["pattern": .string(pattern)])
        case .roleCounts, .choices, .dates, .lines: ("array", [:])
        }
    }

    static func problems(
        _ doc: JSONValue,
        definitions: [ResourceDefinition],
        routes: [(method: String, path: String)]
    ) -> [String] {
        var problems: [String] = []
        if doc["openapi"] != .string("3.1.0") { problems.append("openapi is \(String(describing: doc["openapi"]))") }
        let paths = doc["paths"]
        for route in routes where paths?[route.path]?[route.method] == nil {
            problems.append("route \(route.method) \(route.path) is not in paths")
        }
        for (path, item) in paths?.objectValue ?? [:] where path.hasPrefix("/api/v1/") && path != OpenAPIDocument.path {
            for method in item.objectValue?.keys ?? [:].keys
            where !routes.contains(where: { $0.method == method && $0.path == path }) {
                problems.append("\(method) \(path) is documented but not routed")
            }
        }
        let schemas = doc["components"]?["schemas"]
        for definition in definitions {
            let name = ResourceSchemas(definition: definition).title
            let record = schemas?[name]
            let input = schemas?[name + "Input"]
            for system in definition.systemNames where record?["properties"]?[system]?["readOnly"] != true {
                problems.append("\(name).\(system) is missing or not readOnly")
            }
            for field in definition.selectedFields {
                if field.writable {
                    for (schemaName, schema) in [(name, record), (name + "Input", input)] {
                        problems += check(field, schema?["properties"]?[field.name], in: schemaName)
                    }
                } else {
                    if record?["properties"]?[field.name]?["readOnly"] != true {
                        problems.append("\(name).\(field.name) is not readOnly")
                    }
                    if input?["properties"]?[field.name] != nil {
                        problems.append("\(name)Input accepts server-set \(field.name)")
                    }
                }
            }
            let required = Set(input?["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            if required != Set(definition.fields.filter(\.required).map(\.name)) {
                problems.append("\(name)Input.required is \(required.sorted())")
            }
            if schemas?[name + "Patch"]?["required"] != nil {
                problems.append("\(name)Patch requires fields")
            }
        }
        return problems
    }

    static func check(_ field: Field, _ schema: JSONValue?, in schemaName: String) -> [String] {
        let at = "\(schemaName).\(field.name)"
        guard let schema else { return ["\(at) is missing"] }
        var problems: [String] = []
        let (type, keywords) = expected(field)
        let wanted: JSONValue = field.required ? .string(type) : .array([.string(type), .string("null")])
        if schema["type"] != wanted { problems.append("\(at): type is \(String(describing: schema["type"]))") }
        for (key, value) in keywords where schema[key] != value { problems.append("\(at): \(key) is not \(value)") }
        let array = field.kind.isList
        let bounds: [(String, Int64?)] = [
            (array ? "minItems" : "minLength", field.minLength.map(Int64.init)),
            (array ? "maxItems" : "maxLength", field.maxLength.map(Int64.init)),
            ("minimum", field.minimum ?? (field.referencedCollection != nil ? 1 : nil)), ("maximum", field.maximum),
        ]
        for (key, value) in bounds where schema[key] != value.map(JSONValue.int) {
            problems.append(
                "\(at): \(key) is \(String(describing: schema[key])), declared \(String(describing: value))"
            )
        }
        if case .enumeration(let values) = field.kind {
            let listed = schema["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if listed != values { problems.append("\(at): enum is \(listed)") }
        }
        return problems
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? { objectValue?[key] }
    var objectValue: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
}

import Foundation
import HTTPCore
import TestSupport
import Testing

@testable import App

/// `GET /api/v1/openapi.json` over the wire, checked against `Catalog.definitions` and the routes they register.
@Suite struct OpenAPIDocumentTests {
    static func fetch(_ client: RawClient, headers: String = "") throws -> RawResponse {
        try client.send("GET /api/v1/openapi.json HTTP/1.1\r\nHost: t\r\n\(headers)\r\n")
        return try client.readResponse()
    }

    @Test func documentMatchesDeclarationsAndRoutes() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            let response = try Self.fetch(client)
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"] == "application/openapi+json")
            let document = try JSON.decode(JSONValue.self, from: response.body)
            #expect(
                OpenAPIContract.resourceRoutes(Catalog.definitions, service).count
                    == Catalog.definitions.map { ($0.customReads ? 5 : 7) + $0.routes.count }.reduce(0, +)
            )
            // Every route the application serves under /api/v1, from its real router, resources or not.
            let router = Application.makeRouter(
                configuration: service.configuration,
                database: service.database,
                keys: service.keys
            )
            let routes = OpenAPIContract.routes(router).filter { $0.path.hasPrefix("/api/v1/") }
            #expect(routes.contains { $0.method == "post" && $0.path == "/api/v1/batch" })
            #expect(routes.contains { $0.method == "get" && $0.path == "/api/v1/careers/{code}" })
            let problems = OpenAPIContract.problems(document, definitions: Catalog.definitions, routes: routes)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            for path in ["/health", "/api/v1/openapi.json"] { #expect(document["paths"]?[path]?["get"] != nil) }
            #expect(document["paths"]?.objectValue?.keys.contains { $0.hasPrefix("/bench") } == false)
        }
    }

    @Test func listParametersFollowTheDeclarationsAndConfiguration() throws {
        try TestServer.withCharter({ $0.maxPerPage = 123 }) { service in
            let document = try JSON.decode(JSONValue.self, from: try Self.fetch(try RawClient(port: service.port)).body)
            #expect(document["components"]?["parameters"]?["perPage"]?["schema"]?["maximum"] == .int(123))
            for definition in Catalog.definitions {
                let list = document["paths"]?["/api/v1/\(definition.collection)"]?["get"]
                let names = Set(list?["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
                #expect(
                    names.isSuperset(of: definition.filterableNames + ["sort", "fields", "skipTotal", "format", "or"])
                )
                // The sort parameter lists exactly the declared sortable fields (each with its index).
                let sort = list?["parameters"]?.arrayValue?.first { $0["name"]?.stringValue == "sort" }
                let values = Set(sort?["schema"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                #expect(values.filter { !$0.hasPrefix("-") && !$0.contains(",") } == Set(definition.sortableNames))
                #expect(names.contains("q") == (definition.searchTable != nil || definition.searchKeptBy != nil))
                let codes = Set(list?["responses"]?.objectValue?.keys.map { $0 } ?? [])
                #expect(codes.isSuperset(of: ["200", "304", "400"]))
            }
        }
    }

    /// Each operation's `security` comes from the same access policy that guards the request (issue 10): a
    /// client generated from the document knows which calls need a key and which role.
    @Test func securityOfEachOperationFollowsTheAccessPolicy() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            let document = try JSON.decode(JSONValue.self, from: try Self.fetch(client).body)
            guard case .object(let root) = document, case .object(let paths)? = root["paths"] else {
                Issue.record("no paths")
                return
            }
            func operation(_ path: String, _ method: String) -> [String: JSONValue] {
                guard case .object(let item)? = paths[path], case .object(let op)? = item[method] else { return [:] }
                return op
            }
            #expect(operation("/health", "get")["security"] == .array([]))
            #expect(operation("/api/v1/careers", "get")["security"] == [[:], ["apiKey": []]])
            #expect(operation("/api/v1/careers", "post")["x-charter-role"] == "admin")
            #expect(operation("/api/v1/keys", "get")["x-charter-role"] == "admin")
            #expect(operation("/api/v1/projects", "get")["x-charter-role"] == "viewer")
            #expect(operation("/api/v1/projects/{id}", "patch")["x-charter-role"] == "editor")
            #expect(operation("/api/v1/batch", "post")["x-charter-role"] == "editor")
            // Every operation says something.
            for (path, item) in paths {
                guard case .object(let ops) = item else { continue }
                for (method, op) in ops where ["get", "post", "put", "patch", "delete"].contains(method) {
                    guard case .object(let o) = op else { continue }
                    #expect(o["security"] != nil, "\(method) \(path)")
                }
            }
        }
    }

    @Test func servedOnceWithAnETag() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            let first = try Self.fetch(client)
            let etag = try #require(first.headers["ETag"])
            let again = try Self.fetch(client, headers: "If-None-Match: \(etag)\r\n")
            #expect(again.status == 304)
            #expect(try Self.fetch(client).body == first.body)
        }
    }

    /// The checker is not a tautology: each kind of drift in a document is reported.
    @Test(
        arguments: [
            ("a missing property", ["components", "schemas", "Person", "properties", "email"], nil),
            (
                "a wrong type", ["components", "schemas", "Person", "properties", "name", "type"],
                JSONValue.string("integer")
            ),
            (
                "a nullable required field", ["components", "schemas", "PersonInput", "properties", "name", "type"],
                .array(["string", "null"])
            ),
            ("a lost required entry", ["components", "schemas", "PersonInput", "required"], .array(["name"])),
            ("an undocumented route", ["paths", "/api/v1/people/{id}/history"], nil),
            ("a wrong bound", ["components", "schemas", "Person", "properties", "name", "maxLength"], .int(201)),
            ("an unserved operation", ["paths", "/api/v1/people", "trace"], .object([:])),
        ] as [(String, [String], JSONValue?)]
    )
    func checkerReportsDrift(_ drift: String, _ path: [String], _ value: JSONValue?) throws {
        try TestServer.withCharter { service in
            let document = try JSON.decode(JSONValue.self, from: try Self.fetch(try RawClient(port: service.port)).body)
            let routes = OpenAPIContract.resourceRoutes(Catalog.definitions, service)
            let broken = Self.setting(document, path[...], value)
            #expect(broken != document, "\(drift): the mutation changed nothing")
            #expect(
                !OpenAPIContract.problems(broken, definitions: Catalog.definitions, routes: routes).isEmpty,
                "\(drift)"
            )
        }
    }

    static func setting(_ json: JSONValue, _ path: ArraySlice<String>, _ value: JSONValue?) -> JSONValue {
        guard let key = path.first, var object = json.objectValue else { return value ?? json }
        if path.count == 1 {
            object[key] = value
        } else if let child = object[key] {
            object[key] = setting(child, path.dropFirst(), value)
        }
        return .object(object)
    }
}

/// Routes by method and path pattern. Build it, then freeze it with `build()`:
///
/// ```swift
/// var router = Router()
/// router.get("/api/v1/projects/:id") { request in try .json(project(request.parameters["id"]!)) }
/// let responder = router.build()
/// ```
/// Patterns are `/`-separated segments; `:name` binds one segment, `*` as the last segment matches the rest.
public struct Router {
    final class Node {
        var children: [String: Node] = [:]
        var parameter: (name: String, node: Node)?
        var catchAll: Node?
        var handlers: [HTTPMethod: Handler] = [:]
        var inline: Set<HTTPMethod> = []
        var template = ""
    }

    let root = Node()
    /// Answers GET and HEAD requests that match no route (static files); nil gives 404.
    public var fallback: (any Responder)?

    public init() {}

    /// Registers `handler` for `method` on `pattern`.
    /// - Parameter execution: `.inline` only for handlers that never wait and answer in microseconds (see
    ///   `Execution`); the default runs the handler on a worker thread.
    public mutating func on(
        _ method: HTTPMethod,
        _ pattern: String,
        execution: Execution = .worker,
        _ handler: @escaping Handler
    ) {
        var node = root
        for segment in pattern.split(separator: "/") {
            if segment == "*" {
                if node.catchAll == nil { node.catchAll = Node() }
                node = node.catchAll!
                break
            } else if segment.hasPrefix(":") {
                let name = String(segment.dropFirst())
                if let existing = node.parameter {
                    precondition(existing.name == name, "conflicting parameter names :\(existing.name) and :\(name)")
                } else {
                    node.parameter = (name, Node())
                }
                node = node.parameter!.node
            } else {
                let key = String(segment)
                if node.children[key] == nil { node.children[key] = Node() }
                node = node.children[key]!
            }
        }
        precondition(node.handlers[method] == nil, "route \(method) \(pattern) registered twice")
        node.template = pattern
        node.handlers[method] = handler
        if execution == .inline { node.inline.insert(method) }
    }

    public mutating func get(_ pattern: String, execution: Execution = .worker, _ handler: @escaping Handler) {
        on(.get, pattern, execution: execution, handler)
    }
    public mutating func post(_ pattern: String, _ handler: @escaping Handler) { on(.post, pattern, handler) }
    public mutating func put(_ pattern: String, _ handler: @escaping Handler) { on(.put, pattern, handler) }
    public mutating func patch(_ pattern: String, _ handler: @escaping Handler) { on(.patch, pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: @escaping Handler) { on(.delete, pattern, handler) }

    /// Freezes the routes into an immutable responder.
    public func build() -> RouterResponder {
        var next = RequestPlan.firstRouteIndex
        return RouterResponder(root: FrozenNode(root, next: &next), fallback: fallback)
    }
}

/// An immutable route tree; `Sendable` because nothing in it changes after `build()`.
final class FrozenNode: Sendable {
    let children: [String: FrozenNode]
    let parameter: (name: String, node: FrozenNode)?
    let catchAll: FrozenNode?
    let handlers: [HTTPMethod: Handler]
    let inline: Set<HTTPMethod>
    let template: String
    /// This route's `RequestPlan.routeIndex`.
    let index: Int
    let allow: String

    init(_ node: Router.Node, next: inout Int) {
        index = next
        next += 1
        var children: [String: FrozenNode] = [:]
        for key in node.children.keys.sorted() { children[key] = FrozenNode(node.children[key]!, next: &next) }
        self.children = children
        parameter = node.parameter.map { ($0.name, FrozenNode($0.node, next: &next)) }
        catchAll = node.catchAll.map { FrozenNode($0, next: &next) }
        handlers = node.handlers
        inline = node.inline
        template = node.template
        var methods = Set(node.handlers.keys)
        if methods.contains(.get) { methods.insert(.head) }
        if !methods.isEmpty { methods.insert(.options) }
        allow = methods.map(\.rawValue).sorted().joined(separator: ", ")
    }
}

/// The frozen router: finds the route, binds parameters, answers 404, 405 (with `Allow`) and `OPTIONS`.
public struct RouterResponder: Responder {
    let root: FrozenNode
    let fallback: (any Responder)?

    public func respond(to request: Request) throws -> Response {
        var request = request
        if request.method == .options && request.target == "*" {
            // RFC 9110 §9.3.7: OPTIONS * asks about the server as a whole.
            return Response(status: .noContent, headers: ["Allow": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"])
        }
        if HTTPMethod.refused.contains(request.method) {
            // TRACE would reflect credentials back (cross-site tracing); CONNECT would make this a tunnel.
            let allow = match(request.path, into: &request.parameters)?.allow
            let allowed = allow.flatMap { $0.isEmpty ? nil : $0 } ?? "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
            throw HTTPError(
                .methodNotAllowed,
                "\(request.method) is never served here",
                headers: ["Allow": allowed]
            )
        }
        guard let node = match(request.path, into: &request.parameters), !node.handlers.isEmpty else {
            if let fallback, request.method == .get || request.method == .head {
                return try fallback.respond(to: request)
            }
            throw HTTPError(.notFound, "no resource at \(request.path)")
        }
        request.route = node.template
        if let handler = node.handlers[request.method] ?? (request.method == .head ? node.handlers[.get] : nil) {
            return try handler(request)
        }
        if request.method == .options { return Response(status: .noContent, headers: ["Allow": node.allow]) }
        throw HTTPError(
            .methodNotAllowed,
            "\(request.method) is not allowed on \(request.path); allowed: \(node.allow)",
            headers: ["Allow": node.allow]
        )
    }

    /// `.inline` for a route registered so (HEAD follows GET) and for what the fallback runs inline; everything
    /// else, the router's own 404s and 405s included (middleware may look up an API key first), on a worker.
    public func execution(for request: Request) -> Execution { plan(for: request).execution }

    /// The execution (see `execution(for:)`) and the matched route's template, from one match.
    public func plan(for request: Request) -> RequestPlan {
        var parameters = Parameters()
        guard let node = match(request.path, into: &parameters), !node.handlers.isEmpty else {
            if let fallback, request.method == .get || request.method == .head {
                return RequestPlan(
                    execution: fallback.execution(for: request),
                    route: RequestPlan.staticRoute,
                    routeIndex: RequestPlan.staticIndex
                )
            }
            return RequestPlan(execution: .worker)
        }
        let inline =
            node.inline.contains(request.method)
            || (request.method == .head && node.handlers[.head] == nil && node.inline.contains(.get))
        return RequestPlan(execution: inline ? .inline : .worker, route: node.template, routeIndex: node.index)
    }

    /// Finds the node for `path`; static segments win over parameters, parameters over a catch-all.
    func match(_ path: String, into parameters: inout Parameters) -> FrozenNode? {
        var node = root
        var segments = path.splitASCII(UInt8(ascii: "/"))[...]
        while let segment = segments.popFirst() {
            if let child = node.children[String(segment)] {
                node = child
            } else if let (name, child) = node.parameter, let value = PercentDecoding.decode(segment) {
                parameters.set(name, value)
                node = child
            } else if let all = node.catchAll {
                parameters.set("*", ([segment] + segments).joined(separator: "/"))
                return all
            } else {
                return nil
            }
        }
        return node.handlers.isEmpty ? node.catchAll ?? node : node
    }
}

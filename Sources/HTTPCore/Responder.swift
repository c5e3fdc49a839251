/// Anything that turns a request into a response. The whole application is one `Responder`.
public protocol Responder: Sendable {
    /// - Throws: anything; the outermost `ErrorMiddleware` turns errors into problem responses.
    func respond(to request: Request) throws -> Response

    /// Where the server should run `respond(to:)` for `request`; asked on the event loop, so it must be cheap.
    /// The default is `.worker`.
    func execution(for request: Request) -> Execution

    /// `execution(for:)` and the route template that will answer `request` (for metrics and the access log), in
    /// one lookup; asked once per request on the event loop. The default has no route.
    func plan(for request: Request) -> RequestPlan
}

extension Responder {
    public func execution(for request: Request) -> Execution { .worker }
    public func plan(for request: Request) -> RequestPlan { RequestPlan(execution: execution(for: request)) }
}

/// Where a request runs and which route answers it.
public struct RequestPlan: Sendable, Equatable {
    public var execution: Execution
    /// The route template (`/api/v1/projects/:id`), `RequestPlan.staticRoute` for the static-file fallback,
    /// `RequestPlan.unmatchedRoute` for none; never the raw path, so metric labels stay bounded.
    public var route: String
    /// A small number for `route`, unique within one router (numbered by `Router.build()`), so that the server
    /// finds its counters by index instead of hashing the template.
    public var routeIndex: Int

    public static let unmatchedRoute = "unmatched"
    public static let staticRoute = "static"
    public static let unparsedRoute = "unparsed"
    public static let unmatchedIndex = 0
    public static let staticIndex = 1
    public static let unparsedIndex = 2
    /// The first index the router gives its own routes.
    public static let firstRouteIndex = 3

    public init(
        execution: Execution,
        route: String = RequestPlan.unmatchedRoute,
        routeIndex: Int = RequestPlan.unmatchedIndex
    ) {
        self.execution = execution
        self.route = route
        self.routeIndex = routeIndex
    }
}

/// Where a request's handler runs.
public enum Execution: Sendable, Equatable {
    /// On the event loop that read the request, with no thread switch: for handlers that never wait (no database
    /// call that could queue for a connection) and answer in microseconds, such as `/health` and small static files.
    case inline
    /// On the server's bounded pool of worker threads, under the request deadline, so that it cannot hold up the
    /// other connections of its event loop. Everything that touches the database.
    case worker
}

/// A handler registered on a route. Handlers are synchronous; they run on a worker thread unless their route was
/// registered with `execution: .inline`.
public typealias Handler = @Sendable (Request) throws -> Response

/// One link of the chain around the router: request id and logging, errors, compression.
public protocol Middleware: Sendable {
    func respond(to request: Request, next: any Responder) throws -> Response
}

/// A responder made of a closure.
public struct ClosureResponder: Responder {
    let body: Handler
    public init(_ body: @escaping Handler) { self.body = body }
    public func respond(to request: Request) throws -> Response { try body(request) }
}

/// Middleware applied, outermost first, around a responder.
///
/// A class, so that the `next` handed to each middleware (the chain and an index) fits in an existential's inline
/// buffer: as a struct the chain made `next` too big, and each middleware call allocated a box for it.
public final class MiddlewareChain: Responder {
    let middleware: [any Middleware]
    let inner: any Responder

    public init(_ middleware: [any Middleware], around inner: any Responder) {
        self.middleware = middleware
        self.inner = inner
    }

    public func respond(to request: Request) throws -> Response { try call(0, request) }

    /// The inner responder decides: middleware runs wherever the handler runs.
    public func execution(for request: Request) -> Execution { inner.execution(for: request) }
    public func plan(for request: Request) -> RequestPlan { inner.plan(for: request) }

    private func call(_ index: Int, _ request: Request) throws -> Response {
        if index == middleware.count { return try inner.respond(to: request) }
        return try middleware[index].respond(to: request, next: Next(chain: self, index: index + 1))
    }

    private struct Next: Responder {
        let chain: MiddlewareChain
        let index: Int
        func respond(to request: Request) throws -> Response { try chain.call(index, request) }
    }
}

import HTTPCore
import Storage

/// A route of one record beyond the standard ones (a project's `/wbs` and `/schedule`), declared with its resource
/// so that the route, its access rule (by path, as every route) and its OpenAPI operation come from the
/// declaration: `/api/v1/{collection}/{key}/{path}`.
///
/// ```swift
/// d.routes = [ResourceRoute(.get, "wbs", operation: ["summary": "The tree"]) { request, context in … }]
/// ```
public struct ResourceRoute: Sendable {
    public typealias Handler = @Sendable (Request, RouteContext) throws -> Response

    public let method: HTTPMethod
    /// Below the record, without a leading slash: `wbs`.
    public let path: String
    /// The OpenAPI operation; the record's key parameter is added in front of its parameters.
    public let operation: JSONValue
    public let handler: Handler

    public init(_ method: HTTPMethod, _ path: String, operation: JSONValue, handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.operation = operation
        self.handler = handler
    }
}

/// What a declared route's handler may use: the service's database, its cache of large encoded documents and the
/// page sizes.
public struct RouteContext: Sendable {
    public let database: DatabasePool
    public let documents: BodyCache
    let paging: ResourceController.Paging
}

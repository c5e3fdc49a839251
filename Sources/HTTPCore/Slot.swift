/// An answer owed on a connection, in request order: a request on a worker, an inline answer queued behind one,
/// an interim `100 Continue`, or a last error before closing. Confined to the loop's queue; a worker only carries
/// it back (see `HTTPServer.submit`).
final class Slot {
    let connection: Connection
    let method: HTTPMethod
    let path: String
    /// The route template (see `RequestPlan.route`).
    let route: String
    let routeIndex: Int
    /// Request bytes read (head and body), for the metrics.
    let bytesIn: Int
    let requestID: String
    let version: HTTPVersion
    let keepAlive: Bool
    let isSafe: Bool
    let started: UInt64
    let deadline: RequestDeadline?
    let interim: [UInt8]?
    let closesConnection: Bool
    var response: Response?

    var isReady: Bool { response != nil || interim != nil }

    init(
        head: RequestHead,
        request: Request,
        started: UInt64,
        bytesIn: Int,
        routeIndex routeIndexOf: Int,
        connection: Connection,
        deadline: RequestDeadline?
    ) {
        self.connection = connection
        method = head.method
        path = request.path
        route = request.route ?? RequestPlan.unmatchedRoute
        routeIndex = routeIndexOf
        self.bytesIn = bytesIn
        requestID = request.id
        version = head.version
        keepAlive = head.keepAlive
        isSafe = head.method.isSafe
        self.started = started
        self.deadline = deadline
        interim = nil
        closesConnection = false
    }

    init(interim bytes: [UInt8], connection: Connection) {
        self.connection = connection
        method = HTTPMethod("-")
        path = "-"
        route = RequestPlan.unparsedRoute
        routeIndex = RequestPlan.unparsedIndex
        bytesIn = 0
        requestID = ""
        version = .http1_1
        keepAlive = true
        isSafe = true
        started = 0
        deadline = nil
        interim = bytes
        closesConnection = false
    }

    init(closing response: Response, requestID: String, connection: Connection) {
        self.connection = connection
        method = HTTPMethod("-")
        path = "-"
        route = RequestPlan.unparsedRoute
        routeIndex = RequestPlan.unparsedIndex
        bytesIn = 0
        self.requestID = requestID
        version = .http1_1
        keepAlive = false
        isSafe = true
        started = Socket.monotonicNanos()
        deadline = nil
        interim = nil
        closesConnection = true
        self.response = response
    }
}

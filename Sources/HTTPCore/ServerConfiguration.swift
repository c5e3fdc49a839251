/// Everything the HTTP server can be told. Every limit and timeout is configurable; the defaults suit a small
/// service on loopback or behind a proxy.
public struct ServerConfiguration: Sendable, Equatable {
    /// Address to bind (`127.0.0.1`, `0.0.0.0`, `::1`, or a host name).
    public var host = "127.0.0.1"
    /// TCP port; 0 asks the system for a free one (tests), readable afterwards from `HTTPServer.port`.
    public var port = 8080
    /// What the request reader accepts: head, target, field count and body sizes (settings), and the constants of
    /// the wire (`maxLeadingEmptyLineBytes` 256 → 400, `maxChunkExtensionBytes` 4096 → 400, `maxTrailerBytes`
    /// 8192 → 431); see `HTTPLimits`.
    public var limits = HTTPLimits()
    /// Seconds a client has to send a complete request head from its first byte (slowloris defence).
    public var headerTimeout = 10.0
    /// Seconds a client has to send a declared body once its head arrived.
    public var bodyTimeout = 30.0
    /// Seconds an idle keep-alive connection stays open; also how long a stalled reader may block a write.
    public var idleTimeout = 60.0
    /// Open connections at most; the next one is answered 503 and closed. At start the server raises its soft
    /// open-files limit (RLIMIT_NOFILE) to the hard one; when that cannot hold `maxConnections` connections plus
    /// `fileDescriptorReserve`, it keeps at most `RLIMIT_NOFILE - fileDescriptorReserve` open and logs a warning
    /// (`HTTPServer.maxConnectionsInEffect`). Should `accept` still fail with EMFILE or ENFILE, the listener
    /// pauses for 100 ms and tries again, logging at most one line per 10 s with a count (`AcceptBackoff`).
    public var maxConnections = 16_384
    /// File descriptors kept free for everything but client connections when `maxConnections` is held to the
    /// open-files limit: the listener, epoll sets, Dispatch, the database's files, static files being served.
    public var fileDescriptorReserve = 64
    /// Event-loop threads; 0 picks one per available CPU (at most 4).
    public var eventLoops = 0
    /// Seconds that in-flight requests get to finish on shutdown.
    public var shutdownGrace = 10.0
    /// Worker threads that run handlers off the event loops (`Execution.worker`), that is, handlers running at
    /// once. Charter matches it to its database connections (four readers and the writer).
    public var workers = 5
    /// Requests that may wait for a worker; the next one is answered 503 with `Retry-After` at once.
    public var maxQueuedRequests = 512
    /// Seconds a request run on a worker has, from the moment it was read, before its client gets a 503 (and a
    /// database transaction still running is interrupted and rolled back).
    public var requestTimeout = 30.0
    /// Pipelined requests of one connection in progress at once (safe methods only; responses keep their order).
    public var pipelineDepth = 16
    /// Bytes of responses buffered for a connection before it stops reading requests (back-pressure).
    public var writeHighWater = 256 * 1024
    /// The access log as a message `request` with its values as metadata (for a JSON log handler) instead of
    /// one line of text; see `HTTPServer.logAccess`.
    public var structuredAccessLog = false
    /// Value of the `Server` header.
    public var serverName = "Charter"
    public var backlog: Int32 = 1024

    public init() {}
}

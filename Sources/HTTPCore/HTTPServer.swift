import CSystem
import Dispatch
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Charter's HTTP/1.1 server: a non-blocking listener and a few edge-triggered event loops, driven by Dispatch.
///
/// ```swift
/// let server = HTTPServer(configuration: config, responder: router.build(), logger: logger)
/// try server.start()
/// print("listening on", server.port)
/// server.shutdown()   // stop accepting, let in-flight requests finish, close
/// ```
/// The event loops only read, parse and write. Handlers run on a bounded pool of worker threads
/// (`configuration.workers`), each under a deadline (`requestTimeout`: then the client gets a 503 and the late
/// answer is dropped), with at most `maxQueuedRequests` waiting (then 503 with `Retry-After` at once); so a slow
/// request never holds up another. Routes registered with `execution: .inline` (`/health`, static files) skip the
/// pool: they answer in microseconds, and the thread switches would cost more than the handler.
public final class HTTPServer: @unchecked Sendable {
    // @unchecked: `loops`, `workers` and `listener*` are set in `start()` before any other thread sees them and
    // are then only read; the mutable state elsewhere is in Atomics, Mutexes or confined to a loop's queue.
    public let configuration: ServerConfiguration
    let responder: any Responder
    let logger: Logger
    private let accessLogEnabled: Bool

    private(set) var loops: [EventLoop] = []
    private var workers: WorkerPool?
    private var listenerFD: Int32 = -1
    private var listenerSource: (any DispatchSourceRead)?
    private let openConnections = Atomic<Int>(0)
    private let nextLoop = Atomic<Int>(0)
    private let stopped = DispatchSemaphore(value: 0)
    private let state = Mutex<LifeCycle>(.idle)
    private let boundPort = Atomic<Int>(0)
    private let drainingFlag = Atomic<Bool>(false)
    private let listenerClosed = DispatchSemaphore(value: 0)
    /// Counters for `/metrics` (see `HTTPServer+Metrics.swift`); bumped off the hot path only.
    let rejectedConnections = MetricCounter()
    let acceptFailures = MetricCounter()
    let busyRejections = MetricCounter()
    let requestTimeouts = MetricCounter()
    /// `configuration.maxConnections`, lowered when the open-files limit cannot hold that many (set in `start`).
    private var connectionLimit = 0
    /// The soft open-files limit (RLIMIT_NOFILE) after `start` raised it to the hard limit.
    private var openFilesLimit = 0
    // Touched only on loop 0's queue, where the listener runs.
    private var acceptBackoff = AcceptBackoff()
    private var acceptPaused = false

    /// True once shutdown began: responses then carry `Connection: close`.
    var isDraining: Bool { drainingFlag.load(ordering: .relaxed) }

    enum LifeCycle {
        case idle, running, stopping, stopped
    }

    /// - Parameters:
    ///   - responder: the whole application (middleware and router); its errors become 500 problems.
    ///   - logger: receives lifecycle events, and the access log at `info`.
    ///   - metrics: where the server's counters are shown (`GET /metrics`); nil keeps them to itself.
    public init(
        configuration: ServerConfiguration,
        responder: any Responder,
        logger: Logger,
        metrics: MetricsRegistry? = nil
    ) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        accessLogEnabled = logger.logLevel <= .info
        metrics?.register { [weak self] text in self?.collectMetrics(into: &text) }
    }

    /// The bound port (useful after binding port 0).
    public var port: Int { boundPort.load(ordering: .acquiring) }

    /// Open client connections right now.
    public var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// The most connections the server keeps open: `configuration.maxConnections`, or fewer when the open-files
    /// limit (less `configuration.fileDescriptorReserve`) cannot hold that many. Known after `start()`.
    public var maxConnectionsInEffect: Int { connectionLimit }

    /// Requests waiting for a worker right now.
    public var queuedRequestCount: Int { workers?.waitingCount ?? 0 }

    /// Binds, listens and starts the event loops. Raises the open-files soft limit to the hard limit first.
    /// - Throws: `SocketError` when the address cannot be bound.
    /// Allocations from this size up get their own mapping, returned to the system when freed. glibc raises its
    /// threshold to the largest block freed so far (up to 32 MiB), after which a 14 MB `/wbs` body, a schedule or
    /// a gzip buffer comes from a heap arena and stays resident: after a few large responses on several threads
    /// the server held 263 MB. A fixed threshold turns that adjustment off (`mallopt(M_MMAP_THRESHOLD)`), at the
    /// cost of an mmap, its page faults and a munmap per block this large (about 4 ms of CPU per 14 MB body).
    /// `MALLOC_MMAP_THRESHOLD_` or `GLIBC_TUNABLES` in the environment take precedence. `Benchmarks/memory.sh`.
    static let mmapThreshold = 256 * 1024

    public func start() throws {
        try state.withLock { s in
            guard s == .idle else { throw SocketError(call: "start (already started)", errno: EINVAL) }
            s = .running
        }
        signal(SIGPIPE, SIG_IGN)
        charter_malloc_fix_mmap_threshold(Int32(Self.mmapThreshold))
        openFilesLimit = Int(clamping: charter_raise_nofile_limit())
        connectionLimit = configuration.maxConnections
        if openFilesLimit > 0 && connectionLimit > openFilesLimit - configuration.fileDescriptorReserve {
            // Past the open-files limit, accept fails with EMFILE instead of answering 503: keep below it.
            connectionLimit = max(1, openFilesLimit - configuration.fileDescriptorReserve)
            logger.warning(
                "maxConnections \(configuration.maxConnections) is more than the open-files limit allows (RLIMIT_NOFILE \(openFilesLimit), \(configuration.fileDescriptorReserve) kept for the server): at most \(connectionLimit) connections are kept open; raise the limit (ulimit -n, systemd LimitNOFILE=) to allow more"
            )
        }
        let fd = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        listenerFD = fd
        boundPort.store(Socket.localPort(fd), ordering: .releasing)
        let count =
            configuration.eventLoops > 0
            ? configuration.eventLoops : max(1, min(4, Int(charter_available_cpus())))
        workers = WorkerPool(width: configuration.workers, capacity: configuration.maxQueuedRequests)
        loops = try (0..<count).map { try EventLoop(index: $0, server: self, configuration: configuration) }
        for loop in loops { loop.start() }
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: loops[0].queue)
        source.setEventHandler { [unowned self] in self.acceptAll() }
        source.setCancelHandler { [listenerClosed] in
            close(fd)
            listenerClosed.signal()
        }
        source.resume()
        listenerSource = source
        logger.info(
            "listening on \(configuration.host):\(port) with \(count) event loop(s) and \(configuration.workers) worker(s)"
        )
    }

    /// Accepts every pending connection and hands each to a loop, round robin. Runs on loop 0's queue.
    private func acceptAll() {
        while true {
            let fd = charter_accept_nonblocking(listenerFD)
            if fd < 0 {
                let error = errno
                if error == EMFILE || error == ENFILE {
                    acceptFailures.increment()
                    pauseAccepting(errno: error)
                }
                return
            }
            let open = openConnections.wrappingAdd(1, ordering: .relaxed).newValue
            if open > connectionLimit {
                refuse(fd)
                continue
            }
            let loop = loops[nextLoop.wrappingAdd(1, ordering: .relaxed).oldValue % loops.count]
            if loop === loops[0] {
                loop.adopt(fd)
            } else {
                loop.queue.async { loop.adopt(fd) }
            }
        }
    }

    /// Out of file descriptors: leave the listener alone for `AcceptBackoff.pause` (connections wait in the
    /// kernel's queue meanwhile), and log at most one line per interval. Runs on loop 0's queue.
    private func pauseAccepting(errno error: Int32) {
        guard !acceptPaused, let source = listenerSource else { return }
        if let failures = acceptBackoff.failed(now: Socket.monotonicNanos()) {
            logger.warning(
                "accept failed \(failures) time(s) since the last report: \(error == EMFILE ? "EMFILE" : "ENFILE"), out of file descriptors (\(connectionCount) connections open, RLIMIT_NOFILE \(openFilesLimit)); accepting again every \(Int(AcceptBackoff.pause * 1000)) ms"
            )
        }
        acceptPaused = true
        source.suspend()
        loops[0].queue.asyncAfter(deadline: .now() + AcceptBackoff.pause) { [self] in
            guard acceptPaused else { return }
            acceptPaused = false
            listenerSource?.resume()
        }
    }

    /// Over the connection limit: answer 503 at once, without reading, and close.
    private func refuse(_ fd: Int32) {
        rejectedConnections.increment()
        // Counted out before the client can read its 503, so that what it does next sees the right count.
        openConnections.wrappingSubtract(1, ordering: .relaxed)
        let body = Array(
            #"{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"too many open connections; retry shortly"}"#
                .utf8
        )
        var out: [UInt8] = []
        ResponseWriter.write(
            Response(
                status: .serviceUnavailable,
                headers: ["Content-Type": Problem.contentType, "Retry-After": "1"],
                body: body
            ),
            requestID: "",
            version: .http1_1,
            includeBody: true,
            keepAlive: false,
            date: Array(HTTPDate.format(HTTPDate.now()).utf8),
            serverName: Array("Server: \(configuration.serverName)\r\n".utf8),
            into: &out
        )
        _ = out.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        Glibc.shutdown(fd, Int32(SHUT_WR))
        close(fd)
    }

    func connectionClosed() { openConnections.wrappingSubtract(1, ordering: .relaxed) }

    /// Runs the application; an error that escaped every middleware still becomes a 500 problem.
    func respond(to request: Request) -> Response {
        do {
            return try responder.respond(to: request)
        } catch {
            logger.error("unhandled error: \(String(describing: error))", metadata: ["request.id": "\(request.id)"])
            return Response.problem(.internalServerError, "the server failed to answer; see its log")
        }
    }

    /// Where the application wants `request` run. Runs on the loop.
    func plan(for request: Request) -> RequestPlan { responder.plan(for: request) }

    /// Queues `request` for a worker; the answer comes back to `slot` on `loop`'s queue, exactly once (nil when
    /// the request expired meanwhile: its 503 was placed by whoever expired it). False when the queue is full.
    func submit(_ request: Request, slot: Slot, loop: EventLoop) -> Bool {
        guard let workers, let deadline = request.deadline else { return false }
        // The slot is retained here and released on the loop: a worker never touches loop-confined objects.
        let owed = OwedAnswer(slot: .passRetained(slot))
        let accepted = workers.submit { [self] in
            let response: Response?
            if deadline.hasPassed {
                response = deadline.expire() ? timeoutResponse() : nil
            } else if deadline.start() {
                let answer = respond(to: request)
                response = deadline.finish() ? answer : nil
            } else {
                response = nil
            }
            loop.post(owed, response)
        }
        if !accepted { owed.slot.release() }
        return accepted
    }

    /// The answer when the queue of waiting requests is full.
    func busyResponse() -> Response {
        busyRejections.increment()
        return Response.problem(
            .serviceUnavailable,
            "the server is busy: \(configuration.maxQueuedRequests) requests are waiting; retry shortly",
            headers: ["Retry-After": "1"]
        )
    }

    /// The answer when a request's deadline passed before its handler finished.
    func timeoutResponse() -> Response {
        requestTimeouts.increment()
        let seconds = configuration.requestTimeout
        let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
        return Response.problem(
            .serviceUnavailable,
            "the request was not answered within \(shown) s and was cancelled"
        )
    }

    /// One access-log line per request, at `info`. As text (`structuredAccessLog` false): method, path, status,
    /// bytes, microseconds, request id, route template and key name. Structured: the message `request` and the
    /// same values as metadata (`requestId`, `method`, `path`, `route`, `status`, `durationMs`, `bytes`, `key`),
    /// for a handler that writes them as fields (Charter's `logFormat` `json`). Never a credential: `key` is the
    /// name the application put in `Response.principalName`.
    func logAccess(
        method: HTTPMethod,
        path: String,
        route: String,
        id: String,
        response: Response,
        bytes: Int,
        nanos: UInt64
    ) {
        guard accessLogEnabled else { return }
        guard configuration.structuredAccessLog else {
            let key = response.principalName.map { " key=\($0)" } ?? ""
            logger.info(
                "\(method) \(path) \(response.status.code) \(bytes)B \(nanos / 1000)us id=\(id) route=\(route)\(key)"
            )
            return
        }
        var metadata: Logger.Metadata = [
            "requestId": .string(id),
            "method": .string(method.rawValue),
            "path": .string(path),
            "route": .string(route),
            "status": .stringConvertible(response.status.code),
            "durationMs": .stringConvertible(Double(nanos / 1000) / 1000),
            "bytes": .stringConvertible(bytes),
        ]
        if let key = response.principalName { metadata["key"] = .string(key) }
        logger.info("request", metadata: metadata)
    }

    /// Graceful shutdown: stop accepting, close idle connections, let busy ones finish their response within
    /// `configuration.shutdownGrace` seconds, then close whatever is left. Returns when everything is closed.
    public func shutdown() {
        let proceed = state.withLock { s -> Bool in
            guard s == .running else { return false }
            s = .stopping
            return true
        }
        guard proceed else {
            if state.withLock({ $0 }) == .stopping {
                stopped.wait()
                stopped.signal()
            }
            return
        }
        drainingFlag.store(true, ordering: .relaxed)
        loops[0].queue.sync {
            // A suspended source never runs its cancel handler (which closes the listener): resume it first.
            if acceptPaused {
                acceptPaused = false
                listenerSource?.resume()
            }
            listenerSource?.cancel()
            listenerSource = nil
        }
        listenerClosed.wait()
        for loop in loops { loop.queue.sync { loop.beginDrain() } }
        let deadline = Date().addingTimeInterval(configuration.shutdownGrace)
        while Date() < deadline {
            if loops.allSatisfy({ loop in loop.queue.sync { loop.connectionCount == 0 } }) { break }
            usleep(10_000)
        }
        for loop in loops { loop.queue.sync { loop.closeAll() } }
        for loop in loops { loop.queue.sync { loop.stop() } }
        state.withLock { $0 = .stopped }
        logger.info("stopped")
        stopped.signal()
    }

    /// Blocks the caller until `shutdown()` has finished.
    public func waitUntilStopped() {
        stopped.wait()
        stopped.signal()
    }
}

/// A slot travelling to a worker and back. `@unchecked Sendable`: the worker never dereferences it; the loop
/// retained it before submitting and takes it back (`takeRetainedValue`) on its own queue.
struct OwedAnswer: @unchecked Sendable {
    let slot: Unmanaged<Slot>
}

import CSystem
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// One event loop: an edge-triggered epoll set holding its connections, watched by a single Dispatch read source
/// on the epoll descriptor, with a timer for deadlines. All of its state, and its connections', is touched only
/// on `queue`.
///
/// Why not one Dispatch source per connection: libdispatch's Linux backend then spends ~3.5 extra syscalls and a
/// thread switch per request (STYLE §10: 93k vs 156k req/s on this machine). Dispatch still drives everything;
/// an idle connection costs a file descriptor and a small object, no thread and no buffer.
final class EventLoop: @unchecked Sendable {  // @unchecked: every mutable member is confined to `queue`.
    let index: Int
    let queue: DispatchQueue
    let epfd: Int32
    unowned let server: HTTPServer
    let configuration: ServerConfiguration

    private var source: (any DispatchSourceRead)?
    private var timer: (any DispatchSourceTimer)?
    private var connections: [Int32: Connection] = [:]
    private let events: UnsafeMutablePointer<charter_event>
    static let maxEvents: Int32 = 256

    /// Bytes read from a socket land here first; a whole request is usually parsed from it without a copy.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Responses are serialized here and sent with one syscall; only what the socket refuses is copied out.
    var out: [UInt8] = []
    var dateCache = DateCache()
    let serverHeader: [UInt8]
    private(set) var draining = false
    private var requestCounter: UInt32 = 0
    /// This loop's request counters (see `HTTPServer.collectMetrics`).
    private(set) var metrics = LoopMetrics()
    /// A random prefix per loop, then the loop's index and a dash: a request id is this and a counter.
    private let idPrefix: String
    /// Answers from workers, delivered in batches on `queue`; the only member other threads touch.
    private let mailbox = LockedValue<[(OwedAnswer, Response?)]>([])
    private var delivering: [(OwedAnswer, Response?)] = []

    init(index: Int, server: HTTPServer, configuration: ServerConfiguration) throws {
        self.index = index
        self.server = server
        self.configuration = configuration
        queue = DispatchQueue(label: "charter.http.loop\(index)")
        epfd = charter_epoll_create()
        guard epfd >= 0 else { throw SocketError(call: "epoll_create1", errno: errno) }
        events = .allocate(capacity: Int(EventLoop.maxEvents))
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        out.reserveCapacity(64 * 1024)
        serverHeader = Array("Server: \(configuration.serverName)\r\n".utf8)
        idPrefix = String(UInt32.random(in: 0x10_0000...0xff_ffff), radix: 16) + String(index, radix: 16) + "-"
    }

    deinit {
        events.deallocate()
        readBuffer.deallocate()
    }

    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: epfd, queue: queue)
        source.setEventHandler { [unowned self] in self.poll() }
        let epfd = self.epfd
        source.setCancelHandler { close(epfd) }
        source.resume()
        self.source = source

        let timer = DispatchSource.makeTimerSource(queue: queue)
        let shortest = min(
            configuration.headerTimeout,
            configuration.bodyTimeout,
            configuration.idleTimeout,
            configuration.requestTimeout
        )
        let interval = max(0.02, min(1.0, shortest / 4))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(10))
        timer.setEventHandler { [unowned self] in self.sweep() }
        timer.resume()
        self.timer = timer
    }

    /// Drains the epoll set: edge-triggered, so every ready connection is read until EAGAIN.
    private func poll() {
        while true {
            let n = charter_epoll_wait(epfd, events, EventLoop.maxEvents, 0)
            if n <= 0 { return }
            for i in 0..<Int(n) {
                let event = events[i]
                guard let connection = connections[event.fd] else { continue }
                if event.events & (charter_EPOLLERR | charter_EPOLLHUP) != 0
                    && event.events & charter_EPOLLIN == 0
                {
                    connection.close()
                    continue
                }
                if event.events & charter_EPOLLOUT != 0 { connection.onWritable() }
                if event.events & (charter_EPOLLIN | charter_EPOLLRDHUP) != 0 {
                    connection.onReadable(untilDrained: event.events & charter_EPOLLRDHUP != 0)
                }
            }
            if n < EventLoop.maxEvents { return }
        }
    }

    /// Takes over an accepted socket. Runs on `queue`.
    func adopt(_ fd: Int32) {
        let connection = Connection(fd: fd, loop: self)
        connections[fd] = connection
        let flags = charter_EPOLLIN | charter_EPOLLOUT | charter_EPOLLRDHUP | charter_EPOLLET
        if charter_epoll_add(epfd, fd, flags) != 0 {
            connections[fd] = nil
            Glibc.close(fd)
            server.connectionClosed()
            return
        }
        if draining { connection.close() }
    }

    /// Forgets and closes a connection's socket. Runs on `queue`.
    func remove(_ connection: Connection) {
        connections[connection.fd] = nil
        charter_epoll_del(epfd, connection.fd)
        Glibc.close(connection.fd)
        server.connectionClosed()
        if connections.isEmpty && out.capacity > 1 << 20 { out = [] }
    }

    /// Closes connections whose deadline passed, and answers 503 for requests whose deadline passed.
    private func sweep() {
        let now = Socket.monotonicNanos()
        var expired: [Connection] = []
        var late: [Connection] = []
        for connection in connections.values {
            if connection.deadline <= now {
                expired.append(connection)
            } else if connection.nextRequestDeadline <= now {
                late.append(connection)
            }
        }
        for connection in expired { connection.onDeadline() }
        for connection in late { connection.expireRequests(now: now) }
    }

    /// Hands a worker's answer to the loop. Any thread; wakes the loop only when the mailbox was empty, so a burst
    /// of answers costs one wake-up.
    func post(_ owed: OwedAnswer, _ response: Response?) {
        let wake = mailbox.withLock { box in
            box.append((owed, response))
            return box.count == 1
        }
        if wake { queue.async { [self] in deliver() } }
    }

    private func deliver() {
        mailbox.withLock { box in swap(&box, &delivering) }
        for (owed, response) in delivering {
            let slot = owed.slot.takeRetainedValue()
            slot.connection.complete(slot, with: response)
        }
        delivering.removeAll(keepingCapacity: delivering.capacity <= 1024)
    }

    /// Stops taking new requests: idle connections close now, busy ones after their current response.
    func beginDrain() {
        draining = true
        for connection in Array(connections.values) where connection.isIdle { connection.close() }
    }

    /// Closes everything at once (the grace period is over).
    func closeAll() {
        for connection in Array(connections.values) { connection.close() }
    }

    var connectionCount: Int { connections.count }

    /// Connections with nothing received and nothing owed (waiting for a keep-alive request).
    var idleConnectionCount: Int { connections.values.reduce(0) { $0 + ($1.isIdle ? 1 : 0) } }

    /// A response was serialized: counts it and writes the access-log line. Runs on `queue`.
    func answered(
        method: HTTPMethod,
        path: String,
        route: String,
        routeIndex: Int,
        id: String,
        response: Response,
        bodySent: Bool,
        bytesIn: Int,
        bytesOut: Int,
        started: UInt64
    ) {
        let nanos = Socket.monotonicNanos() &- started
        let body = bodySent ? response.body.count : 0
        metrics.record(
            method: method,
            route: route,
            routeIndex: routeIndex,
            status: response.status.code,
            nanos: nanos,
            bytesIn: bytesIn,
            bytesOut: bytesOut,
            body: body,
            uncompressedBody: bodySent ? response.uncompressedBodyCount ?? body : 0
        )
        server.logAccess(
            method: method,
            path: path,
            route: route,
            id: id,
            response: response,
            bytes: bytesOut,
            nanos: nanos
        )
    }

    func stop() {
        timer?.cancel()
        source?.cancel()
        timer = nil
        source = nil
    }

    /// The id for a request: the client's `X-Request-Id` when sane (1–128 visible, URL-safe characters), else a
    /// fresh one (loop prefix and counter, short enough to need no allocation).
    func requestID(from headers: HTTPHeaders) -> String {
        if let given = headers["X-Request-Id"], RequestIDs.isSane(given) { return given }
        requestCounter &+= 1
        return idPrefix + String(requestCounter, radix: 16)
    }
}

enum RequestIDs {
    static func isSane(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard !utf8.isEmpty, utf8.count <= 128 else { return false }
        return utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 46 || c == 95
                || c == 58 || c == 64 || c == 43 || c == 61 || c == 47
        }
    }
}

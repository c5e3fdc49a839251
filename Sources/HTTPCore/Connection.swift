#if canImport(Glibc)
import Glibc
#endif

/// One client connection: reads and parses requests, answers them in order, writes without blocking.
/// Lives on its event loop's queue and is never touched elsewhere.
///
/// A request whose handler runs inline is answered at once. One that runs on a worker leaves a `Slot` in `slots`,
/// the answers owed in request order; answers are written from the front as they become ready. Pipelined requests
/// with safe methods may be in progress together (up to `pipelineDepth`); an unsafe one starts only when every
/// earlier one is answered, and nothing after it starts before it is answered (RFC 9112 §9.3.2), so a pipelined
/// GET sees the POST before it.
final class Connection {
    enum State {
        case head
        case body(RequestHead, remaining: Int)
        case chunked(RequestHead, ChunkedDecoder)
    }

    enum DeadlineKind {
        case header, body, idle, write, linger
        /// Waiting for answers from workers: the request deadlines apply, not the connection's.
        case busy
    }

    let fd: Int32
    unowned let loop: EventLoop
    /// The peer's address, read once at adoption (`getpeername`) for `Request.remoteAddress`.
    let remoteAddress: String
    private var state: State = .head
    /// Bytes received but not yet parsed (a partial head, or requests held back by back-pressure).
    private var inBuf: [UInt8] = []
    /// Where the scan of a partial head stopped (each read costs only its new bytes).
    private var headScan = RequestParser.HeadScan()
    /// Bytes of empty lines skipped before the current request line (bounded by `maxLeadingEmptyLineBytes`).
    private var emptyLineBytes = 0
    private var body: [UInt8] = []
    /// Bytes of the current request's head as received (empty lines before it included), for the metrics.
    private var headBytes = 0
    /// Response bytes the socket has not taken yet; while non-empty, no further request is read.
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    /// Answers owed, oldest first: requests on workers, and answers queued behind them.
    private var slots: [Slot] = []
    /// A complete request with an unsafe method, waiting until every earlier one is answered.
    private var parked: (head: RequestHead, body: [UInt8], bytesIn: Int)?
    /// No further request is read; the connection closes once everything owed is sent.
    private var closeAfterFlush = false
    private var lingerOnClose = false
    private var lingering = false
    private var closed = false
    private(set) var deadline: UInt64 = 0
    private var deadlineKind = DeadlineKind.header

    init(fd: Int32, loop: EventLoop) {
        self.fd = fd
        self.loop = loop
        remoteAddress = Socket.peerAddress(of: fd)
        setDeadline(.header)
    }

    /// Nothing received, nothing owed: safe to close at shutdown.
    var isIdle: Bool {
        if lingering { return true }
        guard case .head = state else { return false }
        return inBuf.isEmpty && pending.isEmpty && slots.isEmpty && parked == nil && deadlineKind != .header
    }

    /// Whether another request may start now: not while answers are held back by the socket, an unsafe request is
    /// in progress or parked, the pipeline is full, or the server is draining (then only a first request starts).
    private var canStartRequest: Bool {
        if closed || closeAfterFlush || parked != nil || !pending.isEmpty { return false }
        if slots.isEmpty { return true }
        if slots.count >= loop.configuration.pipelineDepth || loop.draining { return false }
        return !slots.contains { !$0.isSafe }
    }

    /// Whether to read from the socket: always in the middle of a request, else when another may start.
    private var wantsInput: Bool {
        if case .head = state { return canStartRequest }
        return true
    }

    // MARK: reading

    /// Reads and answers what the socket holds.
    /// - Parameter untilDrained: read until `EAGAIN` or EOF. False for an `EPOLLIN` edge without `EPOLLRDHUP`:
    ///   then a read shorter than the buffer emptied the socket, and whatever arrives later raises a new edge, so the
    ///   `recv` that would only return `EAGAIN` is skipped (one syscall of the three a keep-alive request costs).
    ///   With `EPOLLRDHUP` the FIN came with this edge and no other will follow: read until EOF is seen.
    func onReadable(untilDrained: Bool = true) {
        guard !closed else { return }
        if lingering { return discardUntilEOF() }
        while !closed && pending.isEmpty && !closeAfterFlush && wantsInput {
            let n = recv(fd, loop.readBuffer.baseAddress, loop.readBuffer.count, 0)
            if n > 0 {
                ingest(UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<n]))
                if !untilDrained && n < loop.readBuffer.count { return }
            } else if n == 0 {
                // The client finished sending. What it sent was answered above, or is owed; nothing more can come.
                if pending.isEmpty && slots.isEmpty && parked == nil { close() } else { closeAfterFlush = true }
                return
            } else if errno == EINTR {
                continue
            } else {
                if errno != EAGAIN && errno != EWOULDBLOCK { close() }
                return
            }
        }
    }

    /// Parses and answers what arrived; keeps any unparsed remainder in `inBuf`.
    private func ingest(_ bytes: UnsafeRawBufferPointer) {
        if inBuf.isEmpty {
            let used = process(bytes)
            if used < bytes.count && !closed && !closeAfterFlush {
                inBuf.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[used...]))
            }
        } else {
            inBuf.append(contentsOf: bytes)
            processBuffered()
        }
        writeReady()
        flush()
    }

    private func processBuffered() {
        let used = inBuf.withUnsafeBytes { process($0) }
        if used >= inBuf.count || closed || closeAfterFlush {
            inBuf = []
        } else if used > 0 {
            inBuf.removeFirst(used)
        }
    }

    /// Runs the request state machine over `buffer`; returns the bytes consumed. Stops early when responses pile up
    /// beyond the high-water mark and the socket will not take them (back-pressure).
    private func process(_ buffer: UnsafeRawBufferPointer) -> Int {
        var pos = 0
        while pos < buffer.count && !closed && !closeAfterFlush {
            if loop.out.count >= loop.configuration.writeHighWater {
                flush()
                if !pending.isEmpty || closed { return pos }
            }
            let rest = UnsafeRawBufferPointer(rebasing: buffer[pos...])
            switch state {
            case .head:
                if !canStartRequest { return pos }
                // Empty lines before a request line (RFC 9112 §2.2) are skipped as they arrive, never buffered:
                // a partial head always starts with its request line. They count towards a small limit, and the
                // header timeout runs from the first of them.
                if rest[0] == 13 || rest[0] == 10 {
                    var skipped = 1
                    while skipped < rest.count, rest[skipped] == 13 || rest[skipped] == 10 { skipped += 1 }
                    pos += skipped
                    emptyLineBytes += skipped
                    let limit = loop.configuration.limits.maxLeadingEmptyLineBytes
                    if emptyLineBytes > limit {
                        fail(.tooManyEmptyLines(limit: limit))
                        return buffer.count
                    }
                    if deadlineKind != .header { setDeadline(.header) }
                    continue
                }
                switch RequestParser.parseHead(rest, scan: &headScan, limits: loop.configuration.limits) {
                case .incomplete:
                    if deadlineKind != .header { setDeadline(.header) }
                    return pos
                case .failure(let error):
                    fail(error)
                    return buffer.count
                case .complete(let head, let consumed):
                    pos += consumed
                    headBytes = consumed + emptyLineBytes
                    headScan = RequestParser.HeadScan()
                    emptyLineBytes = 0
                    startBody(of: head, bodyBytesWaiting: pos < buffer.count)
                }
            case .body(let head, let remaining):
                let take = min(remaining, rest.count)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<take]))
                pos += take
                if take == remaining {
                    state = .head
                    dispatch(head)
                } else {
                    state = .body(head, remaining: remaining - take)
                }
            case .chunked(let head, var decoder):
                do {
                    pos += try decoder.feed(rest, into: &body)
                } catch {
                    fail(error)
                    return buffer.count
                }
                if decoder.isDone {
                    state = .head
                    dispatch(head)
                } else {
                    state = .chunked(head, decoder)
                }
            }
        }
        return pos
    }

    private func startBody(of head: RequestHead, bodyBytesWaiting: Bool) {
        switch head.framing {
        case .none:
            dispatch(head)
            return
        case .length(let n):
            body.reserveCapacity(n)
            state = .body(head, remaining: n)
        case .chunked:
            state = .chunked(head, ChunkedDecoder(limits: loop.configuration.limits))
        }
        setDeadline(.body)
        if head.expectsContinue && !bodyBytesWaiting {
            // RFC 9110 §10.1.1: the client waits for this before it sends the body; it goes after the answers owed.
            if slots.isEmpty {
                loop.out.append(contentsOf: ResponseWriter.continueResponse)
                flush()
            } else {
                slots.append(Slot(interim: ResponseWriter.continueResponse, connection: self))
            }
        }
    }

    // MARK: answering

    /// A request is complete: start it, or park it when it is unsafe and earlier answers are still owed.
    private func dispatch(_ head: RequestHead) {
        let body = self.body
        self.body = []
        let bytesIn = headBytes + body.count
        if !slots.isEmpty && !head.method.isSafe {
            parked = (head, body, bytesIn)
            setDeadline(.busy)
            return
        }
        start(head, body: body, bytesIn: bytesIn)
    }

    private func start(_ head: RequestHead, body: [UInt8], bytesIn: Int) {
        let started = Socket.monotonicNanos()
        var request = Request(method: head.method, target: head.target, version: head.version, headers: head.headers)
        request.body = body
        request.remoteAddress = remoteAddress
        request.id = loop.requestID(from: head.headers)
        let keepAlive = head.keepAlive
        if !keepAlive { closeAfterFlush = true }  // the last request this connection reads
        let server = loop.server
        let plan = server.plan(for: request)
        request.route = plan.route
        guard plan.execution == .worker else {
            let response = server.respond(to: request)
            if slots.isEmpty {
                write(
                    response,
                    for: request,
                    version: head.version,
                    keepAlive: keepAlive,
                    started: started,
                    bytesIn: bytesIn,
                    routeIndex: plan.routeIndex
                )
            } else {
                let slot = Slot(
                    head: head,
                    request: request,
                    started: started,
                    bytesIn: bytesIn,
                    routeIndex: plan.routeIndex,
                    connection: self,
                    deadline: nil
                )
                slot.response = response
                slots.append(slot)
                setDeadline(.busy)
            }
            return
        }
        let deadline = RequestDeadline(seconds: loop.configuration.requestTimeout)
        request.deadline = deadline
        let slot = Slot(
            head: head,
            request: request,
            started: started,
            bytesIn: bytesIn,
            routeIndex: plan.routeIndex,
            connection: self,
            deadline: deadline
        )
        slots.append(slot)
        if !server.submit(request, slot: slot, loop: loop) {
            _ = deadline.expire()
            slot.response = server.busyResponse()
        }
        // The head and body are in: the header and body timeouts are over, the request's deadline applies.
        setDeadline(.busy)
    }

    /// Serializes an answer into the loop's buffer; the caller flushes.
    private func write(
        _ response: Response,
        for request: Request,
        version: HTTPVersion,
        keepAlive: Bool,
        started: UInt64,
        bytesIn: Int,
        routeIndex: Int
    ) {
        let keepAlive = keepAlive && !loop.server.isDraining
        let before = loop.out.count
        ResponseWriter.write(
            response,
            requestID: request.id,
            version: version,
            includeBody: request.method != .head,
            keepAlive: keepAlive,
            date: loop.dateCache.current(),
            serverName: loop.serverHeader,
            into: &loop.out
        )
        loop.answered(
            method: request.method,
            path: request.path,
            route: request.route ?? RequestPlan.unmatchedRoute,
            routeIndex: routeIndex,
            id: request.id,
            response: response,
            bodySent: request.method != .head,
            bytesIn: bytesIn,
            bytesOut: loop.out.count - before,
            started: started
        )
        if keepAlive { setDeadline(.idle) } else { closeAfterFlush = true }
    }

    /// An answer from a worker (nil: the request expired and its 503 is already in the slot). Runs on the loop.
    func complete(_ slot: Slot, with response: Response?) {
        guard !closed else { return }
        if let response { slot.response = response }
        advance()
    }

    /// Gives every request whose deadline passed its 503, unless its worker already finished or is committing.
    func expireRequests(now: UInt64) {
        var expired = false
        for slot in slots where !slot.isReady {
            if let deadline = slot.deadline, deadline.monotonicNanoseconds <= now, deadline.expire() {
                slot.response = loop.server.timeoutResponse()
                expired = true
            }
        }
        if expired { advance() }
    }

    /// The earliest deadline of a request still in progress.
    var nextRequestDeadline: UInt64 {
        slots.first { !$0.isReady && $0.deadline != nil }?.deadline?.monotonicNanoseconds ?? .max
    }

    /// After an answer arrived, a request expired or the socket drained: writes what is ready, in order, starts a
    /// parked request once nothing is owed before it, and reads on when nothing holds reading back.
    private func advance() {
        guard !closed, !lingering else { return }
        writeReady()
        if slots.isEmpty, let next = parked {
            parked = nil
            start(next.head, body: next.body, bytesIn: next.bytesIn)
            writeReady()
        }
        flush()
        guard !closed, !lingering, pending.isEmpty else { return }
        settleDeadline()
        guard wantsInput else { return }
        // Edge-triggered: requests held back, and bytes still in the socket, raise no new event.
        if !inBuf.isEmpty {
            processBuffered()
            writeReady()
            flush()
        }
        onReadable()
    }

    /// Serializes the ready answers at the front of `slots` into the loop's buffer, unless the socket still holds
    /// earlier bytes.
    private func writeReady() {
        guard !closed, pending.isEmpty else { return }
        while let slot = slots.first, slot.isReady {
            slots.removeFirst()
            if let interim = slot.interim {
                loop.out.append(contentsOf: interim)
                continue
            }
            guard let response = slot.response else { continue }
            let last = slots.isEmpty && parked == nil
            let keepAlive = slot.keepAlive && !slot.closesConnection && !(last && loop.server.isDraining)
            let before = loop.out.count
            ResponseWriter.write(
                response,
                requestID: slot.requestID,
                version: slot.version,
                includeBody: slot.method != .head,
                keepAlive: keepAlive,
                date: loop.dateCache.current(),
                serverName: loop.serverHeader,
                into: &loop.out
            )
            loop.answered(
                method: slot.method,
                path: slot.path,
                route: slot.route,
                routeIndex: slot.routeIndex,
                id: slot.requestID,
                response: response,
                bodySent: slot.method != .head,
                bytesIn: slot.bytesIn,
                bytesOut: loop.out.count - before,
                started: slot.started
            )
            if !keepAlive {
                closeAfterFlush = true
                slots = []
                parked = nil
            }
        }
    }

    /// Once nothing is owed, a connection that waited for answers becomes idle (its keep-alive timeout starts).
    private func settleDeadline() {
        if slots.isEmpty && parked == nil && deadlineKind == .busy { setDeadline(.idle) }
    }

    /// Answers a request that could not be read, then closes: its framing, and so everything after it, is in doubt.
    private func fail(_ error: HTTPParseError) {
        var response = Response.problem(error.status, error.detail)
        if case .methodNotImplemented = error {
            response.headers["Allow"] = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
        }
        answerAndClose(response)
    }

    private func answerAndClose(_ response: Response) {
        let id = loop.requestID(from: HTTPHeaders())
        if !slots.isEmpty || parked != nil {
            // Answers are owed before this one: it waits its turn, and the connection closes after it.
            parked = nil
            slots.append(Slot(closing: response, requestID: id, connection: self))
            closeAfterFlush = true
            lingerOnClose = true
            state = .head
            return
        }
        let before = loop.out.count
        ResponseWriter.write(
            response,
            requestID: id,
            version: .http1_1,
            includeBody: true,
            keepAlive: false,
            date: loop.dateCache.current(),
            serverName: loop.serverHeader,
            into: &loop.out
        )
        loop.answered(
            method: HTTPMethod("-"),
            path: "-",
            route: RequestPlan.unparsedRoute,
            routeIndex: RequestPlan.unparsedIndex,
            id: id,
            response: response,
            bodySent: true,
            bytesIn: 0,
            bytesOut: loop.out.count - before,
            started: Socket.monotonicNanos()
        )
        closeAfterFlush = true
        lingerOnClose = true
        state = .head
    }

    // MARK: writing

    /// Sends what the loop serialized for this connection; whatever the socket refuses waits for EPOLLOUT.
    private func flush() {
        guard !loop.out.isEmpty else { return finishIfDone() }
        guard !closed else {
            loop.out.removeAll(keepingCapacity: true)
            return
        }
        if !pending.isEmpty {
            // Earlier bytes still wait for the socket: these go after them.
            pending.append(contentsOf: loop.out)
            loop.out.removeAll(keepingCapacity: loop.out.capacity <= 1 << 20)
            return
        }
        let sent = loop.out.withUnsafeBytes { send(all: $0) }
        if sent < 0 {
            loop.out.removeAll(keepingCapacity: true)
            close()
            return
        }
        if sent < loop.out.count {
            pending.append(contentsOf: loop.out[sent...])
            setDeadline(.write)
        }
        loop.out.removeAll(keepingCapacity: loop.out.capacity <= 1 << 20)
        finishIfDone()
    }

    /// Closes (or lingers) once no further request will be read and everything owed is sent.
    private func finishIfDone() {
        if closeAfterFlush && !closed && !lingering && pending.isEmpty && slots.isEmpty && parked == nil { finish() }
    }

    func onWritable() {
        guard !closed, !pending.isEmpty else { return }
        let sent = pending.withUnsafeBytes { send(all: UnsafeRawBufferPointer(rebasing: $0[pendingOffset...])) }
        if sent < 0 { return close() }
        pendingOffset += sent
        if pendingOffset < pending.count {
            setDeadline(.write)
            return
        }
        pending = []
        pendingOffset = 0
        if deadlineKind == .write { setDeadline(slots.isEmpty && parked == nil ? .idle : .busy) }
        advance()
        finishIfDone()
    }

    /// Writes as much as the socket takes; returns the byte count, or -1 when the peer is gone.
    private func send(all bytes: UnsafeRawBufferPointer) -> Int {
        var done = 0
        while done < bytes.count {
            let n = Glibc.send(fd, bytes.baseAddress! + done, bytes.count - done, Int32(MSG_NOSIGNAL))
            if n > 0 {
                done += n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                return -1
            }
        }
        return done
    }

    // MARK: closing and deadlines

    /// All owed bytes are out: close, or half-close and drain when the client may still be sending (so that our
    /// response is not destroyed by a reset caused by unread data, RFC 9112 §9.6).
    private func finish() {
        if lingerOnClose || !inBuf.isEmpty {
            lingering = true
            inBuf = []
            shutdown(fd, Int32(SHUT_WR))
            setDeadline(.linger)
            discardUntilEOF()
        } else {
            close()
        }
    }

    private func discardUntilEOF() {
        while true {
            let n = recv(fd, loop.readBuffer.baseAddress, loop.readBuffer.count, 0)
            if n > 0 { continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            return close()
        }
    }

    func onDeadline() {
        switch deadlineKind {
        case .header where !inBuf.isEmpty || emptyLineBytes > 0, .body:
            // Too slow: a slowloris client, or a stalled body. Say so, then go.
            let what = deadlineKind == .body ? "body" : "header section"
            let owed = !slots.isEmpty
            answerAndClose(Response.problem(.requestTimeout, "the request \(what) was not received in time"))
            setDeadline(.busy)
            if owed { return advance() }  // the 408 follows the answers owed; then the connection closes
            flush()
            if !closed { close() }
        default:
            close()
        }
    }

    private func setDeadline(_ kind: DeadlineKind) {
        deadlineKind = kind
        let c = loop.configuration
        let seconds: Double =
            switch kind {
            case .header: c.headerTimeout
            case .body: c.bodyTimeout
            case .idle, .write: c.idleTimeout
            case .linger: 2
            case .busy: .infinity
            }
        deadline = seconds == .infinity ? .max : Socket.monotonicNanos() + UInt64(seconds * 1_000_000_000)
    }

    func close() {
        guard !closed else { return }
        closed = true
        pending = []
        inBuf = []
        body = []
        slots = []  // breaks the slot-to-connection references; late answers find `closed`
        parked = nil
        loop.remove(self)
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// One client connection: reads and parses requests, answers them in order, writes without blocking.
/// Lives on its event loop's queue and is never touched elsewhere.
final class Connection {
    enum State {
        case head
        case body(RequestHead, remaining: Int)
        case chunked(RequestHead, ChunkedDecoder)
    }

    enum DeadlineKind {
        case header, body, idle, write, linger
    }

    let fd: Int32
    unowned let loop: EventLoop
    /// The peer's address, read once at adoption (`getpeername`) for `Request.remoteAddress`.
    let remoteAddress: String
    private var state: State = .head
    /// Bytes received but not yet parsed (a partial head, or requests held back by back-pressure).
    private var inBuf: [UInt8] = []
    private var scanFrom = 0
    private var body: [UInt8] = []
    /// Response bytes the socket has not taken yet; while non-empty, no further request is read.
    private var pending: [UInt8] = []
    private var pendingOffset = 0
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
        if case .head = state { return inBuf.isEmpty && pending.isEmpty && deadlineKind != .header || lingering }
        return false
    }

    // MARK: reading

    func onReadable() {
        guard !closed else { return }
        if lingering { return discardUntilEOF() }
        while !closed && pending.isEmpty && !closeAfterFlush {
            let n = recv(fd, loop.readBuffer.baseAddress, loop.readBuffer.count, 0)
            if n > 0 {
                ingest(UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<n]))
            } else if n == 0 {
                // The client finished sending. What it sent was answered above; nothing more can come.
                if pending.isEmpty { close() } else { closeAfterFlush = true }
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
                switch RequestParser.parseHead(rest, scanFrom: scanFrom, limits: loop.configuration.limits) {
                case .incomplete(let next):
                    scanFrom = next
                    if deadlineKind != .header { setDeadline(.header) }
                    return pos
                case .failure(let error):
                    fail(error)
                    return buffer.count
                case .complete(let head, let consumed):
                    pos += consumed
                    scanFrom = 0
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
            state = .chunked(head, ChunkedDecoder(maxBody: loop.configuration.limits.maxBodyBytes))
        }
        setDeadline(.body)
        if head.expectsContinue && !bodyBytesWaiting {
            // RFC 9110 §10.1.1: the client waits for this before it sends the body.
            loop.out.append(contentsOf: ResponseWriter.continueResponse)
            flush()
        }
    }

    // MARK: answering

    private func dispatch(_ head: RequestHead) {
        let started = Socket.monotonicNanos()
        var request = Request(method: head.method, target: head.target, version: head.version, headers: head.headers)
        request.body = body
        body = []
        request.remoteAddress = remoteAddress
        request.id = loop.requestID(from: head.headers)
        let response = loop.server.respond(to: request)
        let keepAlive = head.keepAlive && !loop.server.isDraining
        let before = loop.out.count
        ResponseWriter.write(
            response,
            requestID: request.id,
            version: head.version,
            includeBody: head.method != .head,
            keepAlive: keepAlive,
            date: loop.dateCache.current(),
            serverName: loop.serverHeader,
            into: &loop.out
        )
        loop.server.logAccess(request, response, bytes: loop.out.count - before, started: started)
        if keepAlive { setDeadline(.idle) } else { closeAfterFlush = true }
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
        var request = Request(method: HTTPMethod("-"), target: "-")
        request.id = id
        loop.server.logAccess(request, response, bytes: loop.out.count - before, started: Socket.monotonicNanos())
        closeAfterFlush = true
        lingerOnClose = true
        state = .head
    }

    // MARK: writing

    /// Sends what the loop serialized for this connection; whatever the socket refuses waits for EPOLLOUT.
    private func flush() {
        guard !loop.out.isEmpty else { return }
        guard !closed else {
            loop.out.removeAll(keepingCapacity: true)
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
        if pending.isEmpty && closeAfterFlush { finish() }
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
        if closeAfterFlush { return finish() }
        setDeadline(.idle)
        // Edge-triggered: requests held back, and bytes still in the socket, raise no new event.
        if !inBuf.isEmpty {
            processBuffered()
            flush()
        }
        onReadable()
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
        case .header where !inBuf.isEmpty, .body:
            // Too slow: a slowloris client, or a stalled body. Say so, then go.
            let what = deadlineKind == .body ? "body" : "header section"
            answerAndClose(Response.problem(.requestTimeout, "the request \(what) was not received in time"))
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
            }
        deadline = Socket.monotonicNanos() + UInt64(seconds * 1_000_000_000)
    }

    func close() {
        guard !closed else { return }
        closed = true
        pending = []
        inBuf = []
        body = []
        loop.remove(self)
    }
}

import Foundation
import HTTPCore
import Logging
import Storage

#if canImport(Glibc)
import Glibc
#endif

/// Delivers the webhook outbox in the background: claims one due event at a time under a lease (so an event a
/// stopped or crashed server was sending is sent again once its lease runs out), POSTs it signed, records the
/// attempt in `webhook_deliveries`, and marks the event delivered (any 2xx), or due again after
/// `backoffBase · 2^attempts` seconds (plus up to 10% jitter), or dead once the next attempt would fall more than
/// `maxAge` seconds after the event was queued (or re-sent).
public final class WebhookDispatcher: @unchecked Sendable {
    // @unchecked Sendable: `stopped`, `wakeups` and `thread` are only touched under `condition`.
    /// Seconds one delivery may take: connecting, sending and reading the status line.
    public static let timeout: Double = 10
    /// Most seconds between two looks at the outbox (events queued by other writes are found by this poll).
    public static let pollInterval: Double = 1
    /// How long a claimed event is leased to this dispatcher: longer than a delivery may take.
    static let lease: Double = timeout + 20

    let database: DatabasePool
    let backoffBase: Double
    let maxAge: Double
    let logger: Logger
    private let condition = NSCondition()
    private var stopped = false
    private var wakeups = 0
    private var running = false
    private let finished = DispatchSemaphore(value: 0)

    /// Dispatchers by database path, for `wake`.
    static let running = LockedValue<[String: WebhookDispatcher]>([:])

    public init(database: DatabasePool, backoffBase: Double, maxAge: Double, logger: Logger) {
        self.database = database
        self.backoffBase = backoffBase
        self.maxAge = maxAge
        self.logger = logger
    }

    /// Looks at the outbox now (after a re-send).
    static func wake(_ path: String) {
        running.withLock { $0[path] }?.wake()
    }

    func wake() {
        condition.withLock {
            wakeups += 1
            condition.signal()
        }
    }

    /// Starts the background thread (once).
    public func start() {
        let go = condition.withLock {
            guard !running, !stopped else { return false }
            running = true
            return true
        }
        guard go else { return }
        Self.running.withLock { $0[database.path] = self }
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "charter.webhooks"
        thread.start()
    }

    /// Stops the thread, waiting for a delivery in flight (at most `timeout` seconds).
    public func stop() {
        let wasRunning = condition.withLock {
            let was = running && !stopped
            stopped = true
            condition.signal()
            return was
        }
        guard wasRunning else { return }
        finished.wait()
        Self.running.withLock { if $0[database.path] === self { $0[database.path] = nil } }
    }

    private var isStopped: Bool { condition.withLock { stopped } }

    private func run() {
        while !isStopped {
            var delay = min(Self.pollInterval, backoffBase)
            do {
                while !isStopped, try deliverOne() {}
                if let next = try database.read({ db in try Self.nextDue(db) }) {
                    delay = max(0.001, min(delay, next - Date().timeIntervalSince1970))
                }
            } catch {
                if !isStopped { logger.error("webhooks: \(error)") }
            }
            condition.withLock {
                if !stopped && wakeups == 0 { _ = condition.wait(until: Date(timeIntervalSinceNow: delay)) }
                wakeups = 0
            }
        }
    }

    /// When the next event can be claimed (unix seconds): the earliest pending event of an active webhook, at
    /// its next attempt or, while another dispatcher's lease holds it, when the lease runs out; nil when none.
    /// (Events of inactive webhooks and leased ones do not count as due now, or the loop would spin on them.)
    public static func nextDue(_ db: Database) throws -> Double? {
        try db.scalar(
            Double?.self,
            """
            SELECT min(max(o.next_attempt_at, coalesce(o.lease_until, 0)))
            FROM webhook_outbox o JOIN webhooks w ON w.id = o.webhook_id
            WHERE o.state = 'pending' AND w.active = 1
            """
        )
    }

    struct Claimed {
        var id: Int64
        var event: String
        var collection: String
        var recordID: Int64
        var action: String
        var payload: String
        var occurredAt: String
        var attempts: Int64
        var retryFrom: Double
        var url: String
        var secret: String
    }

    /// Claims the next due event and delivers it; false when none is due.
    func deliverOne() throws -> Bool {
        let now = Date().timeIntervalSince1970
        let claimed = try database.write { db -> Claimed? in
            guard
                let row = try db.queryOne(
                    """
                    SELECT o.id, o.event_id, o.collection, o.record_id, o.action, o.payload, o.occurred_at, o.attempts,
                           o.retry_from, w.url, w.secret
                    FROM webhook_outbox o JOIN webhooks w ON w.id = o.webhook_id
                    WHERE o.state = 'pending' AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until <= ?)
                      AND w.active = 1
                    ORDER BY o.next_attempt_at LIMIT 1
                    """,
                    [now, now]
                )
            else { return nil }
            let claimed = Claimed(
                id: try row.get(0, as: Int64.self),
                event: try row.get(1, as: String.self),
                collection: try row.get(2, as: String.self),
                recordID: try row.get(3, as: Int64.self),
                action: try row.get(4, as: String.self),
                payload: try row.get(5, as: String.self),
                occurredAt: try row.get(6, as: String.self),
                attempts: try row.get(7, as: Int64.self),
                retryFrom: try row.get(8, as: Double.self),
                url: try row.get(9, as: String.self),
                secret: try row.get(10, as: String.self)
            )
            try db.execute(
                "UPDATE webhook_outbox SET lease_until = ? WHERE id = ?",
                [SQLiteValue.double(now + Self.lease), SQLiteValue.integer(claimed.id)]
            )
            return claimed
        }
        guard let claimed else { return false }
        let body = Self.body(claimed)
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let signature = Self.signature(secret: claimed.secret, timestamp: timestamp, body: body)
        let started = Date()
        var status: Int?
        var failure: String?
        if let target = Webhooks.Target(claimed.url) {
            (status, failure) = WebhookClient.post(
                target,
                headers: [
                    ("Content-Type", "application/json"), ("User-Agent", "Charter/\(CharterVersion.current)"),
                    ("Charter-Webhook-Id", claimed.event), ("Charter-Webhook-Timestamp", timestamp),
                    ("Charter-Webhook-Signature", signature),
                ],
                body: Array(body.utf8),
                timeout: Self.timeout
            )
        } else {
            failure = "not an http:// URL"
        }
        let ms = Int64(Date().timeIntervalSince(started) * 1000)
        let delivered = status.map { (200..<300).contains($0) } ?? false
        if !delivered, failure == nil, let status { failure = "HTTP \(status)" }
        let attempts = claimed.attempts + 1
        let after = Date().timeIntervalSince1970
        let next = after + backoffBase * pow(2, Double(min(claimed.attempts, 40))) * (1 + Double.random(in: 0..<0.1))
        let state = delivered ? "delivered" : (next > claimed.retryFrom + maxAge ? "dead" : "pending")
        try database.write { db in
            try db.execute(
                "INSERT INTO webhook_deliveries (outbox_id, attempt, status, duration_ms, error, at) VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                [
                    SQLiteValue.integer(claimed.id), SQLiteValue.integer(attempts),
                    status.map { SQLiteValue.integer(Int64($0)) } ?? .null, SQLiteValue.integer(ms),
                    failure.map(SQLiteValue.text) ?? .null,
                ]
            )
            try db.execute(
                "UPDATE webhook_outbox SET state = ?, attempts = ?, next_attempt_at = ?, lease_until = NULL, last_status = ?, last_error = ? WHERE id = ?",
                [
                    SQLiteValue.text(state), SQLiteValue.integer(attempts), SQLiteValue.double(next),
                    status.map { SQLiteValue.integer(Int64($0)) } ?? .null, failure.map(SQLiteValue.text) ?? .null,
                    SQLiteValue.integer(claimed.id),
                ]
            )
        }
        if state == "dead" {
            logger.warning("webhooks: gave up on event \(claimed.event) after \(attempts) attempts: \(failure ?? "")")
        }
        return true
    }

    /// The POST body: the event's envelope around the record as the change left it.
    static func body(_ c: Claimed) -> String {
        var w = JSONWriter(capacity: c.payload.utf8.count + 256)
        w.write(
            .object([
                "id": .string(c.event), "event": .string(c.action), "collection": .string(c.collection),
                "recordId": .int(c.recordID), "occurredAt": .string(c.occurredAt),
            ])
        )
        var text = String(decoding: w.bytes, as: UTF8.self)
        text.removeLast()  // the closing brace: the record follows, already encoded
        return text + ",\"record\":" + c.payload + "}"
    }

    /// `v1=` and the hex HMAC-SHA256 of `"<timestamp>.<body>"` under the webhook's secret.
    public static func signature(secret: String, timestamp: String, body: String) -> String {
        "v1=" + HMACSHA256.hex(key: secret, message: timestamp + "." + body)
    }
}

/// A one-request HTTP/1.1 client on a blocking socket: enough to POST an event and read the status line.
enum WebhookClient {
    /// Largest response head read before the status is taken.
    static let maxHead = 8192

    static func post(
        _ target: Webhooks.Target,
        headers: [(String, String)],
        body: [UInt8],
        timeout: Double
    ) -> (status: Int?, error: String?) {
        let deadline = Date().addingTimeInterval(timeout)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(target.host, String(target.port), &hints, &list)
        guard rc == 0, let first = list else {
            return (nil, "cannot resolve \(target.host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "cannot connect to \(target.host):\(target.port)"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let a = entry {
            entry = a.pointee.ai_next
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            switch connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen, deadline: deadline) {
            case .failure(let message):
                lastError = "connect to \(target.host):\(target.port): \(message)"
                continue
            case .success:
                return exchange(fd, target: target, headers: headers, body: body, deadline: deadline)
            }
        }
        return (nil, lastError)
    }

    enum Outcome {
        case success
        case failure(String)
    }

    static func connect(
        _ fd: Int32,
        _ address: UnsafeMutablePointer<sockaddr>,
        _ length: socklen_t,
        deadline: Date
    ) -> Outcome {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, address, length) != 0 {
            guard errno == EINPROGRESS else { return .failure(String(cString: strerror(errno))) }
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ms = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            guard poll(&p, 1, ms) == 1 else { return .failure("timed out") }
            var error: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
            guard error == 0 else { return .failure(String(cString: strerror(error))) }
        }
        _ = fcntl(fd, F_SETFL, flags)
        return .success
    }

    static func exchange(
        _ fd: Int32,
        target: Webhooks.Target,
        headers: [(String, String)],
        body: [UInt8],
        deadline: Date
    ) -> (status: Int?, error: String?) {
        func setTimeout() -> Bool {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var tv = timeval(tv_sec: Int(left), tv_usec: Int((left - Double(Int(left))) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            return true
        }
        let host = target.host.contains(":") ? "[\(target.host)]" : target.host
        var head = "POST \(target.path) HTTP/1.1\r\nHost: \(host)" + (target.port == 80 ? "" : ":\(target.port)")
        head += "\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + body
        var sent = 0
        while sent < bytes.count {
            guard setTimeout() else { return (nil, "timed out after \(Int(WebhookDispatcher.timeout)) s") }
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return (nil, "send: \(String(cString: strerror(errno)))") }
            sent += n
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        while received.count < maxHead {
            if let end = received.firstIndex(of: 10) {
                let line = String(decoding: received[..<end], as: UTF8.self)
                let parts = line.split(separator: " ")
                guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]),
                    (100...599).contains(status)
                else { return (nil, "not an HTTP response: \(line.prefix(100))") }
                return (status, nil)
            }
            guard setTimeout() else { return (nil, "timed out after \(Int(WebhookDispatcher.timeout)) s") }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n == 0 { return (nil, "connection closed before a status line") }
            guard n > 0 else {
                return (nil, errno == EAGAIN ? "timed out" : "recv: \(String(cString: strerror(errno)))")
            }
            received += chunk[0..<n]
        }
        return (nil, "status line longer than \(maxHead) bytes")
    }
}

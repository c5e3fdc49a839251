import App
import Foundation
import HTTPCore
import Storage
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP receiver on 127.0.0.1: answers each request with the next status of `statuses` (then the last one),
/// keeps what it received, and signals `received` for each request.
final class WebhookReceiver: @unchecked Sendable {
    struct Delivery {
        var headers: [String: String]
        var body: String
        var status: Int
    }
    let fd: Int32
    let port: Int
    private let lock = NSLock()
    private var statuses: [Int]
    private var log: [Delivery] = []
    let received = DispatchSemaphore(value: 0)

    init(statuses: [Int]) throws {
        self.statuses = statuses
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw SocketError(call: "bind", errno: errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    var deliveries: [Delivery] { lock.withLock { log } }

    /// Closes the listener (the accept loop ends).
    func close() { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }

    /// Waits for `count` more requests, at most `seconds` in all; false on a timeout.
    func wait(for count: Int, seconds: Double = 30) -> Bool {
        let deadline = DispatchTime.now() + seconds
        for _ in 0..<count where received.wait(timeout: deadline) == .timedOut { return false }
        return true
    }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            var buffer: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            var request: (head: String, body: String)?
            while request == nil {
                let n = recv(client, &chunk, chunk.count, 0)
                guard n > 0 else { break }
                buffer += chunk[0..<n]
                let text = String(decoding: buffer, as: UTF8.self)
                guard let end = text.range(of: "\r\n\r\n") else { continue }
                let head = String(text[..<end.lowerBound])
                let length =
                    head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                let body = String(text[end.upperBound...])
                if body.utf8.count >= length { request = (head, body) }
            }
            if let request {
                var headers: [String: String] = [:]
                for line in request.head.split(separator: "\r\n").dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2 {
                        headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces)
                    }
                }
                let status = lock.withLock {
                    let s = statuses.count > 1 ? statuses.removeFirst() : statuses[0]
                    log.append(Delivery(headers: headers, body: request.body, status: s))
                    return s
                }
                let answer = Array("HTTP/1.1 \(status) X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
                _ = answer.withUnsafeBytes { send(client, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
                received.signal()
            }
            Glibc.close(client)
        }
    }

    deinit {
        close()
        Glibc.close(fd)
    }
}

/// Webhooks over the real server: the outbox written with the change, signed deliveries retried with backoff to a
/// receiver that fails first, the delivery log, re-sending, and events surviving a restart.
@Suite struct WebhookTests {
    static func fast(_ config: inout AppConfiguration) { config.webhookBackoffBase = 0.01 }

    /// Registers a webhook for `url` and returns its id and secret.
    static func register(_ admin: RawClient, _ body: String) throws -> (id: Int, secret: String) {
        let r = try admin.call("POST", "/api/v1/webhooks", json: body)
        #expect(r.status == 201, "\(r.text)")
        let json = try r.json()
        return (json["id"] as? Int ?? 0, json["secret"] as? String ?? "")
    }

    static func person(_ c: RawClient, _ n: Int) throws -> Int {
        let r = try c.call(
            "POST",
            "/api/v1/people",
            json: #"{"name":"Hook \#(n)","email":"hook\#(n)@example.com","title":"Analyst"}"#
        )
        #expect(r.status == 201, "\(r.text)")
        return try r.json()["id"] as? Int ?? 0
    }

    /// Waits (bounded) until `predicate` holds over the service's database, re-checking when `signal` fires or
    /// after short waits on it.
    static func eventually(_ service: CharterService, _ predicate: (Database) throws -> Bool) throws -> Bool {
        let gate = DispatchSemaphore(value: 0)
        for _ in 0..<600 {
            if try service.database.read(predicate) { return true }
            _ = gate.wait(timeout: .now() + 0.05)
        }
        return false
    }

    @Test func failingReceiverIsRetriedThenDeliveredSignedAndLogged() throws {
        let receiver = try WebhookReceiver(statuses: [500, 500, 200])
        try TestServer.withCharter(Self.fast) { service in
            let admin = try RawClient(service, role: .admin)
            let hook = try Self.register(
                admin,
                #"{"url":"http://127.0.0.1:\#(receiver.port)/hooks?x=1","collections":"people","events":"created"}"#
            )
            #expect(hook.secret.count == 64)
            // The secret is shown once: no read shows it again.
            let read = try admin.call("GET", "/api/v1/webhooks/\(hook.id)")
            #expect(read.status == 200)
            #expect(try read.json()["secret"] == nil)
            let history = try admin.call("GET", "/api/v1/webhooks/\(hook.id)/history")
            #expect(history.status == 200)
            #expect(!history.text.contains(hook.secret))

            let editor = try RawClient(service)
            let id = try Self.person(editor, 1)
            #expect(receiver.wait(for: 3), "three attempts: 500, 500, 200")
            let deliveries = receiver.deliveries
            #expect(deliveries.map(\.status) == [500, 500, 200])
            let last = try #require(deliveries.last)
            // The same event each time, signed over "<timestamp>.<body>" with the secret.
            #expect(Set(deliveries.map { $0.headers["charter-webhook-id"] ?? "" }).count == 1)
            let timestamp = try #require(last.headers["charter-webhook-timestamp"])
            #expect(abs((Double(timestamp) ?? 0) - Date().timeIntervalSince1970) < 300)
            let expected = "v1=" + HMACSHA256.hex(key: hook.secret, message: timestamp + "." + last.body)
            #expect(last.headers["charter-webhook-signature"] == expected)
            let body = try #require(
                try JSONSerialization.jsonObject(with: Data(last.body.utf8)) as? [String: Any]
            )
            #expect(body["event"] as? String == "created")
            #expect(body["collection"] as? String == "people")
            #expect(body["recordId"] as? Int == id)
            #expect(body["id"] as? String == last.headers["charter-webhook-id"])
            #expect((body["record"] as? [String: Any])?["name"] as? String == "Hook 1")

            // The log: three attempts, newest first, the event delivered.
            #expect(
                try Self.eventually(service) { db in
                    try db.scalar(Int.self, "SELECT count(*) FROM webhook_outbox WHERE state = 'delivered'") == 1
                }
            )
            let log = try admin.call("GET", "/api/v1/webhooks/\(hook.id)/deliveries").items()
            #expect(log.map { $0["status"] as? Int } == [200, 500, 500])
            #expect(log.map { $0["attempt"] as? Int } == [3, 2, 1])
            #expect(log.first?["state"] as? String == "delivered")

            // Filters: an update of a person (events: created only) and a project queue nothing.
            let patch = try editor.call("PATCH", "/api/v1/people/\(id)", json: #"{"title":"Lead"}"#)
            #expect(patch.status == 200, "\(patch.text)")
            let count = try service.database.read { db in try db.scalar(Int.self, "SELECT count(*) FROM webhook_outbox")
            }
            #expect(count == 1)

            // Re-sending puts the event back: one more attempt, delivered again.
            let deliveryID = try #require(log.first?["id"] as? Int)
            let resend = try admin.call("POST", "/api/v1/webhooks/\(hook.id)/deliveries/\(deliveryID)/resend")
            #expect(resend.status == 202, "\(resend.text)")
            #expect(receiver.wait(for: 1))
            #expect(receiver.deliveries.count == 4)
            #expect(receiver.deliveries.last?.headers["charter-webhook-id"] == last.headers["charter-webhook-id"])
            let missing = try admin.call("POST", "/api/v1/webhooks/\(hook.id)/deliveries/999999/resend")
            #expect(missing.status == 404)
        }
    }

    @Test func onlyAdminsManageWebhooksAndURLsAreHTTP() throws {
        try TestServer.withCharter { service in
            let editor = try RawClient(service)
            let denied = try editor.call("POST", "/api/v1/webhooks", json: #"{"url":"http://127.0.0.1:9/x"}"#)
            #expect(denied.status == 403)
            #expect(try editor.call("GET", "/api/v1/webhooks").status == 403)
            #expect(try editor.call("GET", "/api/v1/webhooks/1/deliveries").status == 403)
            #expect(try editor.call("POST", "/api/v1/webhooks/1/deliveries/1/resend").status == 403)
            let admin = try RawClient(service, role: .admin)
            let https = try admin.call("POST", "/api/v1/webhooks", json: #"{"url":"https://example.com/hook"}"#)
            #expect(https.status == 422)
            #expect(https.text.contains("TLS"))
            let bad = try admin.call(
                "POST",
                "/api/v1/webhooks",
                json: #"{"url":"http://127.0.0.1:9/x","collections":"nope","events":"renamed"}"#
            )
            #expect(bad.status == 422)
            #expect(bad.text.contains("nope") && bad.text.contains("renamed"))
        }
    }

    @Test func nothingIsQueuedWithoutAnActiveWebhook() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let hook = try Self.register(admin, #"{"url":"http://127.0.0.1:9/x","active":false}"#)
            _ = try Self.person(try RawClient(service), 2)
            let count = try service.database.read { db in try db.scalar(Int.self, "SELECT count(*) FROM webhook_outbox")
            }
            #expect(count == 0)
            let on = try admin.call("PATCH", "/api/v1/webhooks/\(hook.id)", json: #"{"active":true}"#)
            #expect(on.status == 200, "\(on.text)")
            _ = try Self.person(try RawClient(service), 3)
            let after = try service.database.read { db in try db.scalar(Int.self, "SELECT count(*) FROM webhook_outbox")
            }
            #expect(after == 1)
        }
    }

    @Test func queuedEventsSurviveARestart() throws {
        let receiver = try WebhookReceiver(statuses: [200])
        var config = TestServer.configuration()
        try TestServer.copyTemplate(to: config.databasePath)
        defer {
            try? FileManager.default.removeItem(atPath: (config.databasePath as NSString).deletingLastPathComponent)
        }
        Self.fast(&config)
        // First run: no delivery, so the event is still in the outbox when the server stops.
        config.webhookDelivery = false
        let first = try CharterService(configuration: config, logger: TestServer.logger)
        try first.start()
        do {
            defer { first.shutdown() }
            let admin = try RawClient(first, role: .admin)
            _ = try Self.register(admin, #"{"url":"http://127.0.0.1:\#(receiver.port)/"}"#)
            _ = try Self.person(try RawClient(first), 4)
        }
        #expect(receiver.deliveries.isEmpty)
        config.webhookDelivery = true
        let second = try CharterService(configuration: config, logger: TestServer.logger)
        try second.start()
        defer { second.shutdown() }
        #expect(receiver.wait(for: 1))
        let body = receiver.deliveries.first?.body ?? ""
        #expect(body.contains(#""event":"created""#))
        #expect(
            try Self.eventually(second) { db in
                try db.scalar(Int.self, "SELECT count(*) FROM webhook_outbox WHERE state = 'delivered'") == 1
            }
        )
    }

    static func count(_ service: CharterService, _ sql: String = "SELECT count(*) FROM webhook_outbox") throws -> Int {
        try service.database.read { db in try db.scalar(Int.self, sql) }
    }

    /// The outbox row is part of the change's transaction: a batch that fails after a create leaves none.
    @Test func aRolledBackChangeQueuesNothing() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let hook = try Self.register(admin, #"{"url":"http://127.0.0.1:9/x"}"#)
            let editor = try RawClient(service)
            let batch = try editor.call(
                "POST",
                "/api/v1/batch",
                json: #"""
                    {"operations":[
                      {"method":"POST","path":"/api/v1/people","body":{"name":"Rolled","email":"rolled@example.com","title":"Analyst"}},
                      {"method":"POST","path":"/api/v1/people","body":{"name":""}}
                    ]}
                    """#
            )
            #expect(batch.status == 422, "\(batch.text)")
            #expect(try Self.count(service) == 0)
            _ = try Self.person(editor, 5)
            #expect(try Self.count(service) == 1)
            // Deleting the webhook takes its outbox (and log) with it.
            #expect(try admin.call("DELETE", "/api/v1/webhooks/\(hook.id)").status == 204)
            #expect(try Self.count(service) == 0)
            _ = try Self.person(editor, 6)
            #expect(try Self.count(service) == 0)
        }
    }

    /// An event whose next attempt would come after `webhookMaxAgeSeconds` is given up: dead, one attempt logged
    /// per try.
    @Test func eventsPastTheirMaxAgeAreDead() throws {
        let receiver = try WebhookReceiver(statuses: [503])
        try TestServer.withCharter({
            $0.webhookBackoffBase = 0.2
            $0.webhookMaxAgeSeconds = 1
        }) { service in
            let admin = try RawClient(service, role: .admin)
            let hook = try Self.register(admin, #"{"url":"http://127.0.0.1:\#(receiver.port)/"}"#)
            _ = try Self.person(try RawClient(service), 7)
            #expect(
                try Self.eventually(service) { db in
                    try db.scalar(Int.self, "SELECT count(*) FROM webhook_outbox WHERE state = 'dead'") == 1
                }
            )
            let log = try admin.call("GET", "/api/v1/webhooks/\(hook.id)/deliveries").items()
            // How many attempts fit depends on how promptly they run; never more than three, since the waits
            // before a fourth (0.2 + 0.4 + 0.8 s at the least) exceed the second.
            #expect((1...3).contains(log.count))
            #expect(log.allSatisfy { $0["status"] as? Int == 503 && $0["error"] as? String == "HTTP 503" })
            #expect(log.first?["state"] as? String == "dead")
        }
    }

    /// The dispatcher sleeps until the next claimable event: an inactive webhook's pending events and events
    /// leased to another dispatcher are not due now (counting them made its loop spin).
    @Test func inactiveAndLeasedEventsAreNotDue() throws {
        try TestServer.withCharter({ $0.webhookDelivery = false }) { service in
            let admin = try RawClient(service, role: .admin)
            let hook = try Self.register(admin, #"{"url":"http://127.0.0.1:9/x"}"#)
            _ = try Self.person(try RawClient(service), 8)
            let queued = try #require(try service.database.read { db in try WebhookDispatcher.nextDue(db) })
            #expect(queued <= Date().timeIntervalSince1970)
            let off = try admin.call("PATCH", "/api/v1/webhooks/\(hook.id)", json: #"{"active":false}"#)
            #expect(off.status == 200, "\(off.text)")
            #expect(try service.database.read { db in try WebhookDispatcher.nextDue(db) } == nil)
            let on = try admin.call("PATCH", "/api/v1/webhooks/\(hook.id)", json: #"{"active":true}"#)
            #expect(on.status == 200, "\(on.text)")
            let lease = Date().timeIntervalSince1970 + 100
            try service.database.write { db in
                try db.execute("UPDATE webhook_outbox SET lease_until = ?", [SQLiteValue.double(lease)])
            }
            #expect(try service.database.read { db in try WebhookDispatcher.nextDue(db) } == lease)
        }
    }
}

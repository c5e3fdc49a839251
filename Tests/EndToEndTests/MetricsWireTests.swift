import App
import Foundation
import HTTPCore
import TestSupport
import Testing

/// `GET /metrics` over the real socket: who may read it, and that each counter moves with what the server did.
@Suite struct MetricsWireTests {
    /// The value of the sample `name{labels}` in a Prometheus text page (labels compared as a set), nil if absent.
    static func value(_ page: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
        for line in page.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            let series = line[..<space]
            let (sampleName, rest): (Substring, Substring) =
                if let brace = series.firstIndex(of: "{") {
                    (series[..<brace], series[series.index(after: brace)..<series.index(before: series.endIndex)])
                } else {
                    (series, "")
                }
            guard sampleName == name else { continue }
            var found: [String: String] = [:]
            for pair in rest.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                found[String(parts[0])] = String(parts[1].dropFirst().dropLast())
            }
            if found == labels { return Double(line[line.index(after: space)...]) }
        }
        return nil
    }

    static func scrape(_ client: RawClient, key: String) throws -> String {
        let response = try client.exchange("GET", "/metrics", key: key)
        #expect(response.status == 200)
        return response.text
    }

    @Test func onlyAdminsMayReadMetricsOnTheAPIListener() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            let anonymous = try client.exchange("GET", "/metrics")
            #expect(anonymous.status == 401)
            #expect(anonymous.headers["Content-Type"] == Problem.contentType)
            #expect(anonymous.text.contains("admin API key"))
            let viewer = try TestServer.makeKey(service, role: .viewer)
            #expect(try client.exchange("GET", "/metrics", key: viewer).status == 403)
            #expect(try client.exchange("GET", "/metrics", key: "chk_not-a-real-key").status == 401)
            let admin = try TestServer.makeKey(service, role: .admin)
            let page = try client.exchange("GET", "/metrics", key: admin)
            #expect(page.status == 200)
            #expect(page.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(page.text.contains("# TYPE charter_http_requests_total counter"))
            #expect(page.text.contains("charter_build_info{version=\"\(CharterVersion.current)\",swift=\"6."))
        }
    }

    @Test func requestsAreCountedByRouteTemplateAndStatusNeverByRawPath() throws {
        try TestServer.withCharter { service in
            let admin = try TestServer.makeKey(service, role: .admin)
            let client = try RawClient(port: service.port)
            for _ in 0..<3 { #expect(try client.exchange("GET", "/health").status == 200) }
            for id in [987_651, 987_652] {
                #expect(try client.exchange("GET", "/api/v1/projects/\(id)", key: admin).status == 404)
            }
            #expect(try client.exchange("GET", "/no-such-file-4242.txt").status == 404)
            let garbage = try RawClient(port: service.port)
            try garbage.send("NOT A REQUEST\r\n\r\n")
            #expect(try garbage.readResponse().status == 400)

            let page = try Self.scrape(client, key: admin)
            let requests = "charter_http_requests_total"
            #expect(Self.value(page, requests, ["method": "GET", "route": "/health", "status": "200"]) == 3)
            #expect(
                Self.value(page, requests, ["method": "GET", "route": "/api/v1/projects/:id", "status": "404"]) == 2
            )
            #expect(Self.value(page, requests, ["method": "GET", "route": "static", "status": "404"]) == 1)
            #expect(Self.value(page, requests, ["method": "-", "route": "unparsed", "status": "400"]) == 1)
            #expect(!page.contains("987651") && !page.contains("no-such-file"))
            // The histogram: cumulative buckets ending in +Inf, which equals the count.
            let labels = ["method": "GET", "route": "/health"]
            let bucket = "charter_http_request_duration_seconds_bucket"
            #expect(Self.value(page, bucket, labels.merging(["le": "+Inf"]) { a, _ in a }) == 3)
            #expect(Self.value(page, "charter_http_request_duration_seconds_count", labels) == 3)
            let small = Self.value(page, bucket, labels.merging(["le": "0.0005"]) { a, _ in a }) ?? -1
            let large = Self.value(page, bucket, labels.merging(["le": "10"]) { a, _ in a }) ?? -1
            #expect(small >= 0 && small <= large && large <= 3)
            #expect((Self.value(page, "charter_http_request_duration_seconds_sum", labels) ?? -1) >= 0)

            // The scrape itself shows up in the next one.
            let next = try Self.scrape(client, key: admin)
            #expect(Self.value(next, requests, ["method": "GET", "route": "/metrics", "status": "200"]) == 1)
        }
    }

    @Test func bytesAreCountedBeforeAndAfterGzip() throws {
        try TestServer.withCharter { service in
            let admin = try TestServer.makeKey(service, role: .admin)
            let client = try RawClient(port: service.port)
            let before = try Self.scrape(client, key: admin)
            func stage(_ page: String, _ name: String) -> Double {
                Self.value(page, "charter_http_response_body_bytes_total", ["stage": name]) ?? -1
            }
            let zipped = try client.exchange("GET", "/bench/items", headers: [("Accept-Encoding", "gzip")])
            #expect(zipped.status == 200 && zipped.headers["Content-Encoding"] == "gzip")
            let after = try Self.scrape(client, key: admin)
            // The counters moved by the bench response (and by the first scrape's own page, sent uncompressed).
            let firstPage = Double(before.utf8.count)
            let sent = stage(after, "sent") - stage(before, "sent") - firstPage
            let uncompressed = stage(after, "uncompressed") - stage(before, "uncompressed") - firstPage
            #expect(sent == Double(zipped.body.count))
            #expect(uncompressed > 20_000 && uncompressed > 3 * sent)
            let bytesIn = Self.value(after, "charter_http_request_bytes_total") ?? 0
            #expect(bytesIn > 0)
            #expect((Self.value(after, "charter_http_response_bytes_total") ?? 0) > stage(after, "sent"))
        }
    }

    @Test func connectionsOpenIdleAndRejectedAreCounted() throws {
        try TestServer.withCharter({ $0.server.maxConnections = 2 }) { service in
            let admin = try TestServer.makeKey(service, role: .admin)
            let client = try RawClient(port: service.port)
            let idle = try RawClient(port: service.port)
            #expect(try idle.exchange("GET", "/health").status == 200)
            let refused = try RawClient(port: service.port)
            #expect(try refused.readResponse().status == 503)
            let page = try Self.scrape(client, key: admin)
            #expect(Self.value(page, "charter_http_connections_rejected_total") == 1)
            #expect(Self.value(page, "charter_http_connections_open") == 2)
            #expect(Self.value(page, "charter_http_connections_idle") == 1)  // `idle`; `client` is being answered
            #expect(Self.value(page, "charter_http_connections_max") == 2)
            #expect(Self.value(page, "charter_http_worker_queue_depth") == 0)
        }
    }

    @Test func rateLimitedRequestsAndDatabaseCountersAreShown() throws {
        try TestServer.withCharter({
            $0.rateLimitPerMinute = 1
            $0.rateLimitBurst = 1
        }) { service in
            let admin = try TestServer.makeKey(service, role: .admin)
            let client = try RawClient(port: service.port)
            #expect(try client.exchange("GET", "/api/v1/careers?perPage=1").status == 200)
            #expect(try client.exchange("GET", "/api/v1/careers?perPage=1").status == 429)
            #expect(try client.exchange("GET", "/api/v1/careers?perPage=1").status == 429)
            let page = try Self.scrape(client, key: admin)  // outside /api/: not limited
            #expect(Self.value(page, "charter_rate_limited_requests_total") == 2)
            #expect((Self.value(page, "charter_db_statement_cache_total", ["result": "hit"]) ?? 0) > 0)
            #expect((Self.value(page, "charter_db_statement_cache_total", ["result": "miss"]) ?? 0) > 0)
            #expect(Self.value(page, "charter_db_pool_waits_total", ["kind": "read"]) != nil)
            #expect(Self.value(page, "charter_db_pool_wait_seconds_total", ["kind": "write"]) != nil)
        }
    }

    @Test func theMetricsListenerServesMetricsWithoutAKeyAndNothingElse() throws {
        try TestServer.withCharter({ $0.metricsListen = "127.0.0.1:0" }) { service in
            let port = try #require(service.metricsServer).port
            #expect(port > 0 && port != service.port)
            let scraper = try RawClient(port: port)
            let page = try scraper.exchange("GET", "/metrics")
            #expect(page.status == 200)
            #expect(page.text.contains("charter_http_connections_open"))
            #expect(try scraper.exchange("GET", "/health").status == 404)
            #expect(try scraper.exchange("GET", "/api/v1/careers").status == 404)
            // The API listener still asks for an admin key.
            #expect(try RawClient(port: service.port).exchange("GET", "/metrics").status == 401)
            // The scraper's own requests are not counted as API traffic.
            let again = try scraper.exchange("GET", "/metrics").text
            #expect(
                Self.value(
                    again,
                    "charter_http_requests_total",
                    ["method": "GET", "route": "/metrics", "status": "200"]
                ) == nil
            )
        }
    }

    @Test func metricsListenMustBeHostAndPort() throws {
        for bad in ["9464", "127.0.0.1:", ":9464", "127.0.0.1:70000"] {
            #expect(throws: ConfigurationError.self) {
                _ = try AppConfiguration.load(file: nil, environment: [:], overrides: ["metricsListen": bad])
            }
        }
        let good = try AppConfiguration.load(
            file: nil,
            environment: ["CHARTER_METRICS_LISTEN": "[::1]:9464"]
        )
        #expect(good.metricsListen == "[::1]:9464")
    }
}

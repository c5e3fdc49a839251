import Dispatch

extension HTTPServer {
    /// Writes the server's families: requests by method, route template and status; latency histograms by method
    /// and route; bytes in and out (bodies before and after gzip); connections open, idle and rejected; the worker
    /// queue. Each loop's counters are copied on its own queue, so this must run off the loops (on a worker).
    func collectMetrics(into text: inout PrometheusText) {
        var total = LoopMetrics()
        var byRoute: [LoopMetrics.RouteKey: LoopMetrics.RouteStats] = [:]
        var idle = 0
        for loop in loops {
            let (metrics, idleHere) = loop.queue.sync { (loop.metrics, loop.idleConnectionCount) }
            LoopMetrics.merge(metrics, into: &byRoute, bytes: &total)
            idle += idleHere
        }
        let routes = byRoute.sorted { ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method) }

        text.family(
            "charter_http_requests_total",
            .counter,
            "HTTP requests answered, by method, route template and status."
        )
        for (key, stats) in routes {
            for (status, count) in stats.statuses.sorted(by: { $0.code < $1.code }) {
                text.sample(
                    "charter_http_requests_total",
                    [("method", key.method), ("route", key.route), ("status", String(status))],
                    count
                )
            }
        }
        text.family(
            "charter_http_request_duration_seconds",
            .histogram,
            "Time from a request's last byte read to its response serialized, by method and route template."
        )
        for (key, stats) in routes {
            let labels = [("method", key.method), ("route", key.route)]
            var cumulative: UInt64 = 0
            for (i, bound) in LoopMetrics.latencyBounds.enumerated() {
                cumulative += stats.buckets[i]
                text.sample(
                    "charter_http_request_duration_seconds_bucket",
                    labels + [("le", PrometheusText.format(bound))],
                    cumulative
                )
            }
            text.sample("charter_http_request_duration_seconds_bucket", labels + [("le", "+Inf")], stats.count)
            text.sample("charter_http_request_duration_seconds_sum", labels, Double(stats.nanos) / 1e9)
            text.sample("charter_http_request_duration_seconds_count", labels, stats.count)
        }
        text.family("charter_http_request_bytes_total", .counter, "Request bytes read: heads as sent, bodies decoded.")
        text.sample("charter_http_request_bytes_total", total.bytesIn)
        text.family(
            "charter_http_response_bytes_total",
            .counter,
            "Response bytes written: status line, headers, body."
        )
        text.sample("charter_http_response_bytes_total", total.bytesOut)
        text.family(
            "charter_http_response_body_bytes_total",
            .counter,
            "Response body bytes, as sent (stage=sent, after gzip) and before compression (stage=uncompressed)."
        )
        text.sample("charter_http_response_body_bytes_total", [("stage", "sent")], total.bodyBytesOut)
        text.sample("charter_http_response_body_bytes_total", [("stage", "uncompressed")], total.bodyBytesUncompressed)
        text.family("charter_http_connections_open", .gauge, "Client connections open now.")
        text.sample("charter_http_connections_open", connectionCount)
        text.family("charter_http_connections_idle", .gauge, "Open connections waiting for a keep-alive request.")
        text.sample("charter_http_connections_idle", idle)
        text.family("charter_http_connections_max", .gauge, "Connections kept open at most (maxConnections in effect).")
        text.sample("charter_http_connections_max", maxConnectionsInEffect)
        text.family(
            "charter_http_connections_rejected_total",
            .counter,
            "Connections answered 503 and closed at once because maxConnections were open."
        )
        text.sample("charter_http_connections_rejected_total", rejectedConnections.value)
        text.family(
            "charter_http_accept_failures_total",
            .counter,
            "accept() calls that failed with EMFILE or ENFILE (out of file descriptors)."
        )
        text.sample("charter_http_accept_failures_total", acceptFailures.value)
        text.family("charter_http_worker_queue_depth", .gauge, "Requests waiting for a worker thread now.")
        text.sample("charter_http_worker_queue_depth", queuedRequestCount)
        text.family("charter_http_workers", .gauge, "Worker threads that run handlers.")
        text.sample("charter_http_workers", configuration.workers)
        text.family(
            "charter_http_worker_queue_rejections_total",
            .counter,
            "Requests answered 503 at once because maxQueuedRequests were waiting."
        )
        text.sample("charter_http_worker_queue_rejections_total", busyRejections.value)
        text.family(
            "charter_http_request_timeouts_total",
            .counter,
            "Requests answered 503 because requestTimeout passed before their handler finished."
        )
        text.sample("charter_http_request_timeouts_total", requestTimeouts.value)
    }
}

/// The request counters of one event loop. Confined to the loop's queue like everything else of the loop, so a
/// request costs plain increments and one dictionary lookup, with no lock and no atomic; `HTTPServer` reads each
/// loop's copy on that loop's queue when `/metrics` is scraped and adds them up.
struct LoopMetrics {
    /// Upper bounds of the latency histogram, in seconds (the last bucket, `+Inf`, is implied).
    static let latencyBounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]
    static let latencyBoundsNanos: [UInt64] = latencyBounds.map { UInt64($0 * 1_000_000_000) }

    /// Requests are grouped by method and route template (never the raw path: the label set stays bounded).
    struct RouteKey: Hashable {
        let method: String
        let route: String
    }

    struct RouteStats {
        /// Responses by status code.
        var statuses: [Int: UInt64] = [:]
        /// Counts per latency bucket (not cumulative; the last is above every bound).
        var buckets = [UInt64](repeating: 0, count: LoopMetrics.latencyBounds.count + 1)
        var count: UInt64 = 0
        var nanos: UInt64 = 0

        mutating func merge(_ other: RouteStats) {
            for (status, n) in other.statuses { statuses[status, default: 0] += n }
            for i in buckets.indices { buckets[i] += other.buckets[i] }
            count += other.count
            nanos += other.nanos
        }
    }

    var routes: [RouteKey: RouteStats] = [:]
    /// Request bytes read: heads as received plus bodies (chunked bodies as decoded).
    var bytesIn: UInt64 = 0
    /// Response bytes serialized: status line, headers and body.
    var bytesOut: UInt64 = 0
    /// Response body bytes as sent (after gzip).
    var bodyBytesOut: UInt64 = 0
    /// Response body bytes before gzip (equal to the sent bytes for a response that was not compressed).
    var bodyBytesUncompressed: UInt64 = 0

    /// Counts one answered request. `route` is the matched template, `static`, or `unmatched`.
    mutating func record(
        method: HTTPMethod,
        route: String,
        status: Int,
        nanos: UInt64,
        bytesIn: Int,
        bytesOut: Int,
        body: Int,
        uncompressedBody: Int
    ) {
        self.bytesIn &+= UInt64(bytesIn)
        self.bytesOut &+= UInt64(bytesOut)
        bodyBytesOut &+= UInt64(body)
        bodyBytesUncompressed &+= UInt64(uncompressedBody)
        var bucket = 0
        let bounds = LoopMetrics.latencyBoundsNanos
        while bucket < bounds.count && nanos > bounds[bucket] { bucket += 1 }
        let key = RouteKey(method: method.rawValue, route: route)
        routes[key, default: RouteStats()].record(status: status, bucket: bucket, nanos: nanos)
    }

    mutating func merge(_ other: LoopMetrics) {
        for (key, stats) in other.routes { routes[key, default: RouteStats()].merge(stats) }
        bytesIn += other.bytesIn
        bytesOut += other.bytesOut
        bodyBytesOut += other.bodyBytesOut
        bodyBytesUncompressed += other.bodyBytesUncompressed
    }
}

extension LoopMetrics.RouteStats {
    mutating func record(status: Int, bucket: Int, nanos: UInt64) {
        statuses[status, default: 0] &+= 1
        buckets[bucket] &+= 1
        count &+= 1
        self.nanos &+= nanos
    }
}

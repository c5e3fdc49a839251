/// The request counters of one event loop. Confined to the loop's queue like everything else of the loop, so a
/// request costs plain increments with no lock and no atomic; `HTTPServer` copies each loop's counters on that
/// loop's queue when `/metrics` is scraped and adds them up.
///
/// Counters are found by index, not by hashing: the router numbers its routes when it is built
/// (`RequestPlan.routeIndex`) and the method is one of eight slots, so a request costs an array access, a scan
/// of the few statuses its route has answered, and a bucket search (measured: hashing the method and template
/// strings instead cost about ten times as much).
struct LoopMetrics {
    /// Upper bounds of the latency histogram, in seconds (the last bucket, `+Inf`, is implied).
    static let latencyBounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]
    static let latencyBoundsNanos: [UInt64] = latencyBounds.map { UInt64($0 * 1_000_000_000) }
    static let methodSlots = 8

    /// Requests are grouped by method and route template (never the raw path: the label set stays bounded).
    struct RouteKey: Hashable {
        let method: String
        let route: String
    }

    struct RouteStats {
        var method = ""
        var route = ""
        /// Responses by status code, in order of first appearance (a route answers few distinct statuses).
        var statuses: [(code: Int, count: UInt64)] = []
        /// Counts per latency bucket (not cumulative; the last is above every bound).
        var buckets: [UInt64] = []
        var count: UInt64 = 0
        var nanos: UInt64 = 0

        mutating func record(status: Int, nanos: UInt64) {
            var i = 0
            while i < statuses.count && statuses[i].code != status { i += 1 }
            if i == statuses.count { statuses.append((status, 0)) }
            statuses[i].count &+= 1
            var bucket = 0
            let bounds = LoopMetrics.latencyBoundsNanos
            while bucket < bounds.count && nanos > bounds[bucket] { bucket += 1 }
            buckets[bucket] &+= 1
            count &+= 1
            self.nanos &+= nanos
        }

        mutating func merge(_ other: RouteStats) {
            for (code, n) in other.statuses {
                if let i = statuses.firstIndex(where: { $0.code == code }) {
                    statuses[i].count += n
                } else {
                    statuses.append((code, n))
                }
            }
            if buckets.isEmpty {
                buckets = other.buckets
            } else {
                for i in buckets.indices { buckets[i] += other.buckets[i] }
            }
            count += other.count
            nanos += other.nanos
        }
    }

    /// By `routeIndex * methodSlots + methodSlot`; a slot with `count == 0` is unused.
    private(set) var slots: [RouteStats] = []
    /// Request bytes read: heads as received plus bodies (chunked bodies as decoded).
    var bytesIn: UInt64 = 0
    /// Response bytes serialized: status line, headers and body.
    var bytesOut: UInt64 = 0
    /// Response body bytes as sent (after gzip).
    var bodyBytesOut: UInt64 = 0
    /// Response body bytes before gzip (equal to the sent bytes for a response that was not compressed).
    var bodyBytesUncompressed: UInt64 = 0

    static func methodSlot(_ method: HTTPMethod) -> Int {
        switch method.rawValue {
        case "GET": 0
        case "HEAD": 1
        case "POST": 2
        case "PUT": 3
        case "PATCH": 4
        case "DELETE": 5
        case "OPTIONS": 6
        default: 7
        }
    }

    /// Counts one answered request; `route` and `routeIndex` come from `RequestPlan`.
    mutating func record(
        method: HTTPMethod,
        route: String,
        routeIndex: Int,
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
        let methodSlot = Self.methodSlot(method)
        let slot = max(0, routeIndex) * Self.methodSlots + methodSlot
        if slot >= slots.count {
            slots.append(contentsOf: repeatElement(RouteStats(), count: slot + 1 - slots.count))
        }
        if slots[slot].count == 0 {
            let other = routeIndex == RequestPlan.unparsedIndex ? "-" : "other"
            slots[slot].method = methodSlot == 7 ? other : method.rawValue
            slots[slot].route = route
            slots[slot].buckets = [UInt64](repeating: 0, count: Self.latencyBounds.count + 1)
        }
        slots[slot].record(status: status, nanos: nanos)
    }

    /// Adds `other`'s counters to a total keyed by method and route.
    static func merge(_ other: LoopMetrics, into total: inout [RouteKey: RouteStats], bytes: inout LoopMetrics) {
        for stats in other.slots where stats.count > 0 {
            let key = RouteKey(method: stats.method, route: stats.route)
            total[key, default: RouteStats(method: stats.method, route: stats.route)].merge(stats)
        }
        bytes.bytesIn += other.bytesIn
        bytes.bytesOut += other.bytesOut
        bytes.bodyBytesOut += other.bodyBytesOut
        bytes.bodyBytesUncompressed += other.bodyBytesUncompressed
    }
}

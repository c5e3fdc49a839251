import Synchronization

/// What `GET /metrics` shows: collectors registered by whoever owns the numbers (the HTTP server, the database
/// pool, the application), asked in registration order when the page is rendered. Nothing here is touched on the
/// request path: each owner keeps its own counters (per event loop, or atomics) and a collector reads them only
/// when the page is scraped.
public final class MetricsRegistry: Sendable {
    public typealias Collector = @Sendable (inout PrometheusText) -> Void

    private let collectors = LockedValue<[Collector]>([])

    public init() {}

    /// Adds `collector`; it writes whole families (`family` then its `sample`s) into the page.
    public func register(_ collector: @escaping Collector) {
        collectors.withLock { $0.append(collector) }
    }

    /// The whole page. Must not run on an event loop's queue (the server's collector waits for each loop).
    public func render() -> String {
        let all = collectors.withLock { $0 }
        var text = PrometheusText()
        for collector in all { collector(&text) }
        return text.output
    }
}

/// A counter any thread may bump: one relaxed atomic add.
public final class MetricCounter: Sendable {
    private let storage = Atomic<Int>(0)

    public init() {}

    public func increment(by amount: Int = 1) { storage.wrappingAdd(amount, ordering: .relaxed) }

    public var value: Int { storage.load(ordering: .relaxed) }
}

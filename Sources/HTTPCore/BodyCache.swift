import Synchronization

/// Encoded response bodies kept by key, bounded by their total size, least recently used first out. For large
/// documents whose ETag the server computes cheaply (a project's WBS or schedule): an unchanged document costs a
/// lookup instead of a query and an encoding, and its gzip variant (`GzipMiddleware` keys it by the response's
/// `cacheKey`) costs no compression.
///
/// ```swift
/// let cache = BodyCache(limitBytes: 64 << 20)
/// if let body = cache.get("wbs/7/W/\"L3f\"") { … } else { cache.put("wbs/7/W/\"L3f\"", body) }
/// ```
/// A key must name the exact bytes (it holds the ETag), so an entry is never stale, only unused.
public final class BodyCache: Sendable {
    /// A kept body and the headers that describe it (`Content-Type`, `Content-Disposition`).
    public struct Kept: Sendable {
        public var bytes: [UInt8]
        public var headers: HTTPHeaders
    }

    private struct Entry {
        var kept: Kept
        var used: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var total = 0
        var clock: UInt64 = 0
    }

    private let state = LockedValue(State())
    /// The most bytes kept; a body larger than a quarter of it is not kept at all (it would push out the rest).
    public let limitBytes: Int

    public init(limitBytes: Int) { self.limitBytes = limitBytes }

    public func get(_ key: String) -> Kept? {
        state.withLock { s in
            guard var entry = s.entries[key] else { return nil }
            s.clock += 1
            entry.used = s.clock
            s.entries[key] = entry
            return entry.kept
        }
    }

    public func put(_ key: String, _ bytes: [UInt8], headers: HTTPHeaders = HTTPHeaders()) {
        guard limitBytes > 0, bytes.count <= limitBytes / 4 else { return }
        state.withLock { s in
            s.clock += 1
            let entry = Entry(kept: Kept(bytes: bytes, headers: headers), used: s.clock)
            if let old = s.entries.updateValue(entry, forKey: key) { s.total -= old.kept.bytes.count }
            s.total += bytes.count
            while s.total > limitBytes, let victim = s.entries.min(by: { $0.value.used < $1.value.used }) {
                s.total -= victim.value.kept.bytes.count
                s.entries[victim.key] = nil
            }
        }
    }

    /// Bytes held now.
    public var totalBytes: Int { state.withLock { $0.total } }
}

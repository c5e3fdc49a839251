import Foundation
import HTTPCore
import Synchronization

/// Recent key lookups by hash, so that an authenticated request usually costs neither a database read nor a write.
///
/// Keys change rarely. An entry lives `timeToLive` seconds (a key revoked by another process, such as
/// `charter keys revoke`, stops working here within that time); creating or revoking a key through this process
/// invalidates at once. At most `capacity` entries are kept: when full, expired entries go first, then the oldest.
/// Unknown and revoked keys are cached too (as nil), so a client retrying a bad key does not hit the database.
final class APIKeyCache: Sendable {
    struct Entry {
        /// nil: no such key, or revoked.
        var principal: Principal?
        var fetchedAt: Date
        /// When `last_used_at` was last written (or read as written) for this key.
        var lastUsedAt: Date?
    }

    struct State {
        var entries: [String: Entry] = [:]
        /// Bumped by every invalidation; a lookup that started before one must not store its stale result.
        var generation: UInt64 = 0
    }

    let timeToLive: Double
    let capacity: Int
    /// `last_used_at` is written at most this often per key (seconds).
    let touchInterval: Double
    private let state = LockedValue(State())

    init(timeToLive: Double = 60, capacity: Int = 1024, touchInterval: Double = 60) {
        self.timeToLive = timeToLive
        self.capacity = max(1, capacity)
        self.touchInterval = touchInterval
    }

    /// The cached answer for `hash`: `.some(nil)` for a known-bad key, nil when the database must be asked.
    func lookup(_ hash: String, now: Date) -> Principal?? {
        state.withLock { state in
            guard let entry = state.entries[hash] else { return nil }
            if now.timeIntervalSince(entry.fetchedAt) >= timeToLive {
                state.entries[hash] = nil
                return nil
            }
            return .some(entry.principal)
        }
    }

    /// The generation to pass to `store` after reading the database.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Remembers a database answer, unless an invalidation happened since `generation` was read.
    func store(_ hash: String, _ entry: Entry, ifGeneration generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries[hash] == nil && state.entries.count >= capacity { evict(&state, now: entry.fetchedAt) }
            state.entries[hash] = entry
        }
    }

    /// Whether this request should write `last_used_at` (true at most once per `touchInterval` per key); when it
    /// says true it has already recorded `now` as the last write.
    func claimTouch(_ hash: String, now: Date) -> Bool {
        state.withLock { state in
            guard var entry = state.entries[hash], entry.principal != nil else { return false }
            if let last = entry.lastUsedAt, now.timeIntervalSince(last) < touchInterval { return false }
            entry.lastUsedAt = now
            state.entries[hash] = entry
            return true
        }
    }

    /// Forgets `hash` (a key created or revoked) and invalidates lookups in flight.
    func invalidate(_ hash: String) {
        state.withLock { state in
            state.entries[hash] = nil
            state.generation &+= 1
        }
    }

    var count: Int { state.withLock { $0.entries.count } }

    private func evict(_ state: inout State, now: Date) {
        let ttl = timeToLive
        state.entries = state.entries.filter { now.timeIntervalSince($0.value.fetchedAt) < ttl }
        while state.entries.count >= capacity,
            let oldest = state.entries.min(by: { $0.value.fetchedAt < $1.value.fetchedAt })?.key
        {
            state.entries[oldest] = nil
        }
    }
}

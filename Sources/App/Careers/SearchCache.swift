import Foundation
import HTTPCore
import Synchronization

/// Encoded search pages by normalised query, for the search box that calls `GET /api/v1/careers?q=` per keystroke:
/// the same few thousand prefixes arrive again and again, and the careers data changes only on import or an
/// admin's edit.
///
/// Validity: every entry belongs to one *stamp* of the careers data (occupation count, sum of versions, newest
/// `updated_at`; every change to what search reads bumps an occupation's version). The stamp is read again at most
/// once a second; when it changed, everything is dropped. Writes through this server call `clear()` at once, so
/// only an import by another process (the `charter import` command) can be seen late, by at most that second —
/// the same rule as the profile cache.
///
/// Bounded: at most `capacity` entries (dropped wholesale when full, like the profile cache: a page is cheap to
/// rebuild, and a wholesale drop needs no bookkeeping on the hot path) and only bodies up to 64 KiB.
/// `capacity` 0 turns the cache off (the `careerSearchCache` setting).
final class SearchCache: Sendable {
    struct Entry: Sendable {
        var body: [UInt8]
        var total: Int
    }

    static let largestBody = 64 * 1024

    private struct State {
        var entries: [String: Entry] = [:]
        var stamp: String?
        var checked = -Double.infinity
        /// Bumped by every drop, so that a page computed before a drop is not stored after it.
        var epoch = 0
    }

    let capacity: Int
    private let state = LockedValue(State())

    init(capacity: Int) { self.capacity = max(0, capacity) }

    var isEnabled: Bool { capacity > 0 }

    /// The cached page for `key`, or nil and the epoch to `put` the computed page under. `stamp` reads the data's
    /// current stamp; it is called only when the last check is older than a second.
    func get(_ key: String, now: Double, stamp: () throws -> String) throws -> (entry: Entry?, epoch: Int) {
        let stale = state.withLock { now - $0.checked > 1 }
        if stale {
            let current = try stamp()
            state.withLock { s in
                if s.stamp != current {
                    s.entries.removeAll()
                    s.stamp = current
                    s.epoch += 1
                }
                s.checked = now
            }
        }
        return state.withLock { ($0.entries[key], $0.epoch) }
    }

    /// Stores a page computed under `epoch`, unless something was dropped since.
    func put(_ key: String, _ entry: Entry, epoch: Int) {
        guard entry.body.count <= Self.largestBody else { return }
        state.withLock { s in
            guard s.epoch == epoch else { return }
            if s.entries.count >= capacity { s.entries.removeAll() }
            s.entries[key] = entry
        }
    }

    /// Forgets everything (after a write through this server) and reads the stamp again on the next search.
    func clear() {
        state.withLock { s in
            s.entries.removeAll()
            s.stamp = nil
            s.checked = -Double.infinity
            s.epoch += 1
        }
    }
}

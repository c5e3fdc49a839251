import Dispatch
import Foundation
import Logging
import Storage
import Synchronization

/// The change journal (`change_log`): how an entry's `changes` are stored, read back, pruned and compacted.
///
/// An `update` stores what changed, `{"field":{"from":old,"to":new}}`. A `create` stores the values written and a
/// `delete` the last values, `{"field":value}` without the from/to wrapper and without nulls (the side the wrapper
/// would add is always null), which makes a created row's entry about half as large. Older releases wrapped those
/// too; both read back the same way, and `charter journal compact` rewrites the old ones.
public enum Journal {
    /// The journal's own schema changes after the released ones.
    static let migrations = [
        Migration(
            version: 45,
            name: "the journal names records with a natural key (a career's code) by that key",
            sql: """
                ALTER TABLE change_log ADD COLUMN record_key TEXT;
                CREATE INDEX change_log_key ON change_log (collection, record_key, id) WHERE record_key IS NOT NULL;
                """
        )
    ]

    /// The stored text of an entry's changes: `changes` are (field, old, new), unchanged ones left out.
    static func encode(action: String, changes: [(String, JSONValue, JSONValue)]) -> String {
        var writer = JSONWriter(capacity: 256)
        writer.append(byte: 123)
        var first = true
        for (name, old, new) in changes.sorted(by: { $0.0 < $1.0 }) where old != new {
            if !first { writer.append(byte: 44) }
            first = false
            writer.writeString(name)
            switch action {
            case "create" where old == .null:
                writer.append(byte: 58)
                writer.write(new)
            case "delete" where new == .null:
                writer.append(byte: 58)
                writer.write(old)
            default:
                writer.append(raw: fromKey)
                writer.write(old)
                writer.append(raw: toKey)
                writer.write(new)
                writer.append(byte: 125)
            }
        }
        writer.append(byte: 125)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private static let fromKey = Array(":{\"from\":".utf8)
    private static let toKey = Array(",\"to\":".utf8)

    /// An entry's changes as the history endpoint answers them, `{"field":{"from":old,"to":new}}`, from either
    /// encoding. No field holds a JSON object, so a value that is one is the older, wrapped encoding.
    static func decode(action: String, stored: String) throws -> JSONValue {
        let parsed = try JSONParser.parse(Array(stored.utf8))
        guard action == "create" || action == "delete", case .object(var fields) = parsed else { return parsed }
        for (name, value) in fields {
            if case .object = value { continue }
            fields[name] =
                action == "create" ? .object(["from": .null, "to": value]) : .object(["from": value, "to": .null])
        }
        return .object(fields)
    }

    /// The cutoff of a retention of `days`, in the journal's own time format (text that sorts by time).
    static func cutoffSQL(days: Int) -> String {
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-\(days) days')"
    }

    /// Deletes the entries older than `days` days, `batchSize` at a time, each batch its own short write
    /// transaction: the entries to delete are found by a reader (which never holds up the writer), the writer only
    /// deletes them by id. `shouldStop` is asked between batches.
    /// - Returns: how many entries were deleted.
    @discardableResult
    public static func prune(
        _ pool: DatabasePool,
        olderThanDays days: Int,
        batchSize: Int = 500,
        pause: Double = 0.002,
        shouldStop: () -> Bool = { false }
    ) throws -> Int {
        precondition(days > 0 && batchSize > 0)
        let cutoff = try pool.read { db in try db.scalar(String.self, "SELECT " + cutoffSQL(days: days)) }
        var deleted = 0
        var after: Int64 = 0
        while !shouldStop() {
            // Entries are appended in time order, so the old ones are usually the first ids: the scan stops early.
            let ids = try pool.read { db in
                try db.query(
                    "SELECT id FROM change_log WHERE id > ? AND at < ? ORDER BY id LIMIT ?",
                    [after, cutoff, batchSize * 20]
                ).map { try $0.get(0, as: Int64.self) }
            }
            guard let last = ids.last else { break }
            after = last
            var start = 0
            while start < ids.count, !shouldStop() {
                let batch = ids[start..<min(ids.count, start + batchSize)]
                start += batchSize
                let list = "[" + batch.map(String.init).joined(separator: ",") + "]"
                deleted += try pool.write { db in
                    try db.execute(
                        "DELETE FROM change_log WHERE id IN (SELECT value FROM json_each(?)) AND at < ?",
                        [list, cutoff]
                    )
                    return db.changes
                }
                // Between batches the writer is free for the requests waiting for it.
                if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            }
        }
        return deleted
    }

    /// Rewrites `create` and `delete` entries stored in the older, wrapped encoding in the current one, `batchSize`
    /// entries a transaction.
    /// - Returns: the entries rewritten and the bytes of `changes` they saved.
    public static func reencode(_ pool: DatabasePool, batchSize: Int = 500) throws -> (entries: Int, bytes: Int) {
        var after: Int64 = 0
        var entries = 0
        var bytes = 0
        while true {
            let (last, rewritten, saved) = try pool.write { db -> (Int64?, Int, Int) in
                var last: Int64?
                var rewrites: [(Int64, String, Int)] = []
                try db.forEach(
                    "SELECT id, action, changes FROM change_log WHERE id > ? AND action IN ('create', 'delete') ORDER BY id LIMIT ?",
                    [after, batchSize]
                ) { row in
                    let id = try row.get(0, as: Int64.self)
                    last = id
                    let stored = try row.get(2, as: String.self)
                    guard stored.contains("{\"from\":") else { return }
                    let action = try row.get(1, as: String.self)
                    guard case .object(let fields) = try decode(action: action, stored: stored) else { return }
                    let changes = fields.map { name, change -> (String, JSONValue, JSONValue) in
                        guard case .object(let c) = change else { return (name, .null, change) }
                        return (name, c["from"] ?? .null, c["to"] ?? .null)
                    }
                    let compact = encode(action: action, changes: changes)
                    if compact.utf8.count < stored.utf8.count {
                        rewrites.append((id, compact, stored.utf8.count - compact.utf8.count))
                    }
                }
                for (id, compact, _) in rewrites {
                    try db.execute("UPDATE change_log SET changes = ? WHERE id = ?", [compact, id])
                }
                return (last, rewrites.count, rewrites.reduce(0) { $0 + $1.2 })
            }
            entries += rewritten
            bytes += saved
            guard let last else { break }
            after = last
        }
        return (entries, bytes)
    }
}

/// Prunes the journal in the background while the server runs: a second after start, then every `interval`
/// seconds, entries older than the retention are deleted in small batches (`Journal.prune`), so a request that
/// writes waits at most for one batch.
public final class JournalPruner: @unchecked Sendable {
    // @unchecked Sendable: `timer` is only resumed and cancelled under `lock` (`started`, `stopped` guard it so it
    // is resumed once and never released while suspended); `stopping` is atomic.
    private let timer: any DispatchSourceTimer
    private let queue = DispatchQueue(label: "charter.journal-pruner", qos: .utility)
    private let lock = NSLock()
    private var started = false
    private var stopped = false
    private let stopping = StopFlag()

    final class StopFlag: Sendable {
        let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .relaxed) }
    }

    /// - Parameters:
    ///   - retentionDays: entries older than this many days are deleted (must be positive).
    ///   - initialDelay: seconds from `start()` to the first run.
    ///   - interval: seconds between runs.
    public init(
        database: DatabasePool,
        retentionDays: Int,
        logger: Logger,
        initialDelay: Double = 1,
        interval: Double = 3600
    ) {
        precondition(retentionDays > 0)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + initialDelay, repeating: interval, leeway: .seconds(1))
        let stopping = self.stopping
        timer.setEventHandler {
            do {
                let started = Date()
                let deleted = try Journal.prune(database, olderThanDays: retentionDays) { stopping.isSet }
                if deleted > 0 {
                    let ms = Int(Date().timeIntervalSince(started) * 1000)
                    logger.info("journal: deleted \(deleted) entries older than \(retentionDays) days in \(ms) ms")
                }
            } catch {
                if !stopping.isSet { logger.error("journal: pruning failed: \(error)") }
            }
        }
    }

    /// Starts the timer (once).
    public func start() {
        lock.withLock {
            guard !started, !stopped else { return }
            started = true
            timer.resume()
        }
    }

    /// Stops the timer and waits for a running prune to finish its batch.
    public func stop() {
        stopping.value.store(true, ordering: .relaxed)
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            timer.cancel()
            if !started { timer.resume() }  // a suspended source must not be released
        }
        queue.sync {}
    }

    deinit { stop() }
}

extension Journal {
    /// What `charter journal compact` did.
    public struct CompactionReport: Sendable {
        public var pruned = 0
        public var cutoff: String?
        public var reencoded = 0
        public var bytesSaved = 0
        public var entries = 0
        public var changeBytes = 0
        public var pageCount = 0
        public var freePages = 0
        public var pageSize = 0
        public var vacuumed = false

        public var lines: [String] {
            var lines: [String] = []
            if let cutoff {
                lines.append("deleted \(pruned) journal entries older than \(cutoff)")
            } else {
                lines.append("kept every journal entry (no --older-than, journalRetentionDays 0)")
            }
            lines.append(
                "rewrote \(reencoded) create/delete entries in the compact encoding, \(bytesSaved) bytes smaller"
            )
            lines.append("journal: \(entries) entries, \(changeBytes) bytes of changes")
            let size = pageCount * pageSize
            let free = freePages * pageSize
            lines.append(
                "database: \(size) bytes, \(free) of them free pages"
                    + (vacuumed || free == 0
                        ? "" : " (reused by later writes; --vacuum returns them to the file system)")
            )
            return lines
        }
    }

    /// Prunes entries older than `days` (none when 0), rewrites old-encoding create/delete entries, then
    /// optionally `VACUUM`s. Every step runs in short transactions, so a server may keep serving meanwhile (except
    /// during `VACUUM`, which holds the writer while it copies the database).
    public static func compact(_ pool: DatabasePool, olderThanDays days: Int, vacuum: Bool) throws -> CompactionReport {
        var report = CompactionReport()
        if days > 0 {
            report.cutoff = try pool.read { db in try db.scalar(String.self, "SELECT " + cutoffSQL(days: days)) }
            report.pruned = try prune(pool, olderThanDays: days, pause: 0)
        }
        (report.reencoded, report.bytesSaved) = try reencode(pool)
        if vacuum {
            try pool.writeWithoutTransaction { db in try db.execute("VACUUM") }
            report.vacuumed = true
        }
        try pool.read { db in
            report.entries = try db.scalar(Int.self, "SELECT count(*) FROM change_log")
            report.changeBytes = try db.scalar(Int.self, "SELECT coalesce(sum(length(changes)), 0) FROM change_log")
            report.pageCount = try db.scalar(Int.self, "PRAGMA page_count")
            report.freePages = try db.scalar(Int.self, "PRAGMA freelist_count")
            report.pageSize = try db.scalar(Int.self, "PRAGMA page_size")
        }
        return report
    }
}

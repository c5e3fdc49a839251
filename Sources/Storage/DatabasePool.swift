import Dispatch
import Foundation
import Synchronization

/// One writer connection and a few read-only reader connections to a WAL database, shared by any number of
/// threads through blocking, synchronous calls.
///
/// `write` runs on the single writer, one call at a time, inside an `IMMEDIATE` transaction. `read` takes a free
/// reader (waiting only for another *read* when all are busy) and runs inside a deferred transaction, so it sees
/// one committed snapshot from its first read to its end. In WAL mode readers never wait for the writer, and the
/// writer never waits for readers.
///
/// ```swift
/// let pool = try DatabasePool(path: "/data/charter.sqlite")
/// try Migrator(AppSchema.migrations).migrate(pool)
/// let id = try pool.write { db in
///     try db.execute("INSERT INTO projects(name) VALUES (?)", [name])
///     return db.lastInsertRowID
/// }
/// let names = try pool.read { db in
///     try db.query("SELECT name FROM projects ORDER BY name").map { try $0.get(0, as: String.self) }
/// }
/// ```
///
/// On the thread that holds the writer, both calls are re-entrant: a `write` inside a `write` runs in a savepoint
/// of the outer transaction (its throw undoes only its own work; the outer one decides what commits), and a `read`
/// inside a `write` reads through the writer, so it sees the outer transaction's uncommitted changes. A batch of
/// requests uses this to run each operation's own handler inside one transaction. `read` inside `read` with every
/// reader taken still deadlocks.
public final class DatabasePool: @unchecked Sendable {
    // @unchecked Sendable. Invariants:
    // - `writer` is touched only while `writerLock` is held.
    // - `readers[i]` is touched only by the thread that removed `i` from `state.freeReaders` (under `stateLock`),
    //   until it puts `i` back; `readerSlots` counts the free indices, so a waiting thread sleeps on it.
    // - `state` is read and written only under `stateLock`. `readers` and `configuration` never change.
    private let writer: Database
    private let writerLock = NSLock()
    private let readers: [Database]
    private let readerSlots: DispatchSemaphore
    private let stateLock = NSLock()
    private var state = State()
    /// The thread holding `writerLock` (`pthread_self()`), 0 when none: how a nested call recognises its own
    /// writer. Only the holder stores its id, and a thread compares it only with its own id, so a stale read by
    /// another thread can never match.
    private let writerOwner = Atomic<UInt>(0)
    /// Times a read or write found every connection of its kind busy and had to wait, and the nanoseconds it
    /// waited (for `statistics`); touched only on that slow path.
    private let readerWaits = Atomic<Int>(0)
    private let readerWaitNanos = Atomic<Int>(0)
    private let writerWaits = Atomic<Int>(0)
    private let writerWaitNanos = Atomic<Int>(0)

    private struct State {
        var freeReaders: [Int] = []
        var isClosed = false
    }

    /// The file path.
    public let path: String
    /// The settings the pool was opened with.
    public let configuration: Configuration

    /// Opens (creating when missing) the database: the writer first, which switches the file to WAL, then
    /// `configuration.readerCount` read-only readers.
    /// - Throws: `SQLiteError` when a connection cannot be opened or configured.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        precondition(configuration.readerCount > 0, "a DatabasePool needs at least one reader")
        self.path = path
        self.configuration = configuration
        writer = try Database(path: path, configuration: configuration.connection)
        var readerConfiguration = configuration.connection
        readerConfiguration.mode = .readOnly
        readers = try (0..<configuration.readerCount).map { _ in
            try Database(path: path, configuration: readerConfiguration)
        }
        readerSlots = DispatchSemaphore(value: configuration.readerCount)
        state.freeReaders = Array(readers.indices)
    }

    deinit { close() }

    /// Runs `body` on the writer inside an `IMMEDIATE` transaction, waiting for earlier writes to finish first.
    /// Commits when `body` returns, rolls back when it throws.
    ///
    /// Under a `DatabaseDeadline.current`, a write that would start after the deadline does not start, a statement
    /// running at the deadline is interrupted, and the deadline's `beginCommit` is asked before the commit: every
    /// one of these rolls the whole transaction back and throws `SQLITE_INTERRUPT`.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, `SQLiteError` (`isBusy` when another process holds the lock past the busy
    ///   timeout; `isInterrupted` past the deadline), or `SQLITE_MISUSE` after `close()`.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        // Nested in a write on this thread: a savepoint of the outer transaction, whose deadline and commit govern.
        if isWriterThread { return try writer.transaction(.immediate, body) }
        guard let deadline = DatabaseDeadline.current else {
            return try writeWithoutTransaction { db in try db.transaction(.immediate, body) }
        }
        return try writeWithoutTransaction { db in
            try db.withDeadline(deadline) {
                try db.transaction(.immediate) { db in
                    let result = try body(db)
                    try db.runBeforeCommit()  // still under the deadline: part of the write
                    guard deadline.beginCommit() else { throw DatabaseDeadline.interrupted("not committed") }
                    db.clearDeadline()  // committing now: it must not be cut half-way
                    return result
                }
            }
        }
    }

    /// Runs `body` on the writer with no transaction around it, waiting for earlier writes to finish first.
    /// For work that manages its own transactions, such as `Migrator`, or that cannot run in one (`VACUUM`).
    /// - Throws: What `body` throws, or `SQLITE_MISUSE` after `close()`.
    public func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        let me = Self.currentThread
        if writerOwner.load(ordering: .relaxed) == me { return try body(writer) }
        if !writerLock.try() {
            let start = DispatchTime.now().uptimeNanoseconds
            writerLock.lock()
            writerWaits.wrappingAdd(1, ordering: .relaxed)
            writerWaitNanos.wrappingAdd(Int(DispatchTime.now().uptimeNanoseconds - start), ordering: .relaxed)
        }
        writerOwner.store(me, ordering: .relaxed)
        defer {
            writerOwner.store(0, ordering: .relaxed)
            writerLock.unlock()
        }
        try checkOpen()
        return try body(writer)
    }

    private static var currentThread: UInt { UInt(pthread_self()) }

    /// Whether the calling thread holds the writer (is inside `write` or `writeWithoutTransaction`).
    public var isWriterThread: Bool {
        writerOwner.load(ordering: .relaxed) == Self.currentThread
    }

    /// Runs `body` on a reader inside a deferred transaction, so every query in it sees the same committed state.
    /// Waits only when all readers are busy with other reads, never for the writer. Under a
    /// `DatabaseDeadline.current`, a statement running at the deadline is interrupted (`SQLITE_INTERRUPT`).
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws; `SQLiteError` (writing through a reader fails with `SQLITE_READONLY`);
    ///   `SQLITE_MISUSE` after `close()`.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        // Inside a write on this thread: read through the writer (its deadline is already the write's).
        if isWriterThread { return try writer.savepoint(body) }
        let deadline = DatabaseDeadline.current
        return try withReader { db in try db.withDeadline(deadline) { try db.transaction(.deferred, body) } }
    }

    /// Like `read`, but only when a reader is free at once: nil instead of waiting (for callers that must not
    /// block, such as a health probe on an event loop).
    public func readIfFree<T>(_ body: (Database) throws -> T) throws -> T? {
        guard readerSlots.wait(timeout: .now()) == .success else { return nil }
        return try withTakenSlot { db in try db.transaction(.deferred, body) }
    }

    private func withReader<T>(_ body: (Database) throws -> T) throws -> T {
        if readerSlots.wait(timeout: .now()) != .success {
            let start = DispatchTime.now().uptimeNanoseconds
            readerSlots.wait()
            readerWaits.wrappingAdd(1, ordering: .relaxed)
            readerWaitNanos.wrappingAdd(Int(DispatchTime.now().uptimeNanoseconds - start), ordering: .relaxed)
        }
        return try withTakenSlot(body)
    }

    /// Runs `body` on a free reader; the caller has taken a slot of `readerSlots`, given back here.
    private func withTakenSlot<T>(_ body: (Database) throws -> T) throws -> T {
        defer { readerSlots.signal() }
        let index = try stateLock.withLock {
            guard !state.isClosed else { throw SQLiteError.misuse("database pool \(path) is closed") }
            return state.freeReaders.removeLast()
        }
        defer { stateLock.withLock { state.freeReaders.append(index) } }
        return try body(readers[index])
    }

    /// How often callers waited for a connection, and the statement caches' hits and misses, since opening.
    public struct Statistics: Sendable, Equatable {
        public var readerWaits = 0
        public var readerWaitSeconds = 0.0
        public var writerWaits = 0
        public var writerWaitSeconds = 0.0
        public var statementCacheHits = 0
        public var statementCacheMisses = 0
    }

    /// The counters so far; any thread, without waiting for a connection.
    public var statistics: Statistics {
        var s = Statistics()
        s.readerWaits = readerWaits.load(ordering: .relaxed)
        s.readerWaitSeconds = Double(readerWaitNanos.load(ordering: .relaxed)) / 1e9
        s.writerWaits = writerWaits.load(ordering: .relaxed)
        s.writerWaitSeconds = Double(writerWaitNanos.load(ordering: .relaxed)) / 1e9
        for db in [writer] + readers {
            s.statementCacheHits += db.statementCacheHits
            s.statementCacheMisses += db.statementCacheMisses
        }
        return s
    }

    private func checkOpen() throws {
        let isClosed = stateLock.withLock { state.isClosed }
        if isClosed { throw SQLiteError.misuse("database pool \(path) is closed") }
    }

    /// Waits for running reads and writes to finish, then closes every connection. Later calls throw
    /// `SQLITE_MISUSE`. Closing twice does nothing.
    public func close() {
        writerLock.lock()
        defer { writerLock.unlock() }
        let wasClosed = stateLock.withLock {
            defer { state.isClosed = true }
            return state.isClosed
        }
        guard !wasClosed else { return }
        // Take every reader slot: once all are ours, no read is running and none can start.
        for _ in readers { readerSlots.wait() }
        for reader in readers { reader.close() }
        writer.close()
        for _ in readers { readerSlots.signal() }
    }
}

import Dispatch
import Foundation

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
/// Neither call is re-entrant: calling `write` inside `write` (or `read` inside `read` with every reader taken)
/// on the same thread deadlocks. Nest work with `Database.savepoint` on the `db` you were given instead.
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
        guard let deadline = DatabaseDeadline.current else {
            return try writeWithoutTransaction { db in try db.transaction(.immediate, body) }
        }
        return try writeWithoutTransaction { db in
            try db.withDeadline(deadline) {
                try db.transaction(.immediate) { db in
                    let result = try body(db)
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
        writerLock.lock()
        defer { writerLock.unlock() }
        try checkOpen()
        return try body(writer)
    }

    /// Runs `body` on a reader inside a deferred transaction, so every query in it sees the same committed state.
    /// Waits only when all readers are busy with other reads, never for the writer. Under a
    /// `DatabaseDeadline.current`, a statement running at the deadline is interrupted (`SQLITE_INTERRUPT`).
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws; `SQLiteError` (writing through a reader fails with `SQLITE_READONLY`);
    ///   `SQLITE_MISUSE` after `close()`.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
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
        readerSlots.wait()
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

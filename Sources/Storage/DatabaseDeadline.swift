import CSQLite

#if canImport(Glibc)
import Glibc
#endif

/// A deadline for the database work of the current thread (a task-local value, so it needs no parameter through
/// the code between the HTTP request and the `DatabasePool` call).
///
/// Under a deadline, `DatabasePool.read` and `write` refuse to start once it has passed, and a statement still
/// running at the deadline is interrupted (`SQLITE_INTERRUPT`, by a progress handler on its connection), so a
/// write transaction rolls back. Right before a write commits, `beginCommit` is asked: false rolls back too (the
/// request was already answered 503); true means the commit goes ahead whatever the clock says.
///
/// ```swift
/// let deadline = DatabaseDeadline(monotonicNanoseconds: due, beginCommit: { claim() })
/// try DatabaseDeadline.$current.withValue(deadline) {
///     try pool.write { db in try db.execute("UPDATE …") }   // interrupted and rolled back if past `due`
/// }
/// ```
public struct DatabaseDeadline: Sendable {
    /// The deadline on `CLOCK_MONOTONIC`, in nanoseconds.
    public var monotonicNanoseconds: UInt64
    /// Asked right before a write transaction commits; false rolls it back instead.
    public var beginCommit: @Sendable () -> Bool

    public init(monotonicNanoseconds: UInt64, beginCommit: @escaping @Sendable () -> Bool = { true }) {
        self.monotonicNanoseconds = max(1, monotonicNanoseconds)
        self.beginCommit = beginCommit
    }

    /// The deadline of the database work on this thread, if any.
    @TaskLocal public static var current: DatabaseDeadline?

    /// `CLOCK_MONOTONIC` now, in nanoseconds.
    public static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    var hasPassed: Bool { Self.now() >= monotonicNanoseconds }

    /// The error of work cut by its deadline; its code is `SQLITE_INTERRUPT`, like a statement's.
    static func interrupted(_ what: String) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_INTERRUPT, message: "\(what): the request's deadline passed")
    }
}

extension Database {
    /// Runs `body` with `deadline` armed on this connection (nil: none), disarmed afterwards.
    func withDeadline<T>(_ deadline: DatabaseDeadline?, _ body: () throws -> T) throws -> T {
        guard let deadline else { return try body() }
        if deadline.hasPassed { throw DatabaseDeadline.interrupted("not started") }
        let handle = try handle()
        charter_sqlite_set_deadline(handle, deadline.monotonicNanoseconds)
        defer { charter_sqlite_set_deadline(handle, 0) }
        return try body()
    }

    /// Disarms the deadline (before a commit that may no longer be cut).
    func clearDeadline() {
        if let handle = try? handle() { charter_sqlite_set_deadline(handle, 0) }
    }
}

extension SQLiteError {
    /// The statement was interrupted (`SQLITE_INTERRUPT`): by its request's deadline, in this app.
    public var isInterrupted: Bool { code == SQLITE_INTERRUPT }
}

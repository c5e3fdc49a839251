import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Database {
    /// Copies the database, as of one committed moment, to a new file with SQLite's online backup API.
    ///
    /// The copy reads one snapshot (a read transaction held for the whole copy), so writes on other connections
    /// continue meanwhile and are not in the copy, and the backup never restarts. Pages are copied
    /// `pagesPerStep` at a time; on `SQLITE_BUSY`/`SQLITE_LOCKED` it sleeps `busyRetryDelay` and retries.
    /// The copy is written to `path + ".partial"` and renamed over `path` when complete, so `path` never holds
    /// half a backup. Any `-wal`/`-shm` file left beside `path` is removed first.
    ///
    /// With a `DatabasePool`, call `pool.backup(to:)`, which runs this on a reader.
    /// - Parameters:
    ///   - path: The destination file; replaced if it exists. Nothing may have it open.
    ///   - pagesPerStep: Pages per `sqlite3_backup_step` (default 1024, 4 MiB with 4 KiB pages).
    ///   - busyRetryDelay: The pause before retrying a busy step.
    /// - Throws: `SQLiteError` from SQLite, or with `SQLITE_IOERR` when the rename fails.
    public func backup(
        to path: String,
        pagesPerStep: Int32 = 1024,
        busyRetryDelay: Duration = .milliseconds(5)
    )
        throws
    {
        let source = try handle()
        let partial = path + ".partial"
        unlink(partial)
        var destination: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let openCode = sqlite3_open_v2(partial, &destination, flags, nil)
        defer { sqlite3_close_v2(destination) }
        guard openCode == SQLITE_OK, let destination else {
            throw SQLiteError(handle: destination, resultCode: openCode, sql: nil)
        }
        if isInTransaction {
            try copy(from: source, to: destination, pagesPerStep: pagesPerStep, busyRetryDelay: busyRetryDelay)
        } else {
            try transaction(.deferred) { _ in
                try copy(from: source, to: destination, pagesPerStep: pagesPerStep, busyRetryDelay: busyRetryDelay)
            }
        }
        guard sqlite3_close_v2(destination) == SQLITE_OK else {
            throw SQLiteError(handle: destination, resultCode: sqlite3_errcode(destination))
        }
        for suffix in ["-wal", "-shm", "-journal"] { unlink(path + suffix) }
        guard rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw SQLiteError(extendedCode: SQLITE_IOERR, message: "cannot rename backup to \(path): \(reason)")
        }
    }

    /// Starts the read snapshot on `source`, then copies every page of it to `destination`.
    private func copy(
        from source: OpaquePointer,
        to destination: OpaquePointer,
        pagesPerStep: Int32,
        busyRetryDelay: Duration
    ) throws {
        // BEGIN DEFERRED takes no snapshot by itself: read once so the backup steps all see the same one.
        _ = try scalar(Int.self, "SELECT count(*) FROM sqlite_schema")
        guard let backup = sqlite3_backup_init(destination, "main", source, "main") else {
            throw SQLiteError(handle: destination, resultCode: sqlite3_errcode(destination))
        }
        var code: Int32
        repeat {
            code = sqlite3_backup_step(backup, pagesPerStep)
            if code == SQLITE_BUSY || code == SQLITE_LOCKED {
                let (seconds, attoseconds) = busyRetryDelay.components
                usleep(UInt32(clamping: seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
            }
        } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
        let finishCode = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE else { throw SQLiteError(handle: destination, resultCode: code) }
        guard finishCode == SQLITE_OK else { throw SQLiteError(handle: destination, resultCode: finishCode) }
    }
}

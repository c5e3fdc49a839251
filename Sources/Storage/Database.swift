import CSQLite
import Synchronization

/// One SQLite connection.
///
/// Opening sets the connection up the same way every time: `SQLITE_OPEN_NOMUTEX` (the caller serializes access),
/// extended result codes, `busy_timeout`, `journal_mode=WAL` (checked), `synchronous` from `Durability`, and
/// `foreign_keys=ON`. A `Database` is not `Sendable`: use it from one thread at a time, normally through
/// `DatabasePool`, which owns its connections and serializes them.
///
/// ```swift
/// let db = try Database(path: path)
/// try db.execute("CREATE TABLE IF NOT EXISTS notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT")
/// try db.execute("INSERT INTO notes(body) VALUES (?)", ["hello"])
/// let count = try db.scalar(Int.self, "SELECT count(*) FROM notes")
/// ```
public final class Database {
    /// The path given to `init` (`:memory:` for an in-memory database).
    public let path: String
    /// The settings the connection was opened with.
    public let configuration: Configuration
    private let connection: OpaquePointer
    private var isClosed = false
    /// Prepared statements by SQL text; see `cachedStatement(_:)`.
    var statementCache: [String: Statement] = [:]
    /// `cachedStatement` lookups that found, or did not find, a prepared statement; atomics so that
    /// `DatabasePool.statistics` may read them while another thread uses the connection.
    let cacheHits = Atomic<Int>(0)
    let cacheMisses = Atomic<Int>(0)
    /// The depth of `savepoint` calls, which names the next savepoint.
    var savepointDepth = 0
    /// Work to run once before the open transaction commits, by key (see `beforeCommit(_:_:)`).
    var pendingBeforeCommit: [(key: String, action: (Database) throws -> Void)] = []

    /// Process-wide SQLite settings, applied once before the first connection: memory statistics off (Charter
    /// never reads `sqlite3_memory_used`, and keeping them takes a global mutex on every allocation).
    private static let processSetUp: Void = {
        _ = charter_sqlite_config_memstatus(0)
        _ = sqlite3_initialize()
    }()

    /// Opens (or creates) a database file and configures the connection.
    /// - Parameters:
    ///   - path: A file path, or `:memory:`.
    ///   - configuration: Open mode, durability, busy timeout; the defaults suit the app.
    /// - Throws: `SQLiteError` when the file cannot be opened, or when WAL mode cannot be set
    ///   (`SQLITE_CANTOPEN`-like errors, or `SQLITE_ERROR` with a message saying which journal mode was found).
    public init(path: String, configuration: Configuration = Configuration()) throws {
        _ = Self.processSetUp
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch configuration.mode {
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let error = SQLiteError(handle: handle, resultCode: code)
            sqlite3_close_v2(handle)
            throw SQLiteError(extendedCode: error.extendedCode, message: "cannot open \(path): \(error.message)")
        }
        self.connection = handle
        self.path = path
        self.configuration = configuration
        do {
            try setUp()
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    private func setUp() throws {
        sqlite3_extended_result_codes(connection, 1)
        let milliseconds =
            configuration.busyTimeout.components.seconds * 1000
            + configuration.busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(connection, Int32(clamping: milliseconds))
        let isMemory = path == ":memory:" || path.isEmpty
        let journal: String
        if configuration.mode == .readOnly {
            journal = try scalar(String.self, "PRAGMA journal_mode")
        } else {
            journal = try scalar(String.self, "PRAGMA journal_mode=WAL")
        }
        guard journal.lowercased() == "wal" || (isMemory && journal.lowercased() == "memory") else {
            throw SQLiteError(extendedCode: SQLITE_ERROR, message: "journal_mode is \(journal), expected wal")
        }
        try execute("PRAGMA synchronous=\(configuration.durability.pragmaValue)")
        try execute("PRAGMA foreign_keys=\(configuration.foreignKeys ? "ON" : "OFF")")
        try execute("PRAGMA wal_autocheckpoint=\(max(0, configuration.walAutocheckpointPages))")
        if configuration.mode == .readOnly { try execute("PRAGMA query_only=ON") }
    }

    /// Finalizes the cached statements and closes the connection. Later calls throw `SQLITE_MISUSE`.
    /// Closing twice does nothing. Statements you prepared yourself keep the connection's memory
    /// until they are released (`sqlite3_close_v2`).
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        statementCache.removeAll()
        sqlite3_close_v2(connection)
    }

    /// The open `sqlite3*`, or `SQLITE_MISUSE` after `close()`.
    func handle() throws -> OpaquePointer {
        guard !isClosed else { throw SQLiteError.misuse("database \(path) is closed") }
        return connection
    }

    /// Whether a transaction is open (`sqlite3_get_autocommit` is 0).
    public var isInTransaction: Bool { !isClosed && sqlite3_get_autocommit(connection) == 0 }

    /// The rowid of the most recent successful `INSERT` on this connection.
    public var lastInsertRowID: Int64 { isClosed ? 0 : sqlite3_last_insert_rowid(connection) }

    /// The number of rows changed by the most recent `INSERT`, `UPDATE` or `DELETE`.
    public var changes: Int { isClosed ? 0 : Int(sqlite3_changes64(connection)) }

    /// The number of rows changed since the connection opened.
    public var totalChanges: Int { isClosed ? 0 : Int(sqlite3_total_changes64(connection)) }
}

/// A connection is used by one thread at a time; `DatabasePool` is the `Sendable` way to share one.
@available(*, unavailable)
extension Database: Sendable {}

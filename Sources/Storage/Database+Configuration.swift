extension Database {
    /// How a connection is opened and set up.
    ///
    /// ```swift
    /// var configuration = Database.Configuration()
    /// configuration.durability = .full
    /// configuration.busyTimeout = .seconds(2)
    /// let db = try Database(path: "/data/charter.sqlite", configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// Whether the file is opened for writing, and created when missing. Default `.readWriteCreate`.
        public var mode: OpenMode = .readWriteCreate
        /// How hard each commit is pushed to disk. Default `.normal`.
        public var durability: Durability = .normal
        /// How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`.
        /// Default 5 seconds.
        public var busyTimeout: Duration = .milliseconds(5000)
        /// Whether `FOREIGN KEY` clauses are enforced (`PRAGMA foreign_keys`). Default `true`.
        public var foreignKeys = true
        /// How many prepared statements `cachedStatement(_:)` keeps; past that the cache is emptied and
        /// refilled. Default 256, far more than an app's fixed set of SQL texts.
        public var statementCacheCapacity = 256
        /// WAL pages after which a commit also checkpoints (`PRAGMA wal_autocheckpoint`). Default 4000 (16 MiB
        /// of WAL at 4 KiB pages) instead of SQLite's 1000: the pages a burst of small writes keeps touching (the
        /// table's last leaf, its indexes, FTS structure) are copied to the database once per checkpoint, so fewer
        /// checkpoints copy fewer pages per commit; work-package POSTs ran 4-5% faster in alternating A/B runs.
        public var walAutocheckpointPages = 4000

        /// The defaults described on each property.
        public init() {}
    }

    /// How a database file is opened.
    public enum OpenMode: Sendable {
        /// Read and write; create the file when it does not exist.
        case readWriteCreate
        /// Read and write an existing file.
        case readWrite
        /// Read only (`SQLITE_OPEN_READONLY`); the file must exist and already be in WAL mode
        /// (a reader cannot switch the journal mode).
        case readOnly
    }

    /// The `PRAGMA synchronous` level, chosen per deployment.
    ///
    /// Both keep the database consistent after a crash of the process or the machine (WAL mode).
    /// They differ in what a power loss or kernel crash can take back:
    public enum Durability: Sendable {
        /// `synchronous=NORMAL` (1): the WAL is synced at checkpoints, not at each commit. A commit survives
        /// the process being killed, but the last transactions before a power loss may roll back.
        /// Commits cost no `fsync`, so this is several times faster for small write transactions.
        case normal
        /// `synchronous=FULL` (2): the WAL is synced at every commit, so a commit that returned survives a
        /// power loss too, at the cost of one `fsync` per write transaction.
        case full

        /// The value `PRAGMA synchronous` reads back.
        public var pragmaValue: Int {
            switch self {
            case .normal: 1
            case .full: 2
            }
        }
    }
}

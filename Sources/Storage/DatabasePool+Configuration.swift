extension DatabasePool {
    /// How a pool opens its connections.
    ///
    /// ```swift
    /// var configuration = DatabasePool.Configuration()
    /// configuration.readerCount = 8
    /// configuration.connection.durability = .full
    /// let pool = try DatabasePool(path: path, configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// The number of read-only connections, which is how many reads run at once. Default 4.
        public var readerCount = 4
        /// The settings of every connection (durability, busy timeout, foreign keys, statement cache).
        /// The writer uses `connection.mode` (default `.readWriteCreate`); readers always open read-only.
        public var connection = Database.Configuration()

        /// The defaults described on each property.
        public init() {}
    }
}

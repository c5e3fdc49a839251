import Foundation
import HTTPCore
import Logging
import Storage

/// The running service: configuration, responder and HTTP server together. The `charter serve` command and the
/// end-to-end tests both start Charter through this type, so the tests exercise exactly what ships.
public final class CharterService: Sendable {
    public let configuration: AppConfiguration
    public let server: HTTPServer
    public let database: DatabasePool
    /// The API keys, with the lookup cache the server uses (create or revoke through it to take effect at once).
    public let keys: APIKeyStore
    /// Deletes journal entries older than `journalRetentionDays` in the background; nil when they are kept forever.
    let journalPruner: JournalPruner?
    /// What `GET /metrics` shows.
    public let metrics: MetricsRegistry
    /// The `metricsListen` listener (nil when not configured).
    public let metricsServer: HTTPServer?
    /// Delivers the webhook outbox in the background (nil when `webhookDelivery` is off).
    let webhookDispatcher: WebhookDispatcher?

    /// Opens and migrates the database and prepares the server; nothing listens until `start()`.
    /// A new database (no occupations yet) gets the embedded career data (`CareerSeed`) right after migrating.
    /// - Throws: `ConfigurationError`, `SQLiteError`, `MigrationError` (a database newer than this binary), or
    ///   `CareerImportError` (the embedded data failed to load; nothing was written).
    public init(configuration: AppConfiguration, logger: Logger) throws {
        var configuration = configuration
        configuration.server.serverName = "Charter/\(CharterVersion.current)"
        configuration.server.structuredAccessLog = configuration.logFormat == .json
        let database = try configuration.openDatabase()
        // As many handlers at once as the database has connections to serve them: more would only queue inside
        // the pool for a reader or the writer, fewer would leave one idle.
        configuration.server.workers =
            configuration.workers > 0 ? configuration.workers : database.configuration.readerCount + 1
        self.configuration = configuration
        self.database = database
        let applied = try AppSchema.migrator.migrate(database)
        for migration in applied { logger.info("migrated database to version \(migration.version): \(migration.name)") }
        // The stored schedule starts empty: fill it once, when its migration has just run.
        if applied.contains(where: { $0.version == ScheduleStore.migrations[0].version }) {
            try database.write { db in try ScheduleStore.refreshAll(db) }
        }
        for report in try CareerSeed.seedIfEmpty(database) {
            logger.info("loaded the embedded career data: \(report.lines.joined(separator: "; "))")
        }
        keys = APIKeyStore(database: database)
        let metrics = MetricsRegistry()
        self.metrics = metrics
        let responder = Application.makeResponder(
            configuration: configuration,
            database: database,
            logger: logger,
            keys: keys,
            metrics: metrics
        )
        server = HTTPServer(configuration: configuration.server, responder: responder, logger: logger, metrics: metrics)
        metricsServer = try MetricsListener.makeServer(configuration: configuration, registry: metrics, logger: logger)
        journalPruner =
            configuration.journalRetentionDays > 0
            ? JournalPruner(database: database, retentionDays: configuration.journalRetentionDays, logger: logger)
            : nil
        try WebhookOutbox.refresh(database)
        webhookDispatcher =
            configuration.webhookDelivery
            ? WebhookDispatcher(
                database: database,
                backoffBase: configuration.webhookBackoffBase,
                maxAge: Double(configuration.webhookMaxAgeSeconds),
                logger: logger
            ) : nil
    }

    /// Binds and starts serving.
    /// - Throws: `SocketError` when the address is taken or invalid.
    public func start() throws {
        try server.start()
        do {
            try metricsServer?.start()
        } catch {
            server.shutdown()
            throw error
        }
        journalPruner?.start()
        webhookDispatcher?.start()
    }

    /// The port actually bound.
    public var port: Int { server.port }

    /// Graceful shutdown; returns when every connection is closed.
    public func shutdown() {
        server.shutdown()
        metricsServer?.shutdown()
        journalPruner?.stop()
        webhookDispatcher?.stop()
        database.close()
    }
}

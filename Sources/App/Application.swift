import Foundation
import HTTPCore
import Logging
import Storage

/// Builds Charter's responder: middleware around the router, static files as the fallback.
public enum Application {
    /// The application's routes and middleware, frozen.
    /// - Parameters:
    ///   - configuration: the loaded configuration.
    ///   - logger: for errors caught by `ErrorMiddleware`.
    ///   - database: the open, migrated database.
    ///   - startedAt: the process start, for `uptimeSeconds` in `/health`.
    public static func makeResponder(
        configuration: AppConfiguration,
        database: DatabasePool,
        logger: Logger,
        startedAt: Date = Date()
    ) -> any Responder {
        var router = Router()
        HealthController(startedAt: startedAt, database: database).register(on: &router)
        if configuration.benchRoutes { BenchController(database: database).register(on: &router) }
        let paging = ResourceController.Paging(defaultPerPage: 50, maxPerPage: configuration.maxPerPage)
        for definition in Catalog.definitions {
            ResourceController(definition: definition, registry: Catalog.registry, database: database, paging: paging)
                .register(on: &router)
        }
        OpenAPIController(definitions: Catalog.definitions, paging: paging).register(on: &router)
        router.fallback = StaticFileHandler(root: configuration.publicDirectory)
        return MiddlewareChain(
            [
                ErrorMiddleware(logger: logger, map: ErrorMapping.make(logger: logger)),
                GzipMiddleware(minimumBytes: configuration.gzipMinimumBytes, level: configuration.gzipLevel),
            ],
            around: router.build()
        )
    }
}

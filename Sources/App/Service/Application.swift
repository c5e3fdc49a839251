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
    ///   - keys: the API key store (its cache is shared by every request); nil makes one on `database`.
    public static func makeResponder(
        configuration: AppConfiguration,
        database: DatabasePool,
        logger: Logger,
        startedAt: Date = Date(),
        keys: APIKeyStore? = nil,
        metrics: MetricsRegistry = MetricsRegistry()
    ) -> any Responder {
        let keys = keys ?? APIKeyStore(database: database)
        // Large documents and their gzip variants, shared by the handlers that make them and the middleware.
        let documents = BodyCache(limitBytes: configuration.documentCacheBytes)
        let router = makeRouter(
            configuration: configuration,
            database: database,
            startedAt: startedAt,
            keys: keys,
            documents: documents,
            metrics: metrics
        )
        let rateLimited = MetricCounter()
        MetricsController.registerApplication(on: metrics, database: database, rateLimited: rateLimited)
        return MiddlewareChain(
            makeMiddleware(
                configuration: configuration,
                keys: keys,
                logger: logger,
                documents: documents,
                rateLimited: rateLimited
            ),
            around: router.build()
        )
    }

    /// Every route, before freezing: the OpenAPI tests walk it to check that each one is documented.
    static func makeRouter(
        configuration: AppConfiguration,
        database: DatabasePool,
        startedAt: Date = Date(),
        keys: APIKeyStore,
        documents: BodyCache = BodyCache(limitBytes: 0),
        metrics: MetricsRegistry = MetricsRegistry()
    ) -> Router {
        var router = Router()
        HealthController(startedAt: startedAt, database: database).register(on: &router)
        MetricsController(registry: metrics, keys: keys).register(on: &router)
        KeysController(store: keys).register(on: &router)
        if configuration.benchRoutes { BenchController(database: database).register(on: &router) }
        let paging = ResourceController.Paging(
            defaultPerPage: 50,
            maxPerPage: configuration.maxPerPage,
            maxExactTotal: configuration.maxExactTotal
        )
        let policy = AccessPolicy(
            anonymousReadCareers: configuration.anonymousReadCareers,
            anonymousReadProjects: configuration.anonymousReadProjects
        )
        func engine(_ definition: ResourceDefinition) -> ResourceController {
            var controller = ResourceController(
                definition: definition,
                registry: Catalog.registry,
                database: database,
                paging: paging,
                policy: policy
            )
            controller.documents = documents
            return controller
        }
        // Careers register their engine routes themselves, beside their own reads (search, whole profiles).
        let careers = [Careers.definition.collection, CareerSynonyms.definition.collection]
        for definition in Catalog.definitions where !careers.contains(definition.collection) {
            var controller = engine(definition)
            if definition.collection == Webhooks.definition.collection {
                // After a webhook write commits: whether this database still has an active one (if the read
                // fails, the flag stays as the write's hook left it: set, which only costs writes an empty insert).
                controller.didChange = { try? WebhookOutbox.refresh(database) }
            }
            controller.register(on: &router)
        }
        CareersController(
            store: CareerStore(database: database),
            paging: paging,
            searchCacheEntries: configuration.careerSearchCache,
            engine: engine(Careers.definition),
            synonyms: engine(CareerSynonyms.definition)
        ).register(on: &router)
        PortfolioController(database: database, documents: documents).register(on: &router)
        OpenAPIController(definitions: Catalog.definitions, paging: paging, policy: policy).register(on: &router)
        // A batch operation is a request like any other: the same access check, then the router (frozen here,
        // before the batch route exists, so a batch cannot nest).
        let operations = MiddlewareChain([AuthorizationMiddleware(policy: policy)], around: router.build())
        BatchController(database: database, inner: operations).register(on: &router)
        PlanImport(database: database, inner: operations).register(on: &router)
        router.fallback = StaticFileHandler(root: configuration.publicDirectory)
        return router
    }

    /// The middleware, outermost first. The order matters:
    /// 0. The request's deadline reaches the database for everything inside (the key lookup included).
    /// 1. CORS, outermost of the rest, so that every response (errors and 429s included) carries its headers and preflights are
    ///    answered before anything asks for a key.
    /// 2. Authentication records who is calling (never fails), so that
    /// 3. the rate limiter can count per key (per address without one); outside `ErrorMiddleware`, its headers land
    ///    on every `/api/` response, and its own 429 is a problem response.
    /// 4. gzip, around everything below, so that problems are compressed like other responses (a 422 can list
    ///    50 issues in several kilobytes);
    /// 5. `ErrorMiddleware` turns what is thrown inside into problem+json: the 401/403 of
    /// 6. authorization, which runs before the router (a request it refuses is 401, even for a missing resource).
    static func makeMiddleware(
        configuration: AppConfiguration,
        keys: APIKeyStore,
        logger: Logger,
        documents: BodyCache? = nil,
        rateLimited: MetricCounter? = nil
    ) -> [any Middleware] {
        let policy = AccessPolicy(
            anonymousReadCareers: configuration.anonymousReadCareers,
            anonymousReadProjects: configuration.anonymousReadProjects
        )
        var middleware: [any Middleware] = [DeadlineMiddleware()]
        if let cors = CORSMiddleware(allowlist: configuration.corsOrigins) { middleware.append(cors) }
        middleware.append(AuthenticationMiddleware(store: keys, policy: policy))
        if configuration.rateLimitPerMinute > 0 {
            let limiter = RateLimiter(perMinute: configuration.rateLimitPerMinute, burst: configuration.rateLimitBurst)
            middleware.append(
                RateLimitMiddleware(limiter: limiter, rejected: rateLimited) { request in
                    if AccessPolicy.isOutsideAPI(request.path) { return nil }
                    guard AccessPolicy.segments(request.path).first == "api" else { return nil }
                    if let principal = request.principal { return "key:\(principal.keyID)" }
                    return "address:" + request.remoteAddress
                }
            )
        }
        middleware += [
            GzipMiddleware(
                minimumBytes: configuration.gzipMinimumBytes,
                level: configuration.gzipLevel,
                largeBodyBytes: configuration.gzipLargeBodyBytes,
                cache: documents
            ),
            ErrorMiddleware(logger: logger, map: ErrorMapping.make(logger: logger)),
            AuthorizationMiddleware(policy: policy),
        ]
        return middleware
    }
}

import App
import HTTPCore
import Logging
import Storage
import Testing

@Suite struct ErrorMappingTests {
    static let map = ErrorMapping.make(logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    static let request = Request(method: .post, target: "/api/v1/things")

    // Extended result codes from sqlite3.h.
    @Test(arguments: [
        (2067, 409),  // SQLITE_CONSTRAINT_UNIQUE
        (1555, 409),  // SQLITE_CONSTRAINT_PRIMARYKEY
        (787, 422),  // SQLITE_CONSTRAINT_FOREIGNKEY
        (275, 422),  // SQLITE_CONSTRAINT_CHECK
        (1299, 422),  // SQLITE_CONSTRAINT_NOTNULL
        (5, 503),  // SQLITE_BUSY
        (6, 503),  // SQLITE_LOCKED
        (11, 500),  // SQLITE_CORRUPT
        (1, 500),  // SQLITE_ERROR
    ])
    func mapsEachSQLiteErrorToOneStatus(extendedCode: Int32, status: Int) throws {
        let error = SQLiteError(extendedCode: extendedCode, message: "secret detail", sql: "SELECT secret")
        let response = try #require(Self.map(error, Self.request))
        #expect(response.status.code == status)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(!text.contains("secret"), "the SQLite message and SQL stay in the log")
        if status == 503 { #expect(response.headers["Retry-After"] == "1") }
    }

    @Test func leavesOtherErrorsToTheMiddleware() {
        struct Other: Error {}
        #expect(Self.map(Other(), Self.request) == nil)
    }
}

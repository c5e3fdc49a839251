import App
import ArgumentParser
import Foundation
import Storage

/// Options every subcommand that touches the configuration shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "Configuration file (default Config/charter.json when present).") var config: String?
    @Option(help: "SQLite database file (default data/charter.sqlite).") var db: String?

    /// The configuration from file, environment and these flags; a bad value exits with a one-line message.
    func load(_ overrides: [String: String] = [:]) throws -> AppConfiguration {
        var overrides = overrides
        overrides["database"] = db
        do {
            return try AppConfiguration.load(
                file: config,
                environment: ProcessInfo.processInfo.environment,
                overrides: overrides
            )
        } catch let error as ConfigurationError {
            fail(error.message, code: 2)
        }
    }
}

/// Prints `charter: message` on standard error and exits.
func fail(_ message: String, code: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("charter: \(message)\n".utf8))
    exit(code)
}

/// Opens the configured database (which must already exist when `mustExist`), runs `body` and closes it. An error
/// becomes `charter: PREFIX: message` (PREFIX the database path unless given; none when empty) and exit status 1;
/// an `ExitCode` thrown by `body` passes through.
func withOpenDatabase<T>(
    _ config: AppConfiguration,
    mustExist: Bool = false,
    failurePrefix: String? = nil,
    _ body: (DatabasePool) throws -> T
) throws -> T {
    if mustExist && !FileManager.default.fileExists(atPath: config.databasePath) {
        fail("\(config.databasePath) does not exist")
    }
    do {
        let pool = try config.openDatabase()
        defer { pool.close() }
        return try body(pool)
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let prefix = failurePrefix ?? config.databasePath
        fail(prefix.isEmpty ? "\(error)" : "\(prefix): \(error)")
    }
}

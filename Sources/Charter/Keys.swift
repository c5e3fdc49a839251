import App
import ArgumentParser
import Foundation
import HTTPCore
import Storage

/// `charter keys`: create, list and revoke API keys in the database, without a running server.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API keys: create, list, revoke.",
        discussion: """
            Keys are stored as SHA-256 hashes only: a new key is printed once and cannot be shown again. A server \
            running on the same database notices a key revoked here within a minute (its lookup cache).
            """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    /// Opens and migrates the configured database and runs `body` with a key store on it.
    static func withStore<T>(_ options: CommonOptions, _ body: (APIKeyStore) throws -> T) throws -> T {
        let config = try options.load()
        let pool: DatabasePool
        do {
            pool = try config.openDatabase()
            _ = try AppSchema.migrator.migrate(pool)
        } catch {
            fail("\(config.databasePath): \(error)")
        }
        defer { pool.close() }
        do {
            return try body(APIKeyStore(database: pool))
        } catch {
            // A refused request (a bad name, a taken one, no such key) is said in one line and a field list.
            guard let refused = ErrorMapping.httpError(for: error) else { throw error }
            let issues = (refused.errors ?? []).map { "\n  \($0.field): \($0.message)" }.joined()
            fail(refused.detail + issues)
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print it (once).")
        @OptionGroup var options: CommonOptions
        @Option(help: "A unique name for the key (1-100 characters), e.g. the client that will use it.")
        var name: String
        @Option(help: "viewer (reads), editor (reads and writes) or admin (everything, including keys).")
        var role: String
        @Option(help: "The id of the person the key acts for: reviews and approvals made with it record them.")
        var person: Int64?

        func run() throws {
            let created = try Keys.withStore(options) { try $0.create(name: name, role: role, person: person) }
            print(APIKeyTable.announce(created))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: name, role, prefix and dates.")
        @OptionGroup var options: CommonOptions

        func run() throws {
            let keys = try Keys.withStore(options) { try $0.list() }
            print(APIKeyTable.render(keys), terminator: "")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke the key called NAME.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The key's name.") var name: String

        func run() throws {
            let key = try Keys.withStore(options) { try $0.revoke(name: name) }
            print("revoked \(key.name) (\(key.prefix)…)")
        }
    }
}

import App
import ArgumentParser
import Foundation
import Storage

/// `charter journal`: maintenance of the change journal behind `GET …/history`.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Maintain the change journal (the history of every record).",
        subcommands: [Compact.self]
    )

    struct Compact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete journal entries older than DAYS and store old create/delete entries compactly.",
            discussion: """
                DAYS defaults to journalRetentionDays (0: nothing is deleted). Entries are deleted and rewritten in \
                small transactions, so a server on the same database keeps serving; --vacuum then copies the \
                database to return the freed pages to the file system, holding writes while it runs.
                """
        )
        @OptionGroup var options: CommonOptions
        @Option(name: .customLong("older-than"), help: "Delete entries older than this many days (0: none).")
        var olderThan: Int?
        @Flag(help: "VACUUM afterwards, so the file shrinks (writes wait while it runs).") var vacuum = false

        func validate() throws {
            if let olderThan, !(0...36_500).contains(olderThan) {
                throw ValidationError("--older-than must be a number of days from 0 to 36500")
            }
        }

        func run() throws {
            let config = try options.load()
            let days = olderThan ?? config.journalRetentionDays
            try withOpenDatabase(config, mustExist: true) { pool in
                _ = try AppSchema.migrator.migrate(pool)
                let report = try Journal.compact(pool, olderThanDays: days, vacuum: vacuum)
                for line in report.lines { print(line) }
            }
        }
    }
}

import App
import ArgumentParser
import Foundation
import Storage

#if canImport(Glibc)
import Glibc
#endif

/// `charter import onet DIR` and `charter import profile FILE`: load career data, also before the first `serve`.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import career data: the O*NET database text files, or a career page.",
        subcommands: [ImportOnet.self, ImportProfile.self]
    )
}

/// `charter import onet DIR [--release "O*NET 29.1"]`.
struct ImportOnet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onet",
        abstract: "Import the O*NET database text distribution (a folder of tab-delimited .txt files).",
        discussion: """
            Reads Occupation Data, Task Statements, Task Ratings, Alternate Titles (or Job Titles), Sample of \
            Reported Titles, Abilities, Knowledge, Skills, Content Model Reference, Scales Reference, Related \
            Occupations and Job Zones; absent files are skipped. One transaction: a failed import changes nothing. \
            Importing the same files again changes nothing.
            """
    )
    @OptionGroup var options: CommonOptions
    @Argument(help: "Folder of the O*NET text files (e.g. db_30_0_text).") var directory: String
    @Option(help: "Release label stored as the source (default from the folder name, e.g. db_30_0_text).")
    var release: String?

    func run() throws {
        let config = try options.load()
        let started = ContinuousClock.now
        let showProgress = isatty(STDERR_FILENO) == 1
        var importer = OnetImporter(release: release) { file, done, total in
            guard showProgress else { return }
            let end = done == total ? "\n" : ""
            FileHandle.standardError.write(Data("\r\(file): \(done)/\(total) rows\(end)".utf8))
        }
        importer.importedBy = ImportProfile.who
        let report = try withMigratedDatabase(config) { pool in try importer.importDirectory(directory, into: pool) }
        for line in report.lines { print(line) }
        print("took \(started.duration(to: .now).formatted(.units(allowed: [.seconds, .milliseconds])))")
    }
}

/// `charter import profile FILE [--code CODE]`.
struct ImportProfile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Import a career page in the plain-text layout of it-project-managers.txt.",
        discussion: """
            The occupation is found from the career name when the O*NET occupation list is loaded; otherwise \
            pass --code.
            """
    )
    @OptionGroup var options: CommonOptions
    @Argument(help: "The career page text file.") var file: String
    @Option(
        help: "O*NET-SOC code of the loaded occupation list (NN-NNNN.NN), or a custom profile's code (ACME-0001.00)."
    )
    var code: String?
    @Flag(help: "Import even when the page removes more than it adds or names another occupation.")
    var replace = false
    @Flag(help: "Print what the import would add, change and remove per section; write nothing.")
    var dryRun = false

    func run() throws {
        let config = try options.load()
        let importer = ProfileImporter(code: code, replace: replace, dryRun: dryRun, importedBy: Self.who)
        let report = try withMigratedDatabase(config) { pool in try importer.importFile(file, into: pool) }
        for line in report.lines { print(line) }
    }

    /// `cli:USER`, for the import journal.
    static var who: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown") }
}

/// Opens and migrates the configured database, gives a new one the embedded career data (as `serve` would, so
/// that importing before the first start ends in the same state), runs `body`, and turns any error into
/// `charter: message`.
private func withMigratedDatabase<T>(_ config: AppConfiguration, _ body: (DatabasePool) throws -> T) throws -> T {
    try withOpenDatabase(config, failurePrefix: "") { pool in
        try AppSchema.migrator.migrate(pool)
        try CareerSeed.seedIfEmpty(pool)
        return try body(pool)
    }
}

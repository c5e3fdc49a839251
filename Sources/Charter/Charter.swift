import App
import ArgumentParser

/// The `charter` command.
@main
struct Charter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charter",
        abstract: "Career profiles and project tracking for IT project managers, as an HTTP JSON service.",
        version: CharterVersion.current,
        subcommands: [
            Serve.self, Migrate.self, Check.self, Backup.self, Keys.self, Import.self, JournalCommand.self, Demo.self,
        ],
        defaultSubcommand: Serve.self
    )
}

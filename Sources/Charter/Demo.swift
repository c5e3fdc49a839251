import App
import ArgumentParser
import Foundation
import Storage

/// `charter demo [--db PATH]`: loads the demo portfolio (see `DemoPortfolio`); a second run changes nothing.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a demo portfolio: five projects with schedules, baselines, budgets, costs and deliverables.",
        discussion: """
            Writes through Charter's own routes in one transaction, as a key named 'charter demo'. Dates are placed \
            around today. When the demo projects (ERP, CRM, DWH, MOBILE, SECOPS) exist, nothing changes.
            """
    )
    @OptionGroup var options: CommonOptions

    func run() throws {
        let config = try options.load()
        let started = ContinuousClock.now
        let report = try withOpenDatabase(config, failurePrefix: "") { pool in
            try AppSchema.migrator.migrate(pool)
            try CareerSeed.seedIfEmpty(pool)
            return try DemoPortfolio.load(into: pool, configuration: config)
        }
        for line in report.lines { print(line) }
        print("took \(started.duration(to: .now).formatted(.units(allowed: [.seconds, .milliseconds])))")
    }
}

import Foundation
import Storage
import TestSupport
import Testing

@testable import App

/// `charter demo` (issue 15): the portfolio goes in through the app's routes, and a second load changes nothing.
@Suite struct DemoPortfolioTests {
    /// Rows of every table, and the journal's last entry: every write through the routes journals, so a load
    /// that wrote anything moves the last id.
    static func fingerprint(_ database: DatabasePool) throws -> [String: Int] {
        try database.read { db in
            var tables: [String] = []
            try db.forEach("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
                tables.append(try $0.get(0, as: String.self))
            }
            var counts: [String: Int] = [:]
            for table in tables { counts[table] = try db.scalar(Int.self, "SELECT count(*) FROM \"\(table)\"") }
            counts["change_log.max(id)"] = try db.scalar(Int?.self, "SELECT max(id) FROM change_log") ?? 0
            return counts
        }
    }

    @Test func loadsThePortfolioOnceAndASecondRunChangesNothing() throws {
        try TestServer.withCharter { service in
            let today = CivilDate.days("2026-06-15")!
            let first = try DemoPortfolio.load(
                into: service.database,
                configuration: service.configuration,
                today: today
            )
            #expect(first.loaded)
            let loaded = try Self.fingerprint(service.database)
            #expect(loaded["projects"] == 5)
            #expect((250...400).contains(loaded["work_packages"] ?? 0), "a few hundred packages: \(loaded)")
            #expect((loaded["dependencies"] ?? 0) > 200)
            for table in ["people", "calendars", "milestones", "deliverables", "baselines", "budgets", "cost_entries"] {
                #expect((loaded[table] ?? 0) > 0, "\(table) is empty")
            }

            let second = try DemoPortfolio.load(
                into: service.database,
                configuration: service.configuration,
                today: today + 3
            )
            #expect(!second.loaded)
            #expect(second.lines == ["the demo portfolio is already loaded: nothing changed"])
            #expect(try Self.fingerprint(service.database) == loaded)

            // What it loaded reads back over the wire: each project's schedule has a bar per leaf package, and
            // the four projects under way have a baseline and costs.
            let c = try RawClient(service, role: .viewer)
            let projects = try c.call("GET", "/api/v1/projects?tags=eq.demo&sort=key").items()
            #expect(projects.map { $0["key"] as? String } == ["CRM", "DWH", "ERP", "MOBILE", "SECOPS"])
            for project in projects {
                let id = project["id"] as! Int
                let leaves = try c.call("GET", "/api/v1/work-packages?project=eq.\(id)&isLeaf=eq.true&perPage=1")
                let schedule = try c.call("GET", "/api/v1/projects/\(id)/schedule")
                #expect(schedule.status == 200)
                let items = try schedule.items()
                #expect(items.count == (try leaves.json()["totalItems"] as? Int))
                #expect(items.contains { $0["critical"] as? Bool == true })
                let report = try c.call("GET", "/api/v1/projects/\(id)/budget-vs-actual?fiscalYear=2026")
                #expect(report.status == 200, "\(report.text)")
            }
        }
    }

    @Test func refusesWhenOnlySomeDemoProjectsExist() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            #expect(try c.call("POST", "/api/v1/projects", json: #"{"key":"ERP","name":"Mine"}"#).status == 201)
            let before = try Self.fingerprint(service.database)
            #expect(throws: (any Error).self) {
                try DemoPortfolio.load(into: service.database, configuration: service.configuration)
            }
            #expect(try Self.fingerprint(service.database) == before)
        }
    }
}

import Foundation
import Storage
import Testing

@testable import App

/// Imports that cannot destroy (issue 14, item 2), on the shipped data.
@Suite struct CareerImportSafetyTests {
    /// The shipped IT PM page cut after its first task: what a truncated download looks like.
    static var truncated: String {
        let text = CareerSeed.profileText
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let tasks = lines.firstIndex { $0.hasPrefix("What ") && $0.hasSuffix(" Do") }!
        let firstTask = lines[tasks...].firstIndex { $0.hasPrefix("- ") }!
        return lines[...firstTask].joined(separator: "\n") + "\n"
    }

    static func counts(_ pool: DatabasePool, _ code: String) throws -> [Int] {
        try pool.read { db in
            try ["occupation_tasks", "occupation_elements", "occupation_titles"].map {
                try db.scalar(Int.self, "SELECT count(*) FROM \($0) WHERE code = ?", [code])
            }
        }
    }

    @Test func aPageThatRemovesMoreThanItAddsIsRefusedUnlessReplaced() throws {
        try CareerFixtures.withDatabase { (pool, _) throws in
            try CareerSeed.seedIfEmpty(pool)
            let before = try Self.counts(pool, "15-1299.09")
            #expect(before[0] == 21)
            let bytes = Array(Self.truncated.utf8)
            #expect {
                try pool.write { try ProfileImporter().run(bytes: bytes, file: "cut.txt", db: $0) }
            } throws: { error in
                let text = "\(error)"
                return text.contains("refused to import onto 15-1299.09") && text.contains("20 tasks")
                    && text.contains("--replace")
            }
            #expect(try Self.counts(pool, "15-1299.09") == before)
            // The dry run says what would change, per section, and writes nothing.
            let dry = try pool.write {
                try ProfileImporter(dryRun: true).run(bytes: bytes, file: "cut.txt", db: $0)
            }
            #expect(dry.dryRun && dry.lines.first == "dry run: nothing written; the import would change:")
            #expect(dry.lines.contains("  tasks: 0 added, 0 changed, 20 removed, 1 kept"))
            #expect(dry.lines.contains { $0.hasPrefix("  abilities: 0 added, 0 changed, ") })
            #expect(dry.lines.contains { $0.hasPrefix("refused without --replace: it would remove ") })
            #expect(try Self.counts(pool, "15-1299.09") == before)
            // With replace it goes, and the journal says who.
            let done = try pool.write {
                try ProfileImporter(replace: true, importedBy: "cli:tester").run(bytes: bytes, file: "cut.txt", db: $0)
            }
            #expect(done.lines.contains("tasks: 0 added, 0 changed, 20 removed, 1 kept"))
            #expect(try Self.counts(pool, "15-1299.09")[0] == 1)
            let who = try pool.read { db in
                try db.scalar(String.self, "SELECT imported_by FROM onet_imports ORDER BY id DESC LIMIT 1")
            }
            #expect(who == "cli:tester")
        }
    }

    @Test func aPageOfAnotherCareerIsRefusedUnlessReplaced() throws {
        try CareerFixtures.withDatabase { (pool, _) throws in
            try CareerSeed.seedIfEmpty(pool)
            let bytes = Array(CareerSeed.profileText.utf8)
            #expect {
                try pool.write { try ProfileImporter(code: "11-1011.00").run(bytes: bytes, file: "p.txt", db: $0) }
            } throws: { error in
                "\(error)".contains(
                    "the page is about 'Information Technology Project Managers' but 11-1011.00 is 'Chief Executives'"
                )
            }
            #expect(try Self.counts(pool, "11-1011.00") == [0, 0, 0])
            _ = try pool.write {
                try ProfileImporter(code: "11-1011.00", replace: true).run(bytes: bytes, file: "p.txt", db: $0)
            }
            #expect(try Self.counts(pool, "11-1011.00")[0] == 21)
            // A later O*NET import that brings anything for the occupation leaves none of the page's rows.
            let folder = NSTemporaryDirectory() + "charter-onet-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let dir = try CareerFixtures.writeFolder(
                folder,
                "onet",
                [
                    "Alternate Titles.txt": [
                        ["O*NET-SOC Code", "Title", "Alternate Title", "Short Title", "Source(s)"],
                        ["11-1011.00", "Chief Executives", "Chief Executive Officer", "CEO", "08"],
                    ]
                ]
            )
            _ = try OnetImporter().importDirectory(dir, into: pool)
            let titles = try pool.read { db in
                try db.query("SELECT title FROM occupation_titles WHERE code = '11-1011.00'").map {
                    try $0.get(0, as: String.self)
                }
            }
            #expect(titles == ["Chief Executive Officer"])
            #expect(try Self.counts(pool, "11-1011.00") == [0, 0, 1])
            // The IT PM's own page rows are untouched: the import did not list it.
            #expect(try Self.counts(pool, "15-1299.09")[0] == 21)
            // And the occupation list alone leaves a page alone.
            let list = try CareerFixtures.writeFolder(
                folder,
                "list",
                [
                    "Occupation Data.txt": [["O*NET-SOC Code", "Title", "Description"]] + [
                        ["15-1299.09", "Information Technology Project Managers", "Plan."]
                    ]
                ]
            )
            _ = try OnetImporter().importDirectory(list, into: pool)
            #expect(try Self.counts(pool, "15-1299.09")[0] == 21)
        }
    }

    @Test func aCustomCodeTakesAPage() throws {
        try CareerFixtures.withDatabase { (pool, _) throws in
            try CareerSeed.seedIfEmpty(pool)
            let bytes = Array(CareerSeed.profileText.utf8)
            _ = try pool.write {
                try ProfileImporter(code: "ACME-0042.00").run(bytes: bytes, file: "p.txt", db: $0)
            }
            let occupation = try #require(try CareerStore(database: pool).occupation(code: "ACME-0042.00"))
            #expect(occupation.custom && occupation.title == "Information Technology Project Managers")
            #expect(try Self.counts(pool, "ACME-0042.00")[0] == 21)
        }
    }
}

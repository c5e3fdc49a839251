import Foundation
import Storage
import Testing

@testable import App

@Suite struct OnetImporterTests {
    @Test func importsEveryFileOfTheCurrentGeneration() throws {
        try CareerFixtures.withDatabase { (pool, folder) throws in
            let dir = try CareerFixtures.writeFolder(folder, "db_29_1_text", CareerFixtures.currentGeneration())
            let report = try OnetImporter().importDirectory(dir, into: pool)
            #expect(report.source == "O*NET 29.1")
            #expect(report.rows(of: "Occupation Data.txt") == 2)
            #expect(report.rows(of: "Task Statements.txt") == 3)
            #expect(report.notes.contains("Task Statements.txt: 1 rows skipped (occupation not loaded)"))
            #expect(!report.notes.contains { $0.contains("absent") })
            #expect(report.rows(of: "Task Ratings.txt") == 1)  // the IM row; frequency is not kept

            let store = CareerStore(database: pool)
            let occupation = try #require(try store.occupation(code: "15-1299.09"))
            #expect(occupation.jobZone == 4)
            #expect(occupation.source == "O*NET 29.1")
            #expect(occupation.hasFullProfile)
            #expect(try store.occupation(code: "13-1082.00")?.hasFullProfile == false)  // no tasks

            #expect(try store.tasks(code: "15-1299.09").map(\.taskID) == [21002, 21001, 21003])  // Core first
            #expect(try store.tasks(code: "15-1299.09").last?.type == nil)  // n/a is null
            #expect(try store.tasks(code: "15-1299.09").map(\.importance) == [nil, 3.91, nil])
            let titles = try store.titles(code: "15-1299.09")
            #expect(
                titles.map(\.title) == [
                    "IT Project Manager", "Program Manager", "Information Technology Project Manager",
                    "Software Project Manager",
                ]
            )
            #expect(titles[0].shownInMyNextMove == true && titles[2].shortTitle == "IT Project Manager")
            #expect(titles[3].shortTitle == nil)

            let ability = try #require(try store.elements(code: "15-1299.09", domain: .abilities).first)
            #expect(ability.elementID == "1.A.1.a.1" && ability.description.hasPrefix("The ability to listen"))
            #expect(ability.importance == 4.5 && ability.importanceScore == 87.5)  // (4.5 − 1) / 4 × 100
            #expect(ability.level == 5.25 && ability.levelScore == 75)  // 5.25 / 7 × 100
            #expect(ability.importanceSuppress == false && ability.levelSuppress == true)  // kept, not dropped
            #expect(ability.notRelevant == false)
            let skill = try #require(try store.elements(code: "15-1299.09", domain: .skills).first)
            #expect(skill.notRelevant == true && skill.levelScore == 0)

            let related = try store.related(code: "15-1299.09")
            #expect(related.map(\.code) == ["13-1082.00", "11-3021.00"])
            #expect(related[0].tier == "Primary-Short" && related[0].title == "Project Management Specialists")
            #expect(related[1].title == nil)  // not loaded, still listed
        }
    }

    @Test func readsTheOlderFileNamesLFAndSplitSkillsFiles() throws {
        try CareerFixtures.withDatabase { (pool, folder) throws in
            var files = CareerFixtures.currentGeneration()
            files["Alternate Titles.txt"] = nil
            files["Job Titles.txt"] = [
                ["O*NET-SOC Code", "Job Title", "Short Title", "Source(s)"], ["15-1299.09", "Scrum Master", "", "10"],
            ]
            files["Basic Skills.txt"] = files.removeValue(forKey: "Skills.txt")
            files["Task Ratings.txt"] = nil
            let dir = try CareerFixtures.writeFolder(folder, "onet", files, lineEnd: "\n")
            let report = try OnetImporter(release: "O*NET 20.1").importDirectory(dir, into: pool)
            #expect(report.rows(of: "Job Titles.txt") == 1)
            #expect(report.rows(of: "Basic Skills.txt") == 1)
            #expect(report.notes.contains("Task Ratings.txt: absent, skipped"))
            let store = CareerStore(database: pool)
            #expect(
                try store.titles(code: "15-1299.09").contains { $0.title == "Scrum Master" && $0.kind == "alternate" }
            )
            #expect(try store.elements(code: "15-1299.09", domain: .skills).count == 1)
            #expect(try store.occupation(code: "15-1299.09")?.source == "O*NET 20.1")
        }
    }

    @Test func aMissingColumnNamesFileAndColumnAndLeavesNothingBehind() throws {
        try CareerFixtures.withDatabase { (pool, folder) throws in
            var files = CareerFixtures.currentGeneration()
            files["Task Statements.txt"] = [
                ["O*NET-SOC Code", "Title", "Task ID", "Task Type"], ["15-1299.09", "T", "1", "Core"],
            ]
            let dir = try CareerFixtures.writeFolder(folder, "onet", files)
            let error = #expect(throws: CareerImportError.self) { try OnetImporter().importDirectory(dir, into: pool) }
            #expect(error == .missingColumn(file: "Task Statements.txt", column: "Task"))
            #expect(error?.description == "Task Statements.txt: missing required column 'Task'")
            // Occupation Data and the reference files came first; the transaction undid them.
            for table in ["occupations", "elements", "scales", "onet_imports", "occupations_fts"] {
                #expect(try pool.read { try $0.scalar(Int.self, "SELECT count(*) FROM \(table)") } == 0, "\(table)")
            }
        }
    }

    @Test func repeatingAnImportChangesNothingAndSaysSo() throws {
        try CareerFixtures.withDatabase { (pool, folder) throws in
            let dir = try CareerFixtures.writeFolder(folder, "onet", CareerFixtures.currentGeneration())
            let first = try OnetImporter().importDirectory(dir, into: pool)
            let snapshot = "SELECT group_concat(code || version || updated_at) FROM occupations"
            let before = try pool.read { try $0.scalar(String.self, snapshot) }
            let changesBefore = try pool.write { $0.totalChanges }
            let second = try OnetImporter().importDirectory(dir, into: pool)
            #expect(!first.unchanged && second.unchanged)
            #expect(
                second.lines == [
                    "imported from \(dir): already imported (fingerprint \(first.fingerprint)); nothing changed"
                ]
            )
            #expect(try pool.write { $0.totalChanges } == changesBefore)
            #expect(try pool.read { try $0.scalar(String.self, snapshot) } == before)
            #expect(try pool.read { try $0.scalar(Int.self, "SELECT count(*) FROM onet_imports") } == 1)
        }
    }

    @Test func importsTheRealOccupationList() throws {
        try CareerFixtures.withDatabase { (pool, folder) throws in
            let dir = folder + "/db_30_0_text"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try Data(try CareerFixtures.realOccupationData()).write(
                to: URL(fileURLWithPath: dir + "/Occupation Data.txt")
            )
            let report = try OnetImporter().importDirectory(dir, into: pool)
            #expect(report.rows(of: "Occupation Data.txt") == 1016)
            let it = try #require(try CareerStore(database: pool).occupation(code: "15-1299.09"))
            #expect(it.title == "Information Technology Project Managers")
            #expect(it.description.hasSuffix("cost targets are met."))  // no stray \r
            #expect(try pool.read { try $0.scalar(Int.self, "SELECT count(*) FROM occupations_fts") } == 1016)
        }
    }

    @Test(.enabled(if: CareerFixtures.hasSharedData, "needs ../shared/data beside the repository"))
    func theEmbeddedListIsTheSharedFile() throws {
        let shared = String(decoding: try CareerFixtures.realOccupationData(), as: UTF8.self)
        #expect(CareerSeed.occupationData == shared.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(CareerSeed.profileText == (try CareerFixtures.realProfileText()))
    }

    @Test func seedsANewDatabaseOnce() throws {
        try CareerFixtures.withDatabase { (pool, _) throws in
            #expect(try CareerSeed.seedIfEmpty(pool).count == 2)
            #expect(try CareerSeed.seedIfEmpty(pool).isEmpty)
            #expect(try pool.read { try $0.scalar(Int.self, "SELECT count(*) FROM occupations") } == 1016)
            #expect(try CareerStore(database: pool).occupation(code: "15-1299.09")?.hasFullProfile == true)
        }
    }
}

/// What the O*NET reader makes of files' rough edges, found by the `onet-table` fuzz target (Fuzz/run.sh).
@Suite struct OnetTableTests {
    @Test func aLineWithNoValueIsNoRowAndRowsKeepTheirFileLines() throws {
        let text = "Code\tTitle\r\n11-1011.00\tChief Executives\r\n \t \r\n\r\n15-1299.09\tIT PM\r\r\n"
        let table = try OnetTable(name: "t.txt", bytes: Array(text.utf8))
        #expect(table.rows == [["11-1011.00", "Chief Executives"], ["15-1299.09", "IT PM"]])  // stray CR dropped
        #expect(table.lines == [2, 5])  // what an import error names: the line in the file, not the row index
    }

    @Test func nullIsEmptyOrNAInAnyCase() throws {
        let table = try OnetTable(name: "t.txt", bytes: Array("A\tB\tC\tD\nn/a\tN/a\tn/A\tn\u{0F}a\n".utf8))
        #expect(table.rows == [[nil, nil, nil, "n\u{0F}a"]])
    }

    @Test func aFirstLineThatNamesNoColumnIsNoHeader() throws {
        #expect(
            throws: CareerImportError.malformed(
                file: "t.txt",
                "the first line names no column: expected a header row",
                line: 1
            )
        ) {
            try OnetTable(name: "t.txt", bytes: Array("  \t n/a\nx\ty\n".utf8))
        }
    }

    @Test func anImportErrorNamesTheFileLineAfterBlankLines() throws {
        try CareerFixtures.withDatabase { (pool, folder) throws in
            let dir = try CareerFixtures.writeFolder(
                folder,
                "db_29_1_text",
                [
                    "Occupation Data.txt": [
                        ["O*NET-SOC Code", "Title", "Description"], [""], [""], ["15-1299.09", "", "x"],
                    ]
                ]
            )
            #expect(throws: CareerImportError.malformed(file: "Occupation Data.txt", "empty title", line: 4)) {
                try OnetImporter().importDirectory(dir, into: pool)
            }
        }
    }
}

import Foundation
import Storage
import Testing

@testable import App

@Suite struct ProfileImporterTests {
    /// The bulleted items under each heading of the text file, read independently of the importer.
    static func items(_ text: String, under heading: String) -> [String] {
        var inside = false
        var items = [String]()
        for line in text.split(whereSeparator: \.isNewline).map(String.init) {
            if line.hasPrefix("- ") {
                if inside { items.append(String(line.dropFirst(2))) }
            } else {
                inside = line.hasPrefix("What ") && line.contains(heading)
            }
        }
        return items
    }

    static func loadOccupationList(_ pool: DatabasePool) throws {
        let list = OnetDirectory(files: [
            (kind: .occupationData, name: "Occupation Data.txt", bytes: try CareerFixtures.realOccupationData())
        ])
        _ = try pool.write { try OnetImporter().run(list, source: "O*NET 30.0", origin: "test", db: $0) }
    }

    @Test func everyItemOfTheCareerPageIsStored() throws {
        try CareerFixtures.withDatabase { (pool, folder) throws in
            try Self.loadOccupationList(pool)
            let text = try CareerFixtures.realProfileText()
            let path = folder + "/it-project-managers.txt"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let report = try ProfileImporter().importFile(path, into: pool)
            #expect(report.counts.map(\.rows) == [1, 4, 21, 10, 6])

            let profile = try #require(try CareerStore(database: pool).profile(code: "15-1299.09"))
            #expect(profile.occupation.source == "imported from it-project-managers.txt")
            #expect(profile.occupation.hasFullProfile)
            #expect(profile.occupation.description.hasPrefix("Plan, initiate, and manage information technology"))
            #expect(profile.titles.map(\.title) == Self.items(text, under: "Job Titles"))
            #expect(profile.tasks.map(\.statement) == Self.items(text, under: " Do"))
            let abilities = Self.items(text, under: "Good At")
            let knowledge = Self.items(text, under: "Need to Learn")
            #expect(abilities.count == 10 && knowledge.count == 6)
            #expect(profile.abilities.map { "\($0.name) - \($0.description)" } == abilities)
            #expect(profile.knowledge.map { "\($0.name) - \($0.description)" } == knowledge)
            #expect(profile.abilities.allSatisfy { $0.importance == nil && $0.level == nil })
            #expect(profile.abilities.first?.elementID == "profile:oral-comprehension")
            #expect(profile.credit.contains("CC BY 4.0"))
        }
    }

    @Test func needsACodeWhenTheOccupationListIsNotLoaded() throws {
        try CareerFixtures.withDatabase { (pool, _) throws in
            let text = try CareerFixtures.realProfileText()
            #expect(throws: CareerImportError.unknownOccupation(title: "Information Technology Project Managers")) {
                try pool.write { try ProfileImporter().run(bytes: Array(text.utf8), file: "p.txt", db: $0) }
            }
            #expect(throws: CareerImportError.invalidCode("15-1299")) {
                try pool.write {
                    try ProfileImporter(code: "15-1299").run(bytes: Array(text.utf8), file: "p.txt", db: $0)
                }
            }
            // A code names an occupation that exists: without the list loaded there is none to import onto.
            #expect(throws: CareerImportError.unknownCode("15-1299.09")) {
                try pool.write {
                    try ProfileImporter(code: "15-1299.09").run(bytes: Array(text.utf8), file: "p.txt", db: $0)
                }
            }
            try Self.loadOccupationList(pool)
            _ = try pool.write {
                try ProfileImporter(code: "15-1299.09").run(bytes: Array(text.utf8), file: "p.txt", db: $0)
            }
            let occupation = try CareerStore(database: pool).occupation(code: "15-1299.09")
            #expect(occupation?.title == "Information Technology Project Managers")
        }
    }

    @Test func toleratesCRLFBlankLinesAndOtherWordsInTheHeadings() throws {
        let text = """
            IT Project Manager\r
            \r
            Career Description\r
            Plan and manage IT projects.\r
            \r
            What Job Titles IT Project Managers Might Have\r
            - Delivery Lead\r
            What IT PMs Do\r
            - Run the plan.\r
            \r
            - Report status.\r
            What Someone in This Role Should Be Good At\r
            - Oral Expression - The ability to communicate.\r
            What You Need to Learn\r
            - Mathematics\r
            """
        let page = try CareerPageText(text, file: "x.txt")
        #expect(page.description == "Plan and manage IT projects.")
        #expect(page.jobTitles == ["Delivery Lead"])
        #expect(page.tasks == ["Run the plan.", "Report status."])
        #expect(
            page.abilities.map(\.name) == ["Oral Expression"]
                && page.abilities[0].description == "The ability to communicate."
        )
        #expect(page.knowledge.map(\.name) == ["Mathematics"] && page.knowledge[0].description == "")
    }

    /// Found by the career-page fuzz target: headings are told apart by their ends, and a name is the same however
    /// it is spaced.
    @Test func aCareerNameMayHoldHeadingWordsAndAnySpacing() throws {
        let text = """
            Career:  Job Titles   Archivists
            Career Description
            Keep records.
            What Job Titles Job Titles Archivists Might Have
            - Records Keeper
            What Job Titles Archivists Do
            - File records.
            What Job Titles Archivists Need to Know?
            - Clerical
            """
        let page = try CareerPageText(text, file: "x.txt")
        #expect(page.names == ["Job Titles Archivists"])
        #expect(page.jobTitles == ["Records Keeper"])
        #expect(page.tasks == ["File records."])
        #expect(page.knowledge.map(\.name) == ["Clerical"])
    }

    @Test func rejectsAFileWithoutADescription() throws {
        let text = "What IT Project Managers Do\n- Run the plan.\n"
        #expect(
            throws: CareerImportError.malformed(
                file: "x.txt",
                "no career description (expected a 'Career Description' section)"
            )
        ) {
            try CareerPageText(text, file: "x.txt")
        }
    }

    /// `?code=99-9999.99` made up an occupation O*NET does not have (issue 16).
    @Test func refusesACodeThatNamesNoOccupation() throws {
        try CareerFixtures.withDatabase { (pool, _) throws in
            try Self.loadOccupationList(pool)
            let text = try CareerFixtures.realProfileText()
            #expect(throws: CareerImportError.unknownCode("99-9999.99")) {
                try pool.write {
                    try ProfileImporter(code: "99-9999.99").run(bytes: Array(text.utf8), file: "p.txt", db: $0)
                }
            }
            #expect(try CareerStore(database: pool).occupation(code: "99-9999.99") == nil)
        }
    }

    @Test(arguments: [("a\nb", 2), ("a\r\nb\r\n", 3), ("a\rb", 2), ("a\u{2028}b\u{85}c", 3), ("", 1), ("\n\n", 3)])
    func countsLinesAsTheParserSplitsThem(_ text: String, _ count: Int) {
        #expect(CareerPageText.lineCount(text) == count)
        #expect(text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count == count)
    }

    /// The issue's reproduction, 20,000 headings, is refused by the line limit before any parsing; under it,
    /// distinct career names stop at `maxNames`, and repeated ones are de-duplicated through a set.
    @Test func boundsLinesAndCareerNames() throws {
        let description = "Career Description\nDoes things.\n"
        let tooLong = description + (0..<20_000).map { "What Career \($0) Do" }.joined(separator: "\n")
        do {
            _ = try CareerPageText(tooLong, file: "x.txt")
            Issue.record("a page of 20,002 lines was accepted")
        } catch {
            #expect("\(error)".contains("20002 lines") && "\(error)".contains("at most 10000"), "\(error)")
        }
        let manyNames =
            description
            + (0..<(CareerPageText.maxNames * 10)).map { "What Career \($0) Do" }
            .joined(separator: "\n")
        do {
            _ = try CareerPageText(manyNames, file: "x.txt")
            Issue.record("a page naming 200 careers was accepted")
        } catch {
            #expect("\(error)".contains("more than 20 careers"), "\(error)")
        }
        let repeated =
            description
            + Array(repeating: "What IT Project Managers Do\n- Run it.", count: 4_000)
            .joined(separator: "\n")
        let page = try CareerPageText(repeated, file: "x.txt")
        #expect(page.names == ["IT Project Managers"] && page.tasks.count == 4_000)
    }

    @Test func usesContentModelElementIDsWhenLoaded() throws {
        try CareerFixtures.withDatabase { (pool, folder) throws in
            let dir = try CareerFixtures.writeFolder(folder, "onet", CareerFixtures.currentGeneration())
            _ = try OnetImporter().importDirectory(dir, into: pool)
            let text = try CareerFixtures.realProfileText()
            _ = try pool.write { try ProfileImporter().run(bytes: Array(text.utf8), file: "p.txt", db: $0) }
            let abilities = try CareerStore(database: pool).elements(code: "15-1299.09", domain: .abilities)
            #expect(abilities.first?.elementID == "1.A.1.a.1")  // Oral Comprehension, from Content Model Reference
            #expect(abilities.count == 10)
        }
    }
}

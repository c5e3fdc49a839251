import Foundation
import Storage
import Testing

@testable import App

/// Search as people type it (issue 14), on the shipped data: the embedded occupation list, the IT PM career page
/// and the curated titles.
@Suite struct EverydaySearchTests {
    /// Everyday queries and the occupation that must be among the first `within` hits.
    static let everyday: [(query: String, code: String, within: Int)] = [
        ("devops", "15-1252.00", 1), ("scrum master", "15-1299.09", 1), ("agile", "15-1299.09", 1),
        ("cloud engineer", "15-1299.08", 1), ("cybersecurity", "15-1212.00", 1), ("cyber security", "15-1212.00", 1),
        ("doctor", "29-1216.00", 2), ("doctor", "29-1215.00", 2), ("software engineer", "15-1252.00", 1),
        ("nurse", "29-1141.00", 1), ("nurses", "29-1141.00", 1), ("programmer", "15-1251.00", 1),
        ("programmers", "15-1251.00", 1), ("plumber", "47-2152.00", 1), ("IT manager", "11-3021.00", 1),
        ("HR manager", "11-3121.00", 1), ("hr", "13-1071.00", 3), ("QA", "15-1253.00", 1),
        ("UX", "15-1255.00", 1), ("ux designer", "15-1255.00", 1), ("qa engineer", "15-1253.00", 1),
        ("it support", "15-1232.00", 1), ("help desk", "15-1232.00", 1), ("data analyst", "15-2051.00", 1),
        ("data scientist", "15-2051.00", 1), ("accountant", "13-2011.00", 1), ("lawyer", "23-1011.00", 1),
        ("attorney", "23-1011.00", 1), ("electrician", "47-2111.00", 1), ("mechanic", "49-3023.00", 1),
        ("chef", "35-1011.00", 1), ("waiter", "35-3031.00", 1), ("truck driver", "53-3032.00", 1),
        ("teacher", "25-2021.00", 3), ("dentist", "29-1021.00", 1), ("pharmacist", "29-1051.00", 1),
        ("cashier", "41-2011.00", 1), ("receptionist", "43-4171.00", 1), ("security guard", "33-9032.00", 1),
        ("police officer", "33-3051.00", 1), ("firefighter", "33-2011.00", 1), ("pilot", "53-2011.00", 2),
        ("senior software engineer", "15-1252.00", 1), ("junior web developer", "15-1254.00", 1),
        ("product manager", "11-2021.00", 1), ("project manager", "13-1082.00", 1), ("ceo", "11-1011.00", 1),
        ("recruiter", "13-1071.00", 1), ("director of nursing", "11-9111.00", 1), ("web dev", "15-1254.00", 1),
        ("proj manag", "13-1082.00", 2), ("blockch", "15-1299.07", 1),
    ]

    @Test func everydayQueriesFindTheOccupationAmongTheFirstHits() throws {
        try CareerSearchTests.withSeeded { store in
            var misses: [String] = []
            for (query, code, within) in Self.everyday {
                let hits = try store.search(CareerSearchQuery(text: query, perPage: within)).hits.map(\.code)
                if !hits.contains(code) { misses.append("\(query): \(hits) lacks \(code)") }
            }
            #expect(misses.isEmpty, "\(misses.joined(separator: "; "))")
        }
    }

    @Test func pluralsAndSingularsFindTheSameHits() throws {
        try CareerSearchTests.withSeeded { store in
            for (one, many) in [
                ("nurse", "nurses"), ("programmer", "programmers"), ("plumber", "plumbers"),
                ("technology", "technologies"), ("engineer", "engineers"), ("analyst", "analysts"),
            ] {
                let a = try store.search(CareerSearchQuery(text: one, perPage: 100))
                let b = try store.search(CareerSearchQuery(text: many, perPage: 100))
                #expect(a.total > 0 && a.total == b.total && a.hits.map(\.code) == b.hits.map(\.code), "\(one)")
            }
        }
    }

    @Test func shortWordsAndAbbreviationsAreWholeWords() throws {
        try CareerSearchTests.withSeeded { store in
            // "it" read as a prefix found items, itinerant…: Construction Managers came first for IT manager.
            let it = try store.search(CareerSearchQuery(text: "IT manager", perPage: 100))
            #expect(it.hits.first?.code == "11-3021.00")
            #expect(!it.hits.contains { $0.code == "11-9021.00" })
            // An abbreviation matches what it stands for, and only as a whole word.
            let hr = try store.search(CareerSearchQuery(text: "hr", perPage: 100)).hits.map(\.code)
            #expect(hr.contains("11-3121.00") && hr.contains("43-4161.00"))
            // Capitals make a word whole: SQL is not a prefix.
            let sql = try store.search(CareerSearchQuery(text: "SQL developer", perPage: 100)).hits.map(\.code)
            #expect(sql.first == "15-1242.00")
            // A short word is not read as a prefix: `ai` finds the AI engineer, not every "aid" or "aide".
            let ai = try store.search(CareerSearchQuery(text: "ai", perPage: 100)).hits.map(\.title)
            #expect(!ai.isEmpty && !ai.contains { $0.contains("Aides") })
        }
    }

    @Test func misspellingsAreCorrectedAndSaySo() throws {
        try CareerSearchTests.withSeeded { store in
            let typo = try store.search(CareerSearchQuery(text: "sofware enginer"))
            #expect(typo.didYouMean == "software engineer")
            #expect(typo.hits.first?.code == "15-1252.00")
            for (wrong, right, code) in [
                ("nurce", "nurse", "29-1141.00"), ("plumer", "plumber", "47-2152.00"),
                ("acountant", "accountant", "13-2011.00"),
                ("constructon manager", "construction manager", "11-9021.00"),
                ("electrican", "electrician", "47-2111.00"),
            ] {
                let result = try store.search(CareerSearchQuery(text: wrong))
                #expect(result.didYouMean == right && result.hits.first?.code == code, "\(wrong)")
            }
            // A query that finds something as typed is not corrected.
            #expect(try store.search(CareerSearchQuery(text: "software engineer")).didYouMean == nil)
            #expect(try store.search(CareerSearchQuery(text: "xqzvbnmw")).total == 0)
        }
    }

    /// Without the curated titles: the ranking alone puts the general occupation first.
    @Test func theRankingPrefersTheGeneralOccupation() throws {
        try CareerSearchTests.withSeeded { store in
            try store.database.write { db in
                try db.execute("DELETE FROM career_synonyms")
                try CareerIndexer.refresh(db: db, codes: nil)
                try db.execute("UPDATE occupations SET version = version + 1")
            }
            func first(_ text: String) throws -> [String] {
                try store.search(CareerSearchQuery(text: text, perPage: 3)).hits.map(\.code)
            }
            #expect(try first("nurse").first == "29-1141.00")
            #expect(try first("programmer") == ["15-1251.00", "51-9162.00"])
            #expect(try first("plumber") == ["47-2152.00", "47-3015.00"])
            // Nursery workers are no nurses: not among the hits before every nurse.
            let nurse = try store.search(CareerSearchQuery(text: "nurse", perPage: 100)).hits.map(\.code)
            let nursery = try #require(nurse.firstIndex(of: "45-2092.00"))
            #expect(nurse.prefix(nursery).contains("29-2061.00") && nurse.prefix(nursery).contains("29-1171.00"))
            // A tie on the title's words goes to the general occupation (.00) over its specialisations.
            let registered = try store.search(CareerSearchQuery(text: "registered nurse", perPage: 3)).hits
            #expect(registered.first?.code == "29-1141.00")
            // A catch-all comes after the named occupations.
            let sales = try first("sales")
            #expect(!sales.contains("41-9099.00"))
        }
    }

    @Test func importedAlternateAndReportedTitlesAreSearched() throws {
        try CareerFixtures.withDatabase { (pool, folder) throws in
            var files = CareerFixtures.currentGeneration()
            files["Alternate Titles.txt"]?.append(["13-1082.00", "T", "Portfolio Wrangler", "n/a", "08"])
            files["Sample of Reported Titles.txt"]?.append(["15-1299.09", "T", "Delivery Lead Extraordinaire", "Y"])
            let dir = try CareerFixtures.writeFolder(folder, "onet", files)
            _ = try OnetImporter().importDirectory(dir, into: pool)
            let store = CareerStore(database: pool)
            let alternate = try store.search(CareerSearchQuery(text: "portfolio wranglers"))
            #expect(alternate.hits.first?.code == "13-1082.00" && alternate.hits.first?.match == "jobTitle")
            let reported = try store.search(CareerSearchQuery(text: "delivery lead extraordinaire"))
            #expect(reported.hits.first?.code == "15-1299.09" && reported.hits.first?.match == "jobTitle")
        }
    }

    @Test func everyCuratedTitleNamesAShippedOccupation() throws {
        let codes = Set(
            CareerSeed.occupationData.split(separator: "\n").dropFirst().map {
                String($0.split(separator: "\t")[0]).trimmingCharacters(in: .whitespaces)
            }
        )
        let lines = CareerSeed.curatedTitles.split(separator: "\n")
        #expect(lines.count >= 300)
        for line in lines {
            let parts = line.split(separator: "\t")
            #expect(parts.count == 2 && codes.contains(String(parts[0])), "\(line)")
        }
        try CareerSearchTests.withSeeded { store in
            let stored = try store.database.read { db in
                try db.scalar(Int.self, "SELECT count(*) FROM career_synonyms WHERE source = 'curated'")
            }
            #expect(stored == lines.count)
        }
    }
}

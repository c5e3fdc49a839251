import Foundation
import Storage
import Testing

@testable import App

/// Search on the real occupation list (the embedded default: 1,016 occupations and the IT PM career page).
@Suite struct CareerSearchTests {
    static func withSeeded<T>(_ body: (CareerStore) throws -> T) throws -> T {
        try CareerFixtures.withDatabase { (pool, _) throws in
            try CareerSeed.seedIfEmpty(pool)
            return try body(CareerStore(database: pool))
        }
    }

    @Test func itProjectManagerFindsTheITProjectManagersFirst() throws {
        try Self.withSeeded { (store) throws in
            let result = try store.search(CareerSearchQuery(text: "it project manager"))
            #expect(result.hits.first?.code == "15-1299.09")
            // `it` is the abbreviation, written out it is the title itself.
            #expect(result.hits.first?.match == "title")
            let manager = try store.search(CareerSearchQuery(text: "project manager"))
            #expect(manager.hits.count > 1 && manager.hits[0].score > manager.hits[1].score)
        }
    }

    @Test func fullTextRanksTheTitleFirstWithoutTheCareerPage() throws {
        try CareerFixtures.withDatabase { (pool, _) throws in
            try ProfileImporterTests.loadOccupationList(pool)
            let store = CareerStore(database: pool)
            #expect(try store.search(CareerSearchQuery(text: "it project manager")).hits.first?.code == "15-1299.09")
            let exact = try store.search(CareerSearchQuery(text: "Information Technology Project Manager"))
            #expect(exact.hits.first?.code == "15-1299.09" && exact.hits.first?.match == "title")
        }
    }

    @Test func prefixesMatchForASearchBox() throws {
        try Self.withSeeded { (store) throws in
            let result = try store.search(CareerSearchQuery(text: "proj manag", perPage: 50))
            let codes = result.hits.map(\.code)
            #expect(codes.contains("15-1299.09") && codes.contains("13-1082.00"))
            #expect(result.hits.allSatisfy { $0.match == "text" })
            #expect(try store.search(CareerSearchQuery(text: "blockch")).hits.first?.code == "15-1299.07")
        }
    }

    @Test func codeShapedQueriesMatchByCode() throws {
        try Self.withSeeded { (store) throws in
            let family = try store.search(CareerSearchQuery(text: "15-1299", perPage: 100))
            #expect(family.hits.contains { $0.code == "15-1299.09" })
            #expect(family.hits.allSatisfy { $0.code.hasPrefix("15-1299") && $0.match == "code" })
            #expect(family.total == 10)
            let one = try store.search(CareerSearchQuery(text: "15-1299.09"))
            #expect(one.hits.map(\.code) == ["15-1299.09"] && one.hits[0].score == 1000)
        }
    }

    @Test func nonsenseFindsNothing() throws {
        try Self.withSeeded { (store) throws in
            for text in ["xqzvbnmw", "zzqx project", "--", "!!!", "\"", "*"] {
                let result = try store.search(CareerSearchQuery(text: text))
                #expect(result.hits.isEmpty && result.total == 0, "\(text)")
            }
            // FTS5 syntax in a query is only words: no error, and the words are matched.
            // The hostile query answers what its words alone answer (the operators are not operators).
            let hostile = try store.search(CareerSearchQuery(text: "\"*) OR NEAR( 1=1 --"))
            let words = try store.search(CareerSearchQuery(text: "or near 1 1"))
            #expect(hostile.total == words.total && hostile.hits.map(\.code) == words.hits.map(\.code))
            let operators = try store.search(CareerSearchQuery(text: "project AND (manager"))
            let plain = try store.search(CareerSearchQuery(text: "project and manager"))
            #expect(operators.total > 0 && operators.hits.map(\.code) == plain.hits.map(\.code))
            #expect(try store.search(CareerSearchQuery(text: "(project OR*")).hits.count > 0)
        }
    }

    @Test func filtersAndPages() throws {
        try Self.withSeeded { (store) throws in
            let full = try store.search(CareerSearchQuery(text: "manager", hasFullProfile: true))
            #expect(full.hits.map(\.code) == ["15-1299.09"])
            let all = try store.search(CareerSearchQuery(text: "manager", perPage: 500))
            let page2 = try store.search(CareerSearchQuery(text: "manager", page: 2, perPage: 5))
            #expect(page2.total == all.total && page2.hits.map(\.code) == Array(all.hits.map(\.code)[5..<10]))
            let beyond = try store.search(CareerSearchQuery(text: "manager", page: 999, perPage: 5))
            #expect(beyond.hits.isEmpty && beyond.total == all.total)
            #expect(try store.search(CareerSearchQuery(text: "manager", jobZone: 3)).total == 0)  // no zones loaded
            #expect(try store.search(CareerSearchQuery(text: "")).total == 1016)
        }
    }

    @Test func compareListsSharedElementsByLargestDifference() throws {
        try CareerFixtures.withDatabase { (pool, folder) throws in
            let dir = try CareerFixtures.writeFolder(folder, "onet", CareerFixtures.currentGeneration())
            _ = try OnetImporter().importDirectory(dir, into: pool)
            let store = CareerStore(database: pool)
            let comparison = try #require(try store.compare("13-1082.00", "15-1299.09"))
            #expect(comparison.shared.map(\.name) == ["Administration and Management", "Oral Comprehension"])
            let first = comparison.shared[0]
            #expect(first.importanceA == 3 && first.importanceB == 4.62 && first.importanceDifference == 1.62)
            #expect(first.levelDifference == 3.3)
            #expect(comparison.onlyInB.map(\.name) == ["Reading Comprehension"])
            // Moving from A to B: B needs a higher level of both shared elements, the larger gap × importance first.
            #expect(comparison.toLearn.first?.name == "Administration and Management")
            #expect(comparison.toLearn.allSatisfy { ($0.levelDifference ?? $0.importanceDifference ?? 0) > 0 })
            #expect(try store.compare("13-1082.00", "15-1299.09", domain: .abilities)?.shared.count == 1)
            #expect(try store.compare("13-1082.00", "99-9999.99") == nil)
        }
    }
}

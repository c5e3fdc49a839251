import App
import Foundation
import Storage
import TestSupport
import Testing

/// The change journal: the compact encoding of create and delete entries, pruning by age (in the server and by
/// `charter journal compact`), and history reading the same whatever the encoding.
@Suite struct JournalRetentionTests {
    static func person(_ c: RawClient, _ n: Int) throws -> Int {
        let r = try c.call(
            "POST",
            "/api/v1/people",
            json: #"{"name":"Person \#(n)","email":"p\#(n)@example.com","title":"Analyst"}"#
        )
        #expect(r.status == 201, "\(r.text)")
        return try r.json()["id"] as? Int ?? 0
    }

    /// Each entry's id, action and `at`, oldest first.
    static func entries(_ pool: DatabasePool) throws -> [(id: Int64, action: String, at: String)] {
        try pool.read { db in
            try db.query("SELECT id, action, at FROM change_log ORDER BY id").map {
                (try $0.get(0, as: Int64.self), try $0.get(1, as: String.self), try $0.get(2, as: String.self))
            }
        }
    }

    /// Backdates the given entries by `days` days.
    static func backdate(_ pool: DatabasePool, _ ids: [Int64], days: Int) throws {
        try pool.write { db in
            for id in ids {
                try db.execute(
                    "UPDATE change_log SET at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?) WHERE id = ?",
                    ["-\(days) days", id]
                )
            }
        }
    }

    /// Rewrites create and delete entries in the encoding of earlier releases: every value wrapped in from/to.
    static func wrapLikeEarlierReleases(_ pool: DatabasePool) throws -> Int {
        try pool.write { db in
            try db.execute(
                """
                UPDATE change_log SET changes = (
                    SELECT json_group_object(key, CASE change_log.action
                        WHEN 'create' THEN json_object('from', NULL, 'to', v)
                        ELSE json_object('from', v, 'to', NULL) END)
                    FROM (SELECT key, CASE type WHEN 'true' THEN json('true') WHEN 'false' THEN json('false')
                        ELSE value END AS v FROM json_each(change_log.changes)))
                WHERE action IN ('create', 'delete')
                """
            )
            return db.changes
        }
    }

    static func history(_ c: RawClient, _ path: String) throws -> String {
        let r = try c.call("GET", path + "/history?perPage=100")
        #expect(r.status == 200, "\(r.text)")
        return r.text
    }

    @Test func createAndDeleteEntriesAreStoredWithoutTheWrapperAndReadBackWithIt() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let id = try Self.person(c, 1)
            #expect(try c.call("PATCH", "/api/v1/people/\(id)", json: #"{"title":"Lead"}"#).status == 200)
            #expect(try c.call("DELETE", "/api/v1/people/\(id)").status == 204)
            let stored = try service.database.read { db in
                try db.query("SELECT action, changes FROM change_log ORDER BY id").map {
                    (try $0.get(0, as: String.self), try $0.get(1, as: String.self))
                }
            }
            #expect(stored.map(\.0) == ["create", "update", "delete"])
            #expect(stored[0].1.contains(#""name":"Person 1""#) && !stored[0].1.contains("from"), "\(stored[0].1)")
            #expect(!stored[0].1.contains("null"), "null fields are left out: \(stored[0].1)")
            #expect(stored[1].1 == #"{"title":{"from":"Analyst","to":"Lead"}}"#)
            #expect(stored[2].1.contains(#""title":"Lead""#) && !stored[2].1.contains("from"), "\(stored[2].1)")
            let admin = try RawClient(service, role: .admin)  // a deleted record's values are shown to admins only
            let items = try admin.call("GET", "/api/v1/people/\(id)/history").items()
            let create = try #require(items.last?["changes"] as? [String: [String: Any]])
            #expect(create["name"]?["to"] as? String == "Person 1")
            #expect(create["name"]?.keys.sorted() == ["from", "to"] && create["name"]?["from"] is NSNull)
            let delete = try #require(items.first?["changes"] as? [String: [String: Any]])
            #expect(delete["title"]?["from"] as? String == "Lead" && delete["title"]?["to"] is NSNull)
        }
    }

    @Test func entriesOfEarlierReleasesReadBackTheSameAndCompactToTheNewEncoding() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            let wp = try ProjectPlanTests.package(
                c,
                p,
                "Design",
                extra: #""durationDays":3,"estimatedEffortHours":12.5,"description":"A \"quoted\" line\nand more""#
            )
            let gone = try Self.person(c, 2)
            #expect(try c.call("DELETE", "/api/v1/people/\(gone)").status == 204)
            let paths = ["/api/v1/projects/\(p)", "/api/v1/work-packages/\(wp)", "/api/v1/people/\(gone)"]
            let before = try paths.map { try Self.history(c, $0) }
            let compact = try service.database.read { db in
                try db.query("SELECT id, changes FROM change_log ORDER BY id").map { try $0.get(1, as: String.self) }
            }
            #expect(try Self.wrapLikeEarlierReleases(service.database) == 4)
            let wrapped = try service.database.read { db in
                try db.query("SELECT changes FROM change_log ORDER BY id").map { try $0.get(0, as: String.self) }
            }
            #expect(wrapped != compact && wrapped.allSatisfy { $0.contains(#"{"from":"#) })
            #expect(try paths.map { try Self.history(c, $0) } == before, "old entries read back as they did")
            let (rewritten, saved) = try Journal.reencode(service.database, batchSize: 2)
            #expect(rewritten == 4 && saved > 0)
            let again = try service.database.read { db in
                try db.query("SELECT changes FROM change_log ORDER BY id").map { try $0.get(0, as: String.self) }
            }
            #expect(again == compact, "rewritten exactly as this release writes them")
            #expect(try paths.map { try Self.history(c, $0) } == before)
        }
    }

    @Test func pruningKeepsWhatIsNewerThanTheCutoffAndRemovesWhatIsOlder() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            for n in 1...12 {
                let id = try Self.person(c, n)
                #expect(try c.call("PATCH", "/api/v1/people/\(id)", json: #"{"title":"T\#(n)"}"#).status == 200)
            }
            let all = try Self.entries(service.database)
            #expect(all.count == 24)
            // Old entries mostly first, as time runs, but also a few scattered later (a clock set back).
            let old = all.prefix(9).map(\.id) + [all[13].id, all[20].id]
            let recent = [all[9].id, all[15].id]  // 29 days: kept by a 30-day retention
            try Self.backdate(service.database, old, days: 31)
            try Self.backdate(service.database, recent, days: 29)
            #expect(try Journal.prune(service.database, olderThanDays: 30, batchSize: 4) == old.count)
            let kept = try Self.entries(service.database).map(\.id)
            #expect(kept == all.map(\.id).filter { !old.contains($0) })
            #expect(try Journal.prune(service.database, olderThanDays: 30) == 0)
            #expect(try Journal.prune(service.database, olderThanDays: 28) == recent.count)
            // History of a record whose create entry is gone still answers with what is left.
            #expect(try c.call("GET", "/api/v1/people/1/history").status == 404, "nothing left of person 1")
            let seventh = try c.call("GET", "/api/v1/people/7/history").items()
            #expect(seventh.map { $0["action"] as? String } == ["create"], "its update was backdated")
            let last = try c.call("GET", "/api/v1/people/12/history").items()
            #expect(last.map { $0["action"] as? String } == ["update", "create"])
        }
    }

    /// A database with old entries, served with `journalRetentionDays`: the server prunes them soon after start.
    @Test func theServerPrunesOlderEntriesInTheBackground() throws {
        var config = TestServer.configuration()
        defer {
            try? FileManager.default.removeItem(atPath: (config.databasePath as NSString).deletingLastPathComponent)
        }
        var old: [Int64] = []
        var all: [Int64] = []
        try TestServer.copyTemplate(to: config.databasePath)
        do {
            let service = try CharterService(configuration: config, logger: TestServer.logger)
            try service.start()
            defer { service.shutdown() }
            let c = try RawClient(service)
            for n in 1...5 { _ = try Self.person(c, n) }
            all = try Self.entries(service.database).map(\.id)
            old = Array(all.prefix(3))
            try Self.backdate(service.database, old, days: 8)
        }
        config.journalRetentionDays = 7
        let service = try CharterService(configuration: config, logger: TestServer.logger)
        try service.start()
        defer { service.shutdown() }
        // The first run is a second after start; polled until it has happened (not a bound on how long it takes).
        var remaining = all
        var polls = 0
        while remaining.count == all.count, polls < 1200 {
            Thread.sleep(forTimeInterval: 0.1)
            remaining = try Self.entries(service.database).map(\.id)
            polls += 1
        }
        #expect(remaining == Array(all.dropFirst(3)))
    }

    /// `charter journal compact` on a real SQLite file, run as the command it is.
    @Test func theCompactCommandPrunesAndRewritesARealDatabase() throws {
        let config = TestServer.configuration()
        let folder = (config.databasePath as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var all: [Int64] = []
        var histories: [String] = []
        try TestServer.copyTemplate(to: config.databasePath)
        do {
            let service = try CharterService(configuration: config, logger: TestServer.logger)
            try service.start()
            defer { service.shutdown() }
            let c = try RawClient(service)
            for n in 1...6 {
                let id = try Self.person(c, n)
                #expect(try c.call("PATCH", "/api/v1/people/\(id)", json: #"{"title":"T\#(n)"}"#).status == 200)
            }
            all = try Self.entries(service.database).map(\.id)
            try Self.backdate(service.database, Array(all.prefix(4)), days: 100)
            #expect(try Self.wrapLikeEarlierReleases(service.database) == 6)
            histories = try (3...6).map { try Self.history(c, "/api/v1/people/\($0)") }
        }
        let charter = try #require(Self.charterBinary(), "the charter executable is built beside the tests")
        let (status, output) = try Self.run(
            charter,
            ["journal", "compact", "--older-than", "90", "--db", config.databasePath]
        )
        #expect(status == 0, "\(output)")
        #expect(output.contains("deleted 4 journal entries older than"), "\(output)")
        #expect(output.contains("rewrote 4 create/delete entries"), "\(output)")
        #expect(output.contains("journal: 8 entries"), "\(output)")
        let (vacuumStatus, vacuumOutput) = try Self.run(
            charter,
            ["journal", "compact", "--vacuum", "--db", config.databasePath]
        )
        #expect(vacuumStatus == 0 && vacuumOutput.contains("deleted") == false, "\(vacuumOutput)")
        #expect(vacuumOutput.contains("0 of them free pages"), "\(vacuumOutput)")
        let (badStatus, _) = try Self.run(
            charter,
            ["journal", "compact", "--older-than", "-3", "--db", config.databasePath]
        )
        #expect(badStatus != 0)

        let service = try CharterService(configuration: config, logger: TestServer.logger)
        try service.start()
        defer { service.shutdown() }
        #expect(try Self.entries(service.database).map(\.id) == Array(all.dropFirst(4)))
        let wrapped = try service.database.read { db in
            try db.scalar(
                Int.self,
                "SELECT count(*) FROM change_log WHERE changes LIKE '%{\"from\":%' AND action = 'create'"
            )
        }
        #expect(wrapped == 0)
        let c = try RawClient(service)
        #expect(try (3...6).map { try Self.history(c, "/api/v1/people/\($0)") } == histories)
    }

    /// The `charter` executable: beside the test bundle (`swift test` builds every product), else in `.build/debug`.
    static func charterBinary() -> String? {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        return [beside, TestServer.repositoryRoot + "/.build/debug"].map { $0 + "/charter" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CHARTER_") }
        environment["CHARTER_LOG_LEVEL"] = "error"
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: NSTemporaryDirectory())
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

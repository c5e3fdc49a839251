import App
import Foundation
import Storage
import TestSupport
import Testing

/// WBS renumbering rewrites only what moves. After every write, the stored positions, codes, paths and leaf flags
/// of the whole project are compared with a recomputation from `parent` and sibling order alone, so a sibling or a
/// subtree the incremental renumbering missed fails the test.
@Suite struct WBSRenumberTests {
    struct Row {
        let id: Int64
        let parent: Int64?
        let position: Int64?
        let code: String?
        let path: String?
        let isLeaf: Bool
    }

    static func rows(_ service: CharterService, _ project: Int) throws -> [Row] {
        try service.database.read { db in
            try db.query(
                "SELECT id, parent_id, position, wbs_code, wbs_path, is_leaf FROM work_packages WHERE project_id = ?",
                [project]
            ).map {
                Row(
                    id: try $0.get(0, as: Int64.self),
                    parent: try $0.get(1, as: Int64?.self),
                    position: try $0.get(2, as: Int64?.self),
                    code: try $0.get(3, as: String?.self),
                    path: try $0.get(4, as: String?.self),
                    isLeaf: try $0.get(5, as: Bool.self)
                )
            }
        }
    }

    /// Positions 1…n among siblings; codes and paths from the root down; leaves have no children. Returns the
    /// problems found (empty: the stored tree is right) and the codes by id.
    static func verify(_ service: CharterService, _ project: Int) throws -> (problems: [String], codes: [Int64: String])
    {
        let rows = try rows(service, project)
        var children: [Int64?: [Row]] = [:]
        for row in rows { children[row.parent, default: []].append(row) }
        var problems: [String] = []
        var expected: [Int64: (code: String, path: String)] = [:]
        func walk(_ parent: Int64?, code: String, path: String) {
            let kids = (children[parent] ?? []).sorted { ($0.position ?? 0, $0.id) < ($1.position ?? 0, $1.id) }
            for (i, kid) in kids.enumerated() {
                if kid.position != Int64(i + 1) {
                    problems.append("package \(kid.id): position \(kid.position ?? -1), expected \(i + 1)")
                }
                let padded = String(repeating: "0", count: 7 - String(i + 1).count) + String(i + 1)
                let c = code.isEmpty ? String(i + 1) : code + "." + String(i + 1)
                let p = path.isEmpty ? padded : path + "." + padded
                expected[kid.id] = (c, p)
                walk(kid.id, code: c, path: p)
            }
        }
        walk(nil, code: "", path: "")
        for row in rows {
            guard let e = expected[row.id] else {
                problems.append("package \(row.id) is not reachable from the top")
                continue
            }
            if row.code != e.code {
                problems.append("package \(row.id): code \(row.code ?? "nil"), expected \(e.code)")
            }
            if row.path != e.path {
                problems.append("package \(row.id): path \(row.path ?? "nil"), expected \(e.path)")
            }
            let leaf = children[row.id]?.isEmpty ?? true
            if row.isLeaf != leaf { problems.append("package \(row.id): isLeaf \(row.isLeaf), expected \(leaf)") }
        }
        return (problems, expected.mapValues(\.code))
    }

    static func create(
        _ c: RawClient,
        _ project: Int,
        _ name: String,
        parent: Int? = nil,
        position: Int? = nil
    )
        throws -> Int
    {
        var body = #""project":\#(project),"name":"\#(name)""#
        if let parent { body += #","parent":\#(parent)"# }
        if let position { body += #","position":\#(position)"# }
        let r = try c.call("POST", "/api/v1/work-packages", json: "{\(body)}")
        #expect(r.status == 201, "\(r.text)")
        return try r.json()["id"] as? Int ?? 0
    }

    /// Three top-level packages with three children each, and one grandchild under 2.2: ids by code.
    static func tree(_ c: RawClient, _ project: Int) throws -> [String: Int] {
        var ids: [String: Int] = [:]
        for top in 1...3 {
            ids["\(top)"] = try create(c, project, "P\(top)")
            for child in 1...3 {
                ids["\(top).\(child)"] = try create(c, project, "P\(top).\(child)", parent: ids["\(top)"])
            }
        }
        ids["2.2.1"] = try create(c, project, "P2.2.1", parent: ids["2.2"])
        return ids
    }

    static func expectConsistent(
        _ service: CharterService,
        _ project: Int,
        _ step: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [Int64: String] {
        let (problems, codes) = try verify(service, project)
        #expect(
            problems.isEmpty,
            "after \(step): \(problems.prefix(10).joined(separator: "; "))",
            sourceLocation: sourceLocation
        )
        return codes
    }

    @Test func insertsAtTheFrontInTheMiddleAtTheEndAndBeyondIt() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            let ids = try Self.tree(c, p)
            _ = try Self.expectConsistent(service, p, "building the tree")
            let front = try Self.create(c, p, "front", position: 1)
            var codes = try Self.expectConsistent(service, p, "an insert at the front of the top level")
            #expect(codes[Int64(front)] == "1" && codes[Int64(ids["2.2.1"]!)] == "3.2.1")
            let middle = try Self.create(c, p, "middle", parent: ids["2"], position: 2)
            codes = try Self.expectConsistent(service, p, "an insert in the middle of 2's children")
            #expect(codes[Int64(middle)] == "3.2" && codes[Int64(ids["2.2.1"]!)] == "3.3.1")
            #expect(codes[Int64(ids["2.1"]!)] == "3.1" && codes[Int64(ids["2.3"]!)] == "3.4")
            let end = try Self.create(c, p, "end", parent: ids["3"], position: 4)
            codes = try Self.expectConsistent(service, p, "an insert at the end")
            #expect(codes[Int64(end)] == "4.4")
            let beyond = try Self.create(c, p, "beyond", parent: ids["1"], position: 999)
            codes = try Self.expectConsistent(service, p, "an insert far beyond the end")
            #expect(codes[Int64(beyond)] == "2.4")
            let leaf = try Self.create(c, p, "under a leaf", parent: ids["1.1"], position: 5)
            codes = try Self.expectConsistent(service, p, "an insert under a leaf")
            #expect(codes[Int64(leaf)] == "2.1.1")
            let record = try c.call("GET", "/api/v1/work-packages/\(leaf)").json()
            #expect(record["position"] as? Int == 1 && record["wbsPath"] as? String == "0000002.0000001.0000001")
        }
    }

    @Test func movesWithinAndAcrossParentsCarryTheirSubtrees() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            let ids = try Self.tree(c, p)
            func patch(_ code: String, _ body: String) throws {
                let r = try c.call("PATCH", "/api/v1/work-packages/\(ids[code]!)", json: body)
                #expect(r.status == 200, "\(r.text)")
            }
            func code(_ codes: [Int64: String], _ original: String) -> String? { codes[Int64(ids[original]!)] }
            // Within a parent: last to first, then first to the middle.
            try patch("2.3", #"{"position":1}"#)
            var codes = try Self.expectConsistent(service, p, "moving 2.3 to the front")
            #expect(code(codes, "2.3") == "2.1" && code(codes, "2.1") == "2.2" && code(codes, "2.2.1") == "2.3.1")
            try patch("2.3", #"{"position":2}"#)
            codes = try Self.expectConsistent(service, p, "moving it back to the middle")
            #expect(code(codes, "2.1") == "2.1" && code(codes, "2.3") == "2.2" && code(codes, "2.2.1") == "2.3.1")
            // A subtree across parents, keeping its position number (2.2, now third among its siblings, goes third under 3).
            try patch("2.2", #"{"parent":\#(ids["3"]!)}"#)
            codes = try Self.expectConsistent(service, p, "moving 2.2 with its child under 3")
            #expect(code(codes, "2.2") == "3.3" && code(codes, "2.2.1") == "3.3.1" && code(codes, "3.3") == "3.4")
            // Across parents to a given position, and to the top level.
            try patch("2.2", #"{"parent":\#(ids["1"]!),"position":1}"#)
            codes = try Self.expectConsistent(service, p, "moving it to the front of 1")
            #expect(code(codes, "2.2") == "1.1" && code(codes, "1.1") == "1.2" && code(codes, "2.2.1") == "1.1.1")
            try patch("2.2", #"{"parent":null,"position":2}"#)
            codes = try Self.expectConsistent(service, p, "moving it to the top level")
            #expect(code(codes, "2.2") == "2" && code(codes, "2") == "3" && code(codes, "2.2.1") == "2.1")
            // A whole top-level subtree under the last package of another; its old parent's later siblings close up.
            try patch("1", #"{"parent":\#(ids["3.3"]!)}"#)
            codes = try Self.expectConsistent(service, p, "moving 1 under 3.3")
            #expect(code(codes, "2.2") == "1" && code(codes, "1") == "3.3.1" && code(codes, "1.3") == "3.3.1.3")
            // The last child leaves: its parent becomes a leaf again.
            try patch("2.2.1", #"{"parent":\#(ids["1.1"]!),"position":1}"#)
            _ = try Self.expectConsistent(service, p, "moving 2.2.1 out of 2.2")
            let moved = try c.call("GET", "/api/v1/work-packages/\(ids["2.2"]!)").json()
            #expect(moved["isLeaf"] as? Bool == true)
        }
    }

    @Test func deletesCloseTheGap() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            let ids = try Self.tree(c, p)
            #expect(try c.call("DELETE", "/api/v1/work-packages/\(ids["2.1"]!)").status == 204)
            var codes = try Self.expectConsistent(service, p, "deleting 2.1")
            #expect(codes[Int64(ids["2.2.1"]!)] == "2.1.1" && codes[Int64(ids["2.3"]!)] == "2.2")
            #expect(try c.call("DELETE", "/api/v1/work-packages/\(ids["2"]!)").status == 204)
            codes = try Self.expectConsistent(service, p, "deleting 2 with its subtree")
            #expect(codes[Int64(ids["3.2"]!)] == "2.2" && codes.count == 8)
            for child in ["1.1", "1.2", "1.3"] {
                #expect(try c.call("DELETE", "/api/v1/work-packages/\(ids[child]!)").status == 204)
            }
            codes = try Self.expectConsistent(service, p, "deleting every child of 1")
            #expect(try c.call("GET", "/api/v1/work-packages/\(ids["1"]!)").json()["isLeaf"] as? Bool == true)
        }
    }

    /// A few hundred random inserts, moves, reorders and deletes, the tree checked after each one.
    @Test func randomEditsKeepTheWholeTreeRight() throws {
        try TestServer.withCharter({ $0.rateLimitPerMinute = 0 }) { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            var random = SplitMix(seed: 11)
            var live: [Int] = []
            for n in 0..<250 {
                let choice = live.count < 8 ? 0 : random.next(100)
                let parent: Int? = live.isEmpty || random.next(5) == 0 ? nil : live[random.next(live.count)]
                let position = random.next(3) == 0 ? nil : 1 + random.next(12)
                var step = ""
                switch choice {
                case 0..<45:
                    live.append(try Self.create(c, p, "R\(n)", parent: parent, position: position))
                    step =
                        "insert \(n) under \(parent.map(String.init) ?? "top") at \(position.map(String.init) ?? "end")"
                case 45..<85:
                    let id = live[random.next(live.count)]
                    var body = #""parent":\#(parent.map(String.init) ?? "null")"#
                    if random.next(3) == 0 { body = "" }
                    if let position { body += (body.isEmpty ? "" : ",") + #""position":\#(position)"# }
                    if body.isEmpty { body = #""position":1"# }
                    let r = try c.call("PATCH", "/api/v1/work-packages/\(id)", json: "{\(body)}")
                    // A move into its own subtree (or onto itself) is refused and changes nothing.
                    #expect(r.status == 200 || r.status == 409, "\(r.text)")
                    step = "move \(id) with {\(body)}: \(r.status)"
                default:
                    let id = live[random.next(live.count)]
                    #expect(try c.call("DELETE", "/api/v1/work-packages/\(id)").status == 204)
                    let remaining = Set(try Self.rows(service, p).map { Int($0.id) })
                    live.removeAll { !remaining.contains($0) }
                    step = "delete \(id)"
                }
                let (problems, _) = try Self.verify(service, p)
                #expect(problems.isEmpty, "after step \(n), \(step): \(problems.prefix(10).joined(separator: "; "))")
                if !problems.isEmpty { break }
            }
        }
    }
}

/// A small seeded generator, so a failing sequence is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

import App
import Foundation
import TestSupport
import Testing

/// The WBS is at most `WorkPackages.maxDepth` (20) levels deep, on create and on move (issue 16: each package stores
/// its whole path, and 3,000 nested packages grew the database from 36 to 206 MiB).
@Suite struct WBSDepthTests {
    /// A chain of `count` packages, each under the one before (the first under `parent`): their ids, top first.
    static func chain(_ c: RawClient, _ project: Int, _ count: Int, under parent: Int? = nil) throws -> [Int] {
        var ids: [Int] = []
        for level in 0..<count {
            ids.append(try WBSRenumberTests.create(c, project, "L\(level)", parent: ids.last ?? parent))
        }
        return ids
    }

    @Test func aPackageBelowLevelTwentyIsRefusedNamingTheLimit() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            let ids = try Self.chain(c, p, 20)
            let deepest = try c.call("GET", "/api/v1/work-packages/\(ids[19])")
            #expect(try deepest.json()["wbsCode"] as? String == Array(repeating: "1", count: 20).joined(separator: "."))
            for position in [nil, 1] as [Int?] {
                var body = #"{"project":\#(p),"name":"too deep","parent":\#(ids[19])"#
                if let position { body += #","position":\#(position)"# }
                let r = try c.call("POST", "/api/v1/work-packages", json: body + "}")
                #expect(r.status == 422, "\(r.text)")
                #expect(r.text.contains("too_deep") && r.text.contains("at most 20 levels"), "\(r.text)")
            }
            #expect(try c.call("GET", "/api/v1/work-packages?parent=eq.\(ids[19])").items().isEmpty)
        }
    }

    @Test func aMoveIsMeasuredByTheDeepestPackageOfTheSubtree() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let p = try ProjectPlanTests.project(c)
            let deep = try Self.chain(c, p, 15)  // levels 1…15
            let subtree = try Self.chain(c, p, 6)  // levels 1…6: moved under level 15, its bottom would be level 21
            _ = try WBSRenumberTests.create(c, p, "side", parent: subtree[0])  // a shallower branch beside it
            let move = try c.call("PATCH", "/api/v1/work-packages/\(subtree[0])", json: #"{"parent":\#(deep[14])}"#)
            #expect(move.status == 422, "\(move.text)")
            #expect(move.text.contains("too_deep") && move.text.contains("level 21"), "\(move.text)")
            #expect(try WBSRenumberTests.expectConsistent(service, p, "a refused move").count == 22)
            // One level higher it fits exactly: the subtree's bottom lands on level 20.
            let fits = try c.call("PATCH", "/api/v1/work-packages/\(subtree[0])", json: #"{"parent":\#(deep[13])}"#)
            #expect(fits.status == 200, "\(fits.text)")
            let bottom = try c.call("GET", "/api/v1/work-packages/\(subtree[5])").json()["wbsCode"] as? String
            #expect(bottom?.split(separator: ".").count == 20)
            // A write that does not move it (same parent) is not measured again.
            let rename = try c.call("PATCH", "/api/v1/work-packages/\(subtree[0])", json: #"{"name":"renamed"}"#)
            #expect(rename.status == 200, "\(rename.text)")
        }
    }
}

import App
import Foundation
import TestSupport
import Testing

/// Cached search pages never outlive the data they came from: a write through the server shows at once, an
/// import by another writer (what `charter import` does while the server runs) within about a second.
@Suite struct CareerSearchCacheTests {
    @Test func anImportBesideTheServerShowsInSearchWithinASecond() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            let path = "/api/v1/careers?q=zyxplorer"
            #expect(try client.call("GET", path).json()["totalItems"] as? Int == 0)  // now cached

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("zyx-\(UUID().uuidString).txt")
            defer { try? FileManager.default.removeItem(at: file) }
            try """
            Example Career: Chief Executives
            Career Description
            Set the strategic direction of the enterprise as its Zyxplorer.
            What Job Titles Chief Executives Might Have
            - Chief Zyxplorer
            """.write(to: file, atomically: true, encoding: .utf8)
            _ = try ProfileImporter(code: "11-1011.00").importFile(file.path, into: service.database)

            var found: [String?] = []
            let deadline = Date().addingTimeInterval(3)
            while Date() < deadline {
                found = try client.call("GET", path).items().map { $0["code"] as? String }
                if !found.isEmpty { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            #expect(found == ["11-1011.00"])
        }
    }
}

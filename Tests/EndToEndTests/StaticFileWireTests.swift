import Foundation
import HTTPCore
import TestSupport
import Testing

@Suite struct StaticFileWireTests {
    /// A public folder with an index, a stylesheet and its .gz sibling, and a secret next to (outside) it.
    static func makeSite() throws -> (root: String, cleanup: () -> Void) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("charter-site-\(UUID().uuidString)")
        let root = base.appendingPathComponent("public")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("docs"),
            withIntermediateDirectories: true
        )
        try Data("<h1>home</h1>".utf8).write(to: root.appendingPathComponent("index.html"))
        try Data("<h1>docs</h1>".utf8).write(to: root.appendingPathComponent("docs/index.html"))
        let css = String(repeating: "body { color: #333; }\n", count: 200)
        try Data(css.utf8).write(to: root.appendingPathComponent("site.css"))
        try Data(Gzip.compress(Array(css.utf8))).write(to: root.appendingPathComponent("site.css.gz"))
        try Data("top secret".utf8).write(to: base.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("escape.txt").path,
            withDestinationPath: base.appendingPathComponent("secret.txt").path
        )
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("up").path,
            withDestinationPath: base.path
        )
        return (root.path, { try? FileManager.default.removeItem(at: base) })
    }

    @Test func servesIndexWithValidatorsAndAnswers304() throws {
        let site = try Self.makeSite()
        defer { site.cleanup() }
        try TestServer.withCharter({ $0.publicDirectory = site.root }) { service in
            let client = try RawClient(port: service.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let first = try client.readResponse()
            #expect(first.status == 200)
            #expect(first.text == "<h1>home</h1>")
            #expect(first.headers["Content-Type"] == "text/html; charset=utf-8")
            let etag = try #require(first.headers["ETag"])
            let modified = try #require(first.headers["Last-Modified"])
            #expect(first.headers["Cache-Control"] == "no-cache")

            try client.send("GET / HTTP/1.1\r\nHost: t\r\nIf-None-Match: \(etag)\r\n\r\n")
            let revalidated = try client.readResponse()
            #expect(revalidated.status == 304)
            #expect(revalidated.body.isEmpty)
            #expect(revalidated.headers["ETag"] == etag)

            try client.send("GET / HTTP/1.1\r\nHost: t\r\nIf-Modified-Since: \(modified)\r\n\r\n")
            #expect(try client.readResponse().status == 304)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"other\"\r\n\r\n")
            #expect(try client.readResponse().status == 200)

            try client.send("GET /docs HTTP/1.1\r\nHost: t\r\n\r\n")
            let redirect = try client.readResponse()
            #expect(redirect.status == 301)
            #expect(redirect.headers["Location"] == "/docs/")
            try client.send("GET /docs/ HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "<h1>docs</h1>")
        }
    }

    @Test func servesThePrecompressedSibling() throws {
        let site = try Self.makeSite()
        defer { site.cleanup() }
        try TestServer.withCharter({ $0.publicDirectory = site.root }) { service in
            let client = try RawClient(port: service.port)
            try client.send("GET /site.css HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            let zipped = try client.readResponse()
            #expect(zipped.headers["Content-Encoding"] == "gzip")
            #expect(zipped.headers["Content-Type"] == "text/css; charset=utf-8")
            try client.send("GET /site.css HTTP/1.1\r\nHost: t\r\n\r\n")
            let plain = try client.readResponse()
            #expect(plain.headers["Content-Encoding"] == nil)
            #expect(try Gzip.decompress(zipped.body) == plain.body)
        }
    }

    static let escapes = [
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt", "/docs/..%2f..%2fsecret.txt",
        "/docs/%2e%2e/%2e%2e/secret.txt", "/escape.txt", "/up/secret.txt", "/%00", "/.%2e/secret.txt",
        "/docs/../../secret.txt",
    ]

    @Test(arguments: escapes)
    func noPathLeavesTheRoot(_ path: String) throws {
        let site = try Self.makeSite()
        defer { site.cleanup() }
        try TestServer.withCharter({ $0.publicDirectory = site.root }) { service in
            let client = try RawClient(port: service.port)
            try client.send("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 404)
            #expect(!response.text.contains("top secret"))
        }
    }

    @Test func landingPageShipsInPublic() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text.contains("Charter"))
            #expect(response.text.contains("/api/v1/openapi.json"))
        }
    }
}

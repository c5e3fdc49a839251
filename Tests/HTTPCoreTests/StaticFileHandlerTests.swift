import Foundation
import Testing

@testable import HTTPCore

/// A served folder in a fresh temporary directory, with a secret file and a folder beside it, removed on deinit.
final class StaticFileFixture {
    static let mtime = 784_111_777
    let base: URL
    let root: URL
    let handler: StaticFileHandler

    init() throws {
        let fm = FileManager.default
        base = fm.temporaryDirectory.appendingPathComponent("charter-static-\(UUID().uuidString)")
        root = base.appendingPathComponent("root")
        let files: [String: String] = [
            "secret.txt": "top secret", "outside/file.txt": "outside", "root/index.html": "<h1>home</h1>",
            "root/style.css": "body{}", "root/app.js": "console.log(1)", "root/app.js.gz": "GZIPPED-BYTES",
            "root/data.json": "{\"a\":1}", "root/logo.png": "PNG", "root/sub/index.html": "<h1>sub</h1>",
            "root/sub/page.txt": "page", "root/noindex/readme.txt": "x", "root/.hidden": "hidden",
        ]
        for (path, text) in files {
            let url = base.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            let date = Date(timeIntervalSince1970: TimeInterval(Self.mtime))
            try fm.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
        }
        try fm.createSymbolicLink(atPath: root.path + "/link-secret", withDestinationPath: base.path + "/secret.txt")
        try fm.createSymbolicLink(atPath: root.path + "/link-outside", withDestinationPath: base.path + "/outside")
        try fm.createSymbolicLink(atPath: root.path + "/link-relative", withDestinationPath: "../secret.txt")
        try fm.createSymbolicLink(atPath: root.path + "/alias.css", withDestinationPath: root.path + "/style.css")
        handler = StaticFileHandler(root: root.path)
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    func respond(_ target: String, _ headers: HTTPHeaders = HTTPHeaders()) throws -> Response {
        try handler.respond(to: Request(method: .get, target: target, headers: headers))
    }

    /// The entity tag the handler derives from a file's size and modification time.
    static func etag(size: Int) -> String { "\"\(String(size, radix: 16))-\(String(mtime * 1000, radix: 16))\"" }
}

@Suite("StaticFileHandler: serving")
struct StaticFileHandlerTests {
    let fixture: StaticFileFixture
    init() throws { fixture = try StaticFileFixture() }

    static let lastModified = "Sun, 06 Nov 1994 08:49:37 GMT"

    @Test func servesFileWithTypeETagAndLastModified() throws {
        let response = try fixture.respond("/style.css")
        #expect(response.status == .ok)
        #expect(String(decoding: response.body, as: UTF8.self) == "body{}")
        #expect(response.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(response.headers["ETag"] == StaticFileFixture.etag(size: 6))
        #expect(response.headers["Last-Modified"] == Self.lastModified)
        #expect(response.headers["Cache-Control"] == "public, max-age=300")
        #expect(response.headers["Content-Encoding"] == nil)
    }

    @Test func servesIndexForRootAndSubfolder() throws {
        let home = try fixture.respond("/")
        #expect(String(decoding: home.body, as: UTF8.self) == "<h1>home</h1>")
        #expect(home.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(home.headers["Cache-Control"] == "no-cache")
        #expect(String(decoding: try fixture.respond("/sub/").body, as: UTF8.self) == "<h1>sub</h1>")
    }

    @Test func folderWithoutTrailingSlashRedirects() throws {
        let response = try fixture.respond("/sub")
        #expect(response.status.code == 301)
        #expect(response.headers["Location"] == "/sub/")
        #expect(try fixture.respond("/sub?lang=fr").headers["Location"] == "/sub/?lang=fr")
    }

    /// `//sub` names the same folder as `/sub`, but `Location: //sub/` is a protocol-relative URL: the browser
    /// would go to the host `sub` (an open redirect).
    @Test func folderRedirectNeverPointsOffSite() throws {
        let response = try fixture.respond("//sub")
        #expect(response.status.code == 301)
        let location = try #require(response.headers["Location"])
        #expect(!location.hasPrefix("//"), "Location: \(location)")
        #expect(location.hasSuffix("sub/"))
    }

    @Test func folderWithoutIndexIs404() {
        let error = #expect(throws: HTTPError.self) { try fixture.respond("/noindex/") }
        #expect(error?.status.code == 404)
    }

    @Test(arguments: [StaticFileFixture.etag(size: 6), "W/" + StaticFileFixture.etag(size: 6), "*"])
    func matchingIfNoneMatchIs304(tag: String) throws {
        let response = try fixture.respond("/style.css", ["If-None-Match": "\"other\", " + tag])
        #expect(response.status.code == 304)
        #expect(response.body.isEmpty)
        #expect(response.headers["ETag"] == StaticFileFixture.etag(size: 6))
        #expect(response.headers["Content-Type"] == nil)
    }

    @Test func nonMatchingIfNoneMatchIs200EvenWithMatchingDate() throws {
        let headers: HTTPHeaders = ["If-None-Match": "\"nope\"", "If-Modified-Since": Self.lastModified]
        let response = try fixture.respond("/style.css", headers)
        #expect(response.status.code == 200)
        #expect(response.body.count == 6)
    }

    @Test func ifModifiedSinceDecidesWithoutIfNoneMatch() throws {
        #expect(try fixture.respond("/style.css", ["If-Modified-Since": Self.lastModified]).status.code == 304)
        let earlier = HTTPDate.format(StaticFileFixture.mtime - 1)
        #expect(try fixture.respond("/style.css", ["If-Modified-Since": earlier]).status.code == 200)
        #expect(try fixture.respond("/style.css", ["If-Modified-Since": "yesterday"]).status.code == 200)
    }

    @Test func servesPrecompressedSiblingWhenGzipIsAccepted() throws {
        let response = try fixture.respond("/app.js", ["Accept-Encoding": "gzip, br"])
        #expect(String(decoding: response.body, as: UTF8.self) == "GZIPPED-BYTES")
        #expect(response.headers["Content-Encoding"] == "gzip")
        #expect(response.headers["Content-Type"] == "text/javascript; charset=utf-8")
        #expect(response.headers["Vary"] == "Accept-Encoding")
        #expect(response.headers["ETag"] == "\"e-\(String(StaticFileFixture.mtime * 1000, radix: 16))-gz\"")
    }

    /// RFC 9110 §15.4.5: a 304 carries the ETag a 200 to the same request would have carried.
    @Test func notModifiedForTheGzipVariantCarriesItsETag() throws {
        let gzTag = "\"e-\(String(StaticFileFixture.mtime * 1000, radix: 16))-gz\""
        let response = try fixture.respond("/app.js", ["Accept-Encoding": "gzip", "If-None-Match": gzTag])
        #expect(response.status.code == 304)
        #expect(response.headers["ETag"] == gzTag)
    }

    @Test(arguments: [nil, "gzip;q=0", "br"])
    func servesPlainFileWhenGzipIsNotAccepted(acceptEncoding: String?) throws {
        var headers = HTTPHeaders()
        if let acceptEncoding { headers["Accept-Encoding"] = acceptEncoding }
        let response = try fixture.respond("/app.js", headers)
        #expect(String(decoding: response.body, as: UTF8.self) == "console.log(1)")
        #expect(response.headers["Content-Encoding"] == nil)
    }

    @Test func symlinkToAFileInsideTheRootIsServed() throws {
        let response = try fixture.respond("/alias.css")
        #expect(String(decoding: response.body, as: UTF8.self) == "body{}")
        #expect(response.headers["Content-Type"] == "text/css; charset=utf-8")
    }
}

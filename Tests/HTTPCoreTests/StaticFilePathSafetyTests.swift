import Foundation
import Testing

@testable import HTTPCore

@Suite("StaticFileHandler: path safety")
struct StaticFilePathSafetyTests {
    let fixture: StaticFileFixture
    init() throws { fixture = try StaticFileFixture() }

    @Test func fixtureSecretExistsBesideTheRoot() throws {
        let secret = fixture.base.appendingPathComponent("secret.txt").path
        #expect(FileManager.default.contents(atPath: secret) == Data("top secret".utf8))
        #expect(try fixture.respond("/sub/page.txt").status == .ok)
    }

    @Test(
        arguments: [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/sub/%2e%2e/%2e%2e/secret.txt",
            "/sub/../../secret.txt",
            "/..%5csecret.txt",
            "/%00",
            "/index.html%00.png",
            "/.hidden",
            "/%2ehidden",
            "/./index.html",
            "/%zz",
            "/missing.txt",
            "/sub/missing/",
        ]
    )
    func traversalAndOddPathsAre404(target: String) {
        let error = #expect(throws: HTTPError.self) { try fixture.respond(target) }
        #expect(error?.status.code == 404)
    }

    @Test(
        arguments: [
            "/link-secret",
            "/link-relative",
            "/link-outside",
            "/link-outside/",
            "/link-outside/file.txt",
        ]
    )
    func symlinksLeavingTheRootAre404(target: String) {
        let error = #expect(throws: HTTPError.self) { try fixture.respond(target) }
        #expect(error?.status.code == 404)
    }

    @Test(
        arguments: [
            ("/", ""),
            ("/index.html", "index.html"),
            ("/a/b/c.txt", "a/b/c.txt"),
            ("//a//b/", "a/b"),
            ("/a%20b.txt", "a b.txt"),
            ("/caf%C3%A9", "café"),
            ("/a..b", "a..b"),
        ]
    )
    func safeRelativePathDecodesSafeSegments(path: String, relative: String) {
        #expect(StaticFileHandler.safeRelativePath(path) == relative)
    }

    @Test(
        arguments: [
            "/..", "/a/../b", "/.", "/a/./b", "/%2e", "/%2e%2e", "/a%2fb", "/a%5cb", "/a\\b", "/%00", "/.git/config",
            "/%zz", "/%FF",
        ]
    )
    func safeRelativePathRefusesEscapes(path: String) {
        #expect(StaticFileHandler.safeRelativePath(path) == nil)
    }
}

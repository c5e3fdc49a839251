import Testing

@testable import HTTPCore

@Suite("MIMETypes")
struct MIMETypesTests {
    @Test(
        arguments: [
            ("/srv/www/index.html", "text/html; charset=utf-8"),
            ("page.htm", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("module.mjs", "text/javascript; charset=utf-8"),
            ("data.json", "application/json; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            ("logo.png", "image/png"),
            ("photo.JPG", "image/jpeg"),
            ("font.woff2", "font/woff2"),
            ("app.webmanifest", "application/manifest+json"),
            ("bundle.js.gz", "application/gzip"),
            ("archive.tar.zip", "application/zip"),
        ]
    )
    func knownExtensionsMapToTheirType(path: String, type: String) {
        #expect(MIMETypes.type(forPath: path) == type)
    }

    @Test(
        arguments: [
            "README", "file.unknownext", "/a.d/Makefile", "trailing.", "/srv/www/", "", "archive.tar.bz2",
        ]
    )
    func unknownOrMissingExtensionsAreOctetStream(path: String) {
        #expect(MIMETypes.type(forPath: path) == "application/octet-stream")
    }

    @Test func typeFollowsTheLastExtensionCaseInsensitively() {
        #expect(MIMETypes.type(forPath: "app.min.js") == "text/javascript; charset=utf-8")
        #expect(MIMETypes.type(forPath: "style.css.map") == "application/json; charset=utf-8")
        #expect(MIMETypes.type(forPath: "/X/INDEX.HTML") == "text/html; charset=utf-8")
        #expect(MIMETypes.type(forPath: "/dir.css/file") == "application/octet-stream")
        #expect(MIMETypes.type(forPath: ".hidden.Svg") == "image/svg+xml")
        #expect(MIMETypes.type(forPath: "no-dot") == "application/octet-stream")
    }

    @Test func everyTextTypeDeclaresUTF8() {
        for (ext, type) in MIMETypes.byExtension where type.hasPrefix("text/") {
            #expect(type.hasSuffix("; charset=utf-8"), "\(ext) → \(type)")
        }
    }

    @Test func staticAssetTypesAreCompressibleButImagesAreNot() {
        for ext in ["html", "css", "js", "json", "svg", "txt", "webmanifest"] {
            #expect(CompressibleTypes.contains(MIMETypes.byExtension[ext]), "\(ext)")
        }
        for ext in ["png", "jpg", "gif", "webp", "woff2", "gz", "zip"] {
            #expect(!CompressibleTypes.contains(MIMETypes.byExtension[ext]), "\(ext)")
        }
    }
}

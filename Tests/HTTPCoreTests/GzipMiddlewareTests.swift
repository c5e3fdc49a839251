import Testing

@testable import HTTPCore

@Suite("GzipMiddleware")
struct GzipMiddlewareTests {
    static let bigJSON = Array(("[" + String(repeating: "{\"id\":1,\"name\":\"x\"},", count: 100) + "{}]").utf8)
    static let smallJSON = Array("{\"ok\":true}".utf8)

    /// Runs `response` through a GzipMiddleware (minimum 1024 bytes) for a request with `acceptEncoding`.
    static func run(_ response: Response, acceptEncoding: String?) throws -> Response {
        var headers = HTTPHeaders()
        if let acceptEncoding { headers["Accept-Encoding"] = acceptEncoding }
        let chain = MiddlewareChain([GzipMiddleware(minimumBytes: 1024)], around: ClosureResponder { _ in response })
        return try chain.respond(to: Request(method: .get, target: "/data?x=1", headers: headers))
    }

    static func json(_ body: [UInt8], status: HTTPStatus = .ok) -> Response {
        .bytes(body, contentType: "application/json; charset=utf-8", status: status)
    }

    @Test func compressesLargeJSONAndSetsHeaders() throws {
        #expect(Self.bigJSON.count > 1024)
        var original = Self.json(Self.bigJSON)
        original.headers["ETag"] = "\"abc\""
        let response = try Self.run(original, acceptEncoding: "gzip, deflate")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Encoding"] == "gzip")
        #expect(response.headers.values(for: "Vary") == ["Accept-Encoding"])
        #expect(response.headers["ETag"] == "\"abc-gz\"")
        #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(Array(response.body.prefix(2)) == [0x1f, 0x8b])
        #expect(response.body.count < Self.bigJSON.count)
        #expect(try Gzip.decompress(response.body) == Self.bigJSON)
    }

    /// At or over `largeBodyBytes` the body is compressed at level 1, below it at the configured level.
    @Test func largeBodiesAreCompressedAtLevelOne() throws {
        var body: [UInt8] = []
        var x: UInt32 = 7
        for n in 0..<40_000 {  // varied text, so that levels 1 and 6 really differ
            x = x &* 1_103_515_245 &+ 12345
            body += Array("{\"id\":\(n),\"v\":\"\(x % 997)\"},".utf8)
        }
        let middleware = GzipMiddleware(minimumBytes: 1024, level: 6, largeBodyBytes: body.count)
        var headers = HTTPHeaders()
        headers["Accept-Encoding"] = "gzip"
        let request = Request(method: .get, target: "/", headers: headers)
        for (input, level) in [(body, Int32(1)), (Array(body.dropLast()), Int32(6))] {
            let chain = MiddlewareChain([middleware], around: ClosureResponder { _ in Self.json(input) })
            let response = try chain.respond(to: request)
            #expect(response.body == (try Gzip.compress(input, level: level)), "level \(level)")
            #expect(try Gzip.decompress(response.body) == input)
        }
        #expect(try Gzip.compress(body, level: 1) != (try Gzip.compress(body, level: 6)))
    }

    @Test func doesNotAddASecondVary() throws {
        var original = Self.json(Self.bigJSON)
        original.headers["Vary"] = "Origin, accept-encoding"
        let response = try Self.run(original, acceptEncoding: "gzip")
        #expect(response.headers.values(for: "Vary") == ["Origin, accept-encoding"])
        #expect(response.headers["Content-Encoding"] == "gzip")
    }

    @Test func leavesSmallCompressibleBodyAloneButAddsVary() throws {
        let response = try Self.run(Self.json(Self.smallJSON), acceptEncoding: "gzip")
        #expect(response.body == Self.smallJSON)
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.headers.values(for: "Vary") == ["Accept-Encoding"])
    }

    @Test func leavesIncompressibleTypesAlone() throws {
        let png = [UInt8](repeating: 7, count: 4096)
        let response = try Self.run(.bytes(png, contentType: "image/png"), acceptEncoding: "gzip")
        #expect(response.body == png)
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.headers["Vary"] == nil)
    }

    @Test(arguments: [204, 304])
    func leavesBodylessStatusesAlone(code: Int) throws {
        let response = try Self.run(Self.json(Self.bigJSON, status: HTTPStatus(code: code)), acceptEncoding: "gzip")
        #expect(response.status.code == code)
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.body == Self.bigJSON)
    }

    @Test func leavesAlreadyEncodedResponsesAlone() throws {
        var original = Self.json(Self.bigJSON)
        original.headers["Content-Encoding"] = "br"
        let response = try Self.run(original, acceptEncoding: "gzip")
        #expect(response.headers["Content-Encoding"] == "br")
        #expect(response.body == Self.bigJSON)
    }

    @Test(arguments: [nil, "gzip;q=0", "identity", "br"])
    func respectsClientsThatDoNotAcceptGzip(acceptEncoding: String?) throws {
        let response = try Self.run(Self.json(Self.bigJSON), acceptEncoding: acceptEncoding)
        #expect(response.headers["Content-Encoding"] == nil)
        #expect(response.body == Self.bigJSON)
        #expect(response.headers.values(for: "Vary") == ["Accept-Encoding"])
    }

    @Test func compressesEvenSmallBodiesWhenIdentityIsRefused() throws {
        let response = try Self.run(Self.json(Self.smallJSON), acceptEncoding: "identity;q=0, gzip")
        #expect(response.headers["Content-Encoding"] == "gzip")
        #expect(response.headers.values(for: "Vary") == ["Accept-Encoding"])
        #expect(try Gzip.decompress(response.body) == Self.smallJSON)
        let png = try Self.run(.bytes([1, 2, 3], contentType: "image/png"), acceptEncoding: "gzip, identity;q=0")
        #expect(png.headers["Content-Encoding"] == "gzip")
        #expect(png.headers.values(for: "Vary") == ["Accept-Encoding"])
        #expect(try Gzip.decompress(png.body) == [1, 2, 3])
    }

    @Test(arguments: ["identity;q=0", "*;q=0", "gzip;q=0, identity;q=0"])
    func refusingBothEncodingsIs406Problem(acceptEncoding: String) throws {
        let response = try Self.run(Self.json(Self.bigJSON), acceptEncoding: acceptEncoding)
        #expect(response.status.code == 406)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(response.headers["Vary"] == "Accept-Encoding")
        let problem = try JSON.decode(Problem.self, from: response.body)
        #expect(problem.status == 406)
        #expect(problem.instance == "/data")
    }

    @Test(
        arguments: [
            ("text/html; charset=utf-8", true), ("application/json", true), ("application/problem+json", true),
            ("image/svg+xml", true), ("application/vnd.api+json", true), ("TEXT/CSS", true), ("image/png", false),
            ("application/octet-stream", false), ("font/woff2", false),
        ]
    )
    func classifiesCompressibleTypes(type: String, compressible: Bool) {
        #expect(CompressibleTypes.contains(type) == compressible)
    }
}

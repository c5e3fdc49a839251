import Testing

@testable import HTTPCore

@Suite("Gzip and Accept-Encoding negotiation")
struct GzipTests {
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static let repetitive = Array(String(repeating: "{\"name\":\"value\"},", count: 2000).utf8)

    @Test(arguments: [0, 1, 100, 70_000])
    func randomDataRoundTrips(count: Int) throws {
        let input = Self.randomBytes(count)
        let compressed = try Gzip.compress(input)
        #expect(Array(compressed.prefix(2)) == [0x1f, 0x8b])
        #expect(try Gzip.decompress(compressed) == input)
    }

    @Test(arguments: [1, 6, 9])
    func repetitiveDataRoundTripsAndShrinks(level: Int32) throws {
        let compressed = try Gzip.compress(Self.repetitive, level: level)
        #expect(Array(compressed.prefix(3)) == [0x1f, 0x8b, 0x08])
        #expect(compressed.count < Self.repetitive.count / 10)
        #expect(try Gzip.decompress(compressed) == Self.repetitive)
    }

    @Test func decompressEnforcesItsLimit() throws {
        let bomb = try Gzip.compress([UInt8](repeating: 0, count: 200_000))
        #expect(throws: GzipError.tooLarge(limit: 1000)) { try Gzip.decompress(bomb, limit: 1000) }
        #expect(try Gzip.decompress(bomb, limit: 200_000).count == 200_000)
    }

    @Test func decompressRejectsGarbageAndTruncation() throws {
        #expect(throws: GzipError.self) { try Gzip.decompress(Array("not gzip at all".utf8)) }
        let compressed = try Gzip.compress(Self.repetitive)
        #expect(throws: GzipError.self) { try Gzip.decompress(Array(compressed.dropLast(12))) }
    }

    @Test func missingHeaderMeansIdentityOnly() {
        let accept = AcceptEncoding(header: nil)
        #expect(accept.gzip == 0)
        #expect(accept.identity == 1)
        #expect(accept.choose(preferGzip: true) == .identity)
        #expect(accept.choose(preferGzip: false) == .identity)
    }

    @Test(
        arguments: [
            // header, preferGzip, choice
            ("gzip", true, AcceptEncoding.Choice.gzip),
            ("gzip", false, .identity),
            ("GZIP", true, .gzip),
            ("deflate, gzip;q=1.0, br", true, .gzip),
            ("x-gzip", true, .gzip),
            ("gzip;q=0", true, .identity),
            ("gzip; q=0.000", true, .identity),
            ("identity;q=0, gzip", false, .gzip),
            ("gzip, identity;q=0", true, .gzip),
            ("identity;q=0", true, AcceptEncoding.Choice.none),
            ("*;q=0", true, AcceptEncoding.Choice.none),
            ("gzip;q=0, identity;q=0", false, AcceptEncoding.Choice.none),
            ("*", true, .gzip),
            ("*", false, .identity),
            ("*;q=0, gzip", false, .gzip),
            ("gzip;q=abc", true, .identity),
            ("gzip;q=1.5", true, .identity),
            ("gzip;q=-1", true, .identity),
            ("gzip;q=0.5, identity;q=0.8", true, .identity),
            ("gzip;q=0.8, identity;q=0.5", true, .gzip),
            ("deflate, br", true, .identity),
        ]
    )
    func choosesEncodingFromAcceptEncoding(header: String, preferGzip: Bool, choice: AcceptEncoding.Choice) {
        #expect(AcceptEncoding(header: header).choose(preferGzip: preferGzip) == choice)
    }

    @Test func parsesQValues() {
        let accept = AcceptEncoding(header: "gzip;q=0.5, identity;q=0.8")
        #expect(accept.gzip == 0.5)
        #expect(accept.identity == 0.8)
        #expect(AcceptEncoding(header: "gzip;q=oops").gzip == 0)
        #expect(AcceptEncoding(header: "*").gzip == 1)
        #expect(AcceptEncoding(header: "*;q=0").identity == 0)
    }
}

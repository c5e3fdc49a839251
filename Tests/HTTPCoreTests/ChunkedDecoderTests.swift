import Testing

@testable import HTTPCore

@Suite("ChunkedDecoder")
struct ChunkedDecoderTests {
    struct Decoded: Equatable {
        var body: String
        var consumed: Int
        var done: Bool
    }

    /// Feeds `text` in one piece.
    static func decode(_ text: String, maxBody: Int = 1024) throws -> Decoded {
        var decoder = ChunkedDecoder(maxBody: maxBody)
        var body: [UInt8] = []
        let consumed = try Array(text.utf8).withUnsafeBytes { try decoder.feed($0, into: &body) }
        return Decoded(body: String(decoding: body, as: UTF8.self), consumed: consumed, done: decoder.isDone)
    }

    /// Feeds `text` one byte at a time, as a slow client would send it, stopping once the decoder is done.
    static func decodeByteByByte(_ text: String, maxBody: Int = 1024) throws -> Decoded {
        var decoder = ChunkedDecoder(maxBody: maxBody)
        var body: [UInt8] = []
        var consumed = 0
        for byte in text.utf8 where !decoder.isDone {
            consumed += try [byte].withUnsafeBytes { try decoder.feed($0, into: &body) }
        }
        return Decoded(body: String(decoding: body, as: UTF8.self), consumed: consumed, done: decoder.isDone)
    }

    static let simple = "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n"

    @Test func decodesSimpleBody() throws {
        #expect(try Self.decode(Self.simple) == Decoded(body: "hello, world", consumed: 27, done: true))
    }

    @Test func acceptsUppercaseAndLowercaseHex() throws {
        let text = "A\r\n0123456789\r\nb\r\nabcdefghijk\r\n0\r\n\r\n"
        #expect(try Self.decode(text).body == "0123456789abcdefghijk")
    }

    @Test func skipsChunkExtensions() throws {
        let text = "5;name=value\r\nhello\r\n3 ; a=\"b\"\r\nabc\r\n0;last\r\n\r\n"
        #expect(try Self.decode(text) == Decoded(body: "helloabc", consumed: text.utf8.count, done: true))
    }

    @Test func skipsTrailerFields() throws {
        let text = "3\r\nabc\r\n0\r\nX-Checksum: 123\r\nX-Other: y\r\n\r\n"
        #expect(try Self.decode(text) == Decoded(body: "abc", consumed: text.utf8.count, done: true))
    }

    @Test func stopsAfterTheFinalCRLFLeavingThePipelinedRequest() throws {
        let next = "GET /next HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(try Self.decode(Self.simple + next) == Decoded(body: "hello, world", consumed: 27, done: true))
        let trailer = "1\r\nx\r\n0\r\nT: 1\r\n\r\n"
        #expect(try Self.decode(trailer + next).consumed == 17)
    }

    @Test func incompleteInputIsConsumedWithoutFinishing() throws {
        #expect(try Self.decode("5\r\nhel") == Decoded(body: "hel", consumed: 6, done: false))
        #expect(try Self.decode("5\r\nhello\r\n0\r\n") == Decoded(body: "hello", consumed: 13, done: false))
    }

    @Test(arguments: [simple, "5;ext=1\r\nhello\r\n0\r\nTrailer: v\r\n\r\n", "3\nabc\n0\n\n"])
    func byteAtATimeGivesTheSameResult(text: String) throws {
        let whole = try Self.decode(text + "GET / HTTP/1.1\r\n")
        #expect(whole.done)
        #expect(try Self.decodeByteByByte(text + "GET / HTTP/1.1\r\n") == whole)
    }

    @Test func totalOverMaxBodyIsTooLarge() throws {
        #expect(try Self.decode("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", maxBody: 10).body == "helloworld")
        #expect(throws: HTTPParseError.bodyTooLarge(limit: 9)) {
            try Self.decode("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", maxBody: 9)
        }
        #expect(throws: HTTPParseError.bodyTooLarge(limit: 4)) { try Self.decodeByteByByte("5\r\nhello", maxBody: 4) }
    }

    @Test(
        arguments: [
            "zz\r\nhello\r\n0\r\n\r\n",
            "\r\nhello\r\n0\r\n\r\n",
            ";ext\r\n",
            "-5\r\nhello\r\n",
            "5\r\nhelloXX\r\n0\r\n\r\n",
            "5\r\nhello\rX0\r\n\r\n",
            "5\rX",
            "5\r\nhello\r\n0\r\nBad\u{01}Trailer\r\n\r\n",
            "5;ext\u{01}\r\nhello\r\n",
            "5\r\nhello\r\n0\r\n\rX",
        ]
    )
    func malformedFramingIsBadRequest(text: String) {
        let error = #expect(throws: HTTPParseError.self) { try Self.decode(text) }
        #expect(error?.status.code == 400)
    }

    @Test func hexOverflowIsAnError() {
        let error = #expect(throws: HTTPParseError.self) {
            try Self.decode(String(repeating: "f", count: 20) + "\r\n", maxBody: .max)
        }
        #expect(error?.status.code == 400)
        #expect(throws: HTTPParseError.self) { try Self.decode("10000000000000000\r\n", maxBody: .max) }
    }
}

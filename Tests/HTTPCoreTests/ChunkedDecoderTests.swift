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

    @Test(arguments: [simple, "5;ext=1\r\nhello\r\n0\r\nTrailer: v\r\n\r\n", "3 \t; a=1\r\nabc\r\n0\r\n\r\n"])
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
            // Strict framing (issue 16): nothing but an extension after the size, CRLF only, trailer lines are fields.
            "5 3\r\nhello\r\n0\r\n\r\n",
            "5 \r\nhello\r\n0\r\n\r\n",
            "5\t\r\nhello\r\n0\r\n\r\n",
            "3\nabc\n0\n\n",
            "3\r\nabc\n0\r\n\r\n",
            "3\r\nabc\r\n0\n\r\n",
            "3;a=b\nabc\r\n0\r\n\r\n",
            "3\r\nabc\r\n0\r\nX-T: y\n\r\n",
            "3\r\nabc\r\n0\r\nX-T: y\r\n\n",
            "3\r\nabc\r\n0\r\nnot a field\r\n\r\n",
            "3\r\nabc\r\n0\r\n: empty name\r\n\r\n",
            "3\r\nabc\r\n0\r\nX-T : space before colon\r\n\r\n",
            "3\r\nabc\r\n0\r\nX-T: y\r\n folded\r\n\r\n",
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

    @Test func endlessTrailerFieldsAreRefusedAtTheTrailerLimit() throws {
        // Issue 16: `0\r\n` then endless `X-T: y\r\n` was read until the body timeout (6.6-7.9 GB in one request).
        var decoder = ChunkedDecoder(maxBody: 1024, maxTrailerBytes: 100)
        var body: [UInt8] = []
        let line = Array("X-T: y\r\n".utf8)
        _ = try Array("0\r\n".utf8).withUnsafeBytes { try decoder.feed($0, into: &body) }
        var fed = 0
        let error = #expect(throws: HTTPParseError.self) {
            while fed < 10_000 { fed += try line.withUnsafeBytes { try decoder.feed($0, into: &body) } }
        }
        #expect(error == .trailerTooLarge(limit: 100))
        #expect(error?.status.code == 431)
        #expect(error?.detail.contains("maxTrailerBytes") == true)
        #expect(fed <= 100)
        // At the limit, a trailer is accepted.
        let exact = "0\r\n" + String(repeating: "X-T: y\r\n", count: 12) + "\r\n"  // 8 x 12 + 2 = 98 bytes
        var fits = ChunkedDecoder(maxBody: 1024, maxTrailerBytes: 100)
        #expect(try Array(exact.utf8).withUnsafeBytes { try fits.feed($0, into: &body) } == exact.utf8.count)
        #expect(fits.isDone)
    }

    @Test func chunkExtensionsAreBoundedAcrossTheWholeBody() throws {
        // Each extension is short, but a body of many chunks carried them without limit.
        var decoder = ChunkedDecoder(maxBody: 1 << 20, maxExtensionBytes: 1000)
        var body: [UInt8] = []
        let chunk = Array("1;name=value\r\nx\r\n".utf8)  // 10 extension bytes
        var chunks = 0
        let error = #expect(throws: HTTPParseError.self) {
            while chunks < 1000 {
                _ = try chunk.withUnsafeBytes { try decoder.feed($0, into: &body) }
                chunks += 1
            }
        }
        #expect(error == .chunkExtensionsTooLong(limit: 1000))
        #expect(error?.status.code == 400)
        #expect(error?.detail.contains("maxChunkExtensionBytes") == true)
        #expect(chunks == 100)
    }
}

import Testing

@testable import HTTPCore

@Suite("RequestParser: accepted requests")
struct RequestParserTests {
    static let get =
        "GET /api/v1/items?page=2 HTTP/1.1\r\nHost: example.com\r\nAccept: text/html\r\n"
        + "X-Tag: one\r\nx-tag: two\r\nUser-Agent:   spaced out  \r\n\r\n"

    @Test func parsesRequestLineAndHeadersOfValidGet() throws {
        let outcome = parse(Self.get)
        guard case .complete(let head, let consumed) = outcome else {
            Issue.record("expected a complete head, got \(outcome)")
            return
        }
        #expect(consumed == Self.get.utf8.count)
        #expect(head.method == "GET")
        #expect(head.target == "/api/v1/items?page=2")
        #expect(head.version == "HTTP/1.1")
        #expect(
            head.headers == [
                "Host: example.com", "Accept: text/html", "X-Tag: one", "x-tag: two", "User-Agent: spaced out",
            ]
        )
        #expect(head.framing == .none)
        #expect(head.expectsContinue == false)
    }

    @Test func headerLookupIsCaseInsensitiveAndKeepsRepeats() throws {
        let head = try #require(
            Array(Self.get.utf8).withUnsafeBytes { buffer -> RequestHead? in
                guard case .complete(let head, _) = RequestParser.parseHead(buffer, limits: HTTPLimits()) else {
                    return nil
                }
                return head
            }
        )
        #expect(head.headers["HOST"] == "example.com")
        #expect(head.headers["user-agent"] == "spaced out")
        #expect(head.headers["X-TAG"] == "one")
        #expect(head.headers.values(for: "X-Tag") == ["one", "two"])
        #expect(head.headers["Missing"] == nil)
    }

    static let arrivals = [
        get,
        "\r\n\r\nPOST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody",
        "GET /old HTTP/1.0\nAccept: */*\n\nGET /next HTTP/1.0\n\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n folded\r\n\r\n",
        "BREW / HTTP/1.1\r\nHost: a\r\n\r\n",
    ]

    @Test(arguments: arrivals, [1, 3, 4096])
    func bytesArrivingInChunksGiveTheSameOutcome(text: String, chunkSize: Int) {
        let whole = parse(text)
        guard case .incomplete = whole else {
            #expect(parseArriving(text, chunkSize: chunkSize).outcome == whole)
            return
        }
        Issue.record("the whole text should parse: \(whole)")
    }

    @Test(arguments: [1, 3, 4096])
    func validGetArrivingInChunksCompletesOnItsLastByte(chunkSize: Int) {
        let (outcome, reads) = parseArriving(Self.get, chunkSize: chunkSize)
        #expect(outcome == parse(Self.get))
        #expect(reads == (Self.get.utf8.count + chunkSize - 1) / chunkSize)
    }

    @Test func incompleteHeadAsksToResumeNearTheEnd() {
        let text = "GET / HTTP/1.1\r\nHost: a\r\n"
        #expect(parse(text) == .incomplete(scanFrom: text.utf8.count - 3))
    }

    @Test func leadingEmptyLinesAreIgnoredButCounted() {
        let request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
        let outcome = parse("\r\n\r\n\n" + request)
        #expect(outcome.head?.target == "/")
        guard case .complete(_, let consumed) = outcome else {
            Issue.record("expected complete, got \(outcome)")
            return
        }
        #expect(consumed == request.utf8.count + 5)
    }

    @Test func emptyLinesBeforeTheRequestLineAreBounded() {
        // Issue 16: CRLFs before a request line were buffered without limit.
        var limits = HTTPLimits()
        limits.maxLeadingEmptyLineBytes = 8
        let request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(parse(String(repeating: "\r\n", count: 4) + request, limits: limits).head?.target == "/")
        let outcome = parse(String(repeating: "\r\n", count: 5) + request, limits: limits)
        #expect(outcome == .failure(.tooManyEmptyLines(limit: 8)))
        #expect(outcome.failureStatus == 400)
        #expect(parse(String(repeating: "\n", count: 9), limits: limits) == .failure(.tooManyEmptyLines(limit: 8)))
    }

    @Test func aResumedScanDoesNotLookAtTheRequestLineAgain() {
        // The request-line check resumes where it stopped: feeding a long target byte by byte checks each byte once.
        let bytes = Array(("GET /" + String(repeating: "a", count: 4000)).utf8)
        var scan = RequestParser.HeadScan()
        for end in 1...bytes.count {
            let result = bytes[0..<end].withUnsafeBytes {
                RequestParser.parseHead($0, scan: &scan, limits: HTTPLimits())
            }
            guard case .incomplete = result else {
                Issue.record("expected incomplete after \(end) bytes, got \(ParseOutcome(result))")
                return
            }
            #expect(scan.line.position == end)
        }
        let rest = Array(" HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        let whole = (bytes + rest).withUnsafeBytes { RequestParser.parseHead($0, scan: &scan, limits: HTTPLimits()) }
        #expect(ParseOutcome(whole).head?.target.count == 4001)
    }

    @Test(arguments: ["Authorization", "Origin", "Content-Type", "Idempotency-Key", "If-Modified-Since"])
    func singletonFieldsMayNotRepeat(name: String) {
        let once = parse("GET / HTTP/1.1\r\nHost: a\r\n\(name): x\r\n\r\n")
        #expect(once.head != nil)
        let twice = parse("GET / HTTP/1.1\r\nHost: a\r\n\(name): x\r\n\(name.lowercased()): y\r\n\r\n")
        #expect(twice == .failure(.badRequest("more than one \(name) header; send it once")))
    }

    @Test func listFieldsMayRepeat() {
        let outcome = parse("GET / HTTP/1.1\r\nHost: a\r\nIf-Match: \"1\"\r\nIf-Match: \"2\"\r\n\r\n")
        #expect(outcome.head?.headers.count == 3)
    }

    @Test func anEmptyTransferEncodingSaysSo() {
        let outcome = parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n")
        guard case .failure(.badRequest(let why)) = outcome else {
            Issue.record("expected 400, got \(outcome)")
            return
        }
        #expect(why.contains("Transfer-Encoding is empty"))
    }

    @Test func aLongMethodIs501HoweverTheBytesArrive() {
        // Found by Fuzz/: 49 token bytes then a control byte was 400 in one read and 501 byte by byte.
        let text = String(repeating: "K", count: 48) + "T\u{16}\u{3}\u{1}"
        #expect(parse(text).failureStatus == 501)
        #expect(parseArriving(text, chunkSize: 1).outcome.failureStatus == 501)
    }

    @Test func onlyEmptyLinesAreIncomplete() {
        #expect(parse("\r\n\r\n") == .incomplete(scanFrom: 0))
    }

    @Test func bareLineFeedsAreAccepted() {
        let outcome = parse("GET /lf HTTP/1.1\nHost: a\nAccept: */*\n\n")
        #expect(outcome.head?.target == "/lf")
        #expect(outcome.head?.headers == ["Host: a", "Accept: */*"])
    }

    @Test func consumedStopsAtTheEndOfTheHeadLeavingThePipelinedRequest() {
        let first = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
        let outcome = parse(first + "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n")
        guard case .complete(let head, let consumed) = outcome else {
            Issue.record("expected complete, got \(outcome)")
            return
        }
        #expect(head.target == "/1")
        #expect(consumed == first.utf8.count)
    }

    @Test func partialMethodIsIncomplete() {
        #expect(parse("GE") == .incomplete(scanFrom: 0))
        #expect(parse("GET /pa") == .incomplete(scanFrom: 4))
    }

    @Test func absoluteFormTargetIsAcceptedAndSplit() {
        let target = "http://example.com:8080/a/b?x=1"
        #expect(parse("GET \(target) HTTP/1.1\r\nHost: example.com:8080\r\n\r\n").head?.target == target)
        let request = Request(method: .get, target: target)
        #expect(request.path == "/a/b")
        #expect(request.rawQuery == "x=1")
        let bare = Request(method: .get, target: "https://example.com?q=2")
        #expect(bare.path == "/")
        #expect(bare.rawQuery == "q=2")
    }

    @Test func asteriskFormIsAcceptedForOptions() {
        let outcome = parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.head?.method == "OPTIONS")
        #expect(outcome.head?.target == "*")
    }

    @Test(
        arguments: [
            ("", RequestHead.BodyFraming.none),
            ("Content-Length: 0\r\n", .none),
            ("Content-Length: 42\r\n", .length(42)),
            ("Content-Length: 5, 5\r\n", .length(5)),
            ("Content-Length: 5\r\nContent-Length: 5\r\n", .length(5)),
            ("Transfer-Encoding: chunked\r\n", .chunked),
            ("Transfer-Encoding: CHUNKED\r\n", .chunked),
        ]
    )
    func framingIsDecidedFromTheHeaders(fields: String, framing: RequestHead.BodyFraming) {
        #expect(parse("POST /u HTTP/1.1\r\nHost: a\r\n\(fields)\r\n").head?.framing == framing)
    }

    @Test(
        arguments: [
            ("HTTP/1.1", "", true),
            ("HTTP/1.1", "Connection: close\r\n", false),
            ("HTTP/1.1", "Connection: keep-alive, Close\r\n", false),
            ("HTTP/1.0", "", false),
            ("HTTP/1.0", "Connection: keep-alive\r\n", true),
            ("HTTP/1.0", "Connection: Keep-Alive\r\n", true),
        ]
    )
    func keepAliveFollowsVersionAndConnectionHeader(version: String, fields: String, keepAlive: Bool) {
        #expect(parse("GET / \(version)\r\nHost: a\r\n\(fields)\r\n").head?.keepAlive == keepAlive)
    }

    @Test func expectContinueIsHonouredOnlyOnHTTP11() {
        let fields = "Host: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"
        #expect(parse("POST / HTTP/1.1\r\n" + fields).head?.expectsContinue == true)
        #expect(parse("POST / HTTP/1.0\r\n" + fields).head?.expectsContinue == false)
    }

    @Test func http10WithoutHostIsAccepted() {
        #expect(parse("GET / HTTP/1.0\r\n\r\n").head?.version == "HTTP/1.0")
    }

    @Test func headerSectionAtExactlyTheLimitIsAccepted() {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 64
        let prefix = "GET / HTTP/1.1\r\nHost: a\r\nX: "
        let text = prefix + String(repeating: "v", count: 64 - prefix.utf8.count - 4) + "\r\n\r\n"
        #expect(text.utf8.count == 64)
        #expect(parse(text, limits: limits).head != nil)
    }
}

import Testing

@testable import HTTPCore

@Suite("QueryParameters and PercentDecoding")
struct QueryParametersTests {
    static func pairs(_ query: QueryParameters) -> [String] { query.map { "\($0.name)=\($0.value)" } }

    @Test func decodesPairsInOrder() {
        let query = QueryParameters(parsing: "a=1&b=x%20y&c=+z&a=2")
        #expect(Self.pairs(query) == ["a=1", "b=x y", "c= z", "a=2"])
        #expect(query["a"] == "1")
        #expect(query.values("a") == ["1", "2"])
        #expect(query["b"] == "x y")
        #expect(query["c"] == " z")
        #expect(query["d"] == nil)
        #expect(query.values("d").isEmpty)
    }

    @Test func requestExposesItsQuery() {
        let request = Request(method: .get, target: "/search?q=caf%C3%A9+au+lait&page=3")
        #expect(request.query["q"] == "café au lait")
        #expect(request.query["page"] == "3")
    }

    @Test func emptyPiecesAreSkipped() {
        #expect(Self.pairs(QueryParameters(parsing: "&&a=1&&b=2&")) == ["a=1", "b=2"])
        #expect(QueryParameters(parsing: "").isEmpty)
        #expect(QueryParameters(parsing: "&&&").isEmpty)
    }

    @Test func nameWithoutValueHasEmptyValueAndValueMayHoldEquals() {
        let query = QueryParameters(parsing: "flag&k=v=w&e=")
        #expect(Self.pairs(query) == ["flag=", "k=v=w", "e="])
    }

    @Test func malformedEscapesAreKeptRaw() {
        let query = QueryParameters(parsing: "x=%zz&y=%4&%zz=1&z=%FF")
        #expect(query["x"] == "%zz")
        #expect(query["y"] == "%4")
        #expect(query["%zz"] == "1")
        #expect(query["z"] == "%FF")
    }

    @Test func plusIsLiteralOutsideQueries() {
        #expect(PercentDecoding.decode("a+b") == "a+b")
        #expect(PercentDecoding.decode("a+b", plusAsSpace: true) == "a b")
        #expect(PercentDecoding.decode("a%2Bb", plusAsSpace: true) == "a+b")
    }

    @Test(
        arguments: [
            ("plain", "plain"),
            ("", ""),
            ("a%20b", "a b"),
            ("%41%42%43", "ABC"),
            ("%c3%a9", "é"),
            ("%C3%A9t%C3%A9", "été"),
            ("%E2%82%AC", "€"),
            ("100%25", "100%"),
            ("%2F", "/"),
        ]
    )
    func decodesEscapes(input: String, decoded: String) {
        #expect(PercentDecoding.decode(input) == decoded)
    }

    @Test(arguments: ["%zz", "%4", "%", "a%", "%g0", "%0g", "%FF", "%C3", "%C3%28", "%ED%A0%80"])
    func malformedOrNonUTF8IsNil(input: String) {
        #expect(PercentDecoding.decode(input) == nil)
    }

    @Test func decodesSubstringsInPlace() {
        let path = "/p/a%20b/c"
        let segment = path.split(separator: "/")[1]
        #expect(PercentDecoding.decode(segment) == "a b")
    }
}

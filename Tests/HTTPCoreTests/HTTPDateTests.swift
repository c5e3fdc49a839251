import Testing

@testable import HTTPCore

@Suite("HTTPDate")
struct HTTPDateTests {
    @Test(
        arguments: [
            (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
            (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 GMT"),
            (2_147_483_648, "Tue, 19 Jan 2038 03:14:08 GMT"),
        ]
    )
    func formatsIMFFixdate(seconds: Int, text: String) {
        #expect(HTTPDate.format(seconds) == text)
        #expect(HTTPDate.parse(text) == seconds)
    }

    @Test(
        arguments: zip(
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
            ["Sat", "Tue", "Wed", "Sat", "Mon", "Thu", "Sat", "Tue", "Fri", "Sun", "Wed", "Fri"]
        )
    )
    func usesEnglishMonthAndDayNames(month: String, day: String) throws {
        let index = try #require(
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].firstIndex(of: month)
        )
        // The first of each month of 2000, a leap year: 2000-01-01 is 946684800.
        let daysBefore = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335][index]
        let text = HTTPDate.format(946_684_800 + daysBefore * 86_400)
        #expect(text == "\(day), 01 \(month) 2000 00:00:00 GMT")
    }

    @Test(arguments: [1, 86_399, 784_111_777, 1_000_000_000, 1_700_000_000, 4_102_444_800])
    func parseInvertsFormat(seconds: Int) {
        #expect(HTTPDate.parse(HTTPDate.format(seconds)) == seconds)
    }

    @Test(
        arguments: [
            "", "garbage", "Sun, 06 Nov 1994", "Sun, 06 Nov 1994 08:49:37 GMT trailing",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "1994-11-06T08:49:37Z",
        ]
    )
    func parseOfGarbageIsNil(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    /// RFC 9110 §5.6.7: a recipient MUST accept the obsolete RFC 850 and asctime formats too.
    @Test(arguments: ["Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])
    func parseAcceptsObsoleteFormats(text: String) {
        #expect(HTTPDate.parse(text) == 784_111_777)
    }

    @Test func nowIsCurrentAndFormattable() {
        let now = HTTPDate.now()
        #expect(now > 1_700_000_000)
        #expect(HTTPDate.parse(HTTPDate.format(now)) == now)
    }

    @Test func dateCacheHoldsTheFormattedCurrentSecond() {
        var cache = DateCache()
        let before = HTTPDate.now()
        let bytes = cache.current()
        let parsed = HTTPDate.parse(String(decoding: bytes, as: UTF8.self))
        #expect(parsed.map { $0 >= before && $0 <= HTTPDate.now() } == true)
        #expect(bytes.count == 29)
    }
}

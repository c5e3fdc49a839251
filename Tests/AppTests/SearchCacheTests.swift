import Foundation
import Testing

@testable import App

/// The search cache's rules: entries belong to a stamp of the data, a drop wins over a page computed before it,
/// and the size stays bounded.
@Suite struct SearchCacheTests {
    static func page(_ text: String) -> SearchCache.Entry { SearchCache.Entry(body: Array(text.utf8), total: 1) }

    @Test func anEntryLivesUntilTheStampChanges() throws {
        let cache = SearchCache(capacity: 8)
        var stamp = "a"
        var reads = 0
        let read = { () -> String in
            reads += 1
            return stamp
        }
        let (missing, epoch) = try cache.get("q", now: 100, stamp: read)
        #expect(missing == nil)
        cache.put("q", Self.page("one"), epoch: epoch)
        #expect(try cache.get("q", now: 100.5, stamp: read).entry?.body == Array("one".utf8))
        #expect(reads == 1, "the stamp is read at most once a second")
        #expect(try cache.get("q", now: 101.6, stamp: read).entry?.body == Array("one".utf8))
        #expect(reads == 2)
        stamp = "b"
        #expect(try cache.get("q", now: 101.9, stamp: read).entry != nil, "within the second, not yet re-read")
        #expect(try cache.get("q", now: 103, stamp: read).entry == nil, "a new stamp drops every entry")
    }

    @Test func aPageComputedBeforeADropIsNotStored() throws {
        let cache = SearchCache(capacity: 8)
        let (_, epoch) = try cache.get("q", now: 1) { "s" }
        cache.clear()
        cache.put("q", Self.page("stale"), epoch: epoch)
        #expect(try cache.get("q", now: 1.1) { "s" }.entry == nil)
    }

    @Test func sizeIsBoundedAndZeroTurnsItOff() throws {
        let cache = SearchCache(capacity: 3)
        for n in 0..<3 {
            let (_, epoch) = try cache.get("q\(n)", now: 1) { "s" }
            cache.put("q\(n)", Self.page("\(n)"), epoch: epoch)
        }
        #expect(try cache.get("q2", now: 1) { "s" }.entry != nil)
        let (_, epoch) = try cache.get("q3", now: 1) { "s" }
        cache.put("q3", Self.page("3"), epoch: epoch)
        #expect(try cache.get("q0", now: 1) { "s" }.entry == nil, "full: dropped before the fourth")
        #expect(try cache.get("q3", now: 1) { "s" }.entry != nil)
        cache.put(
            "big",
            SearchCache.Entry(body: Array(repeating: 32, count: SearchCache.largestBody + 1), total: 1),
            epoch: epoch
        )
        #expect(try cache.get("big", now: 1) { "s" }.entry == nil, "bodies over 64 KiB are not kept")
        #expect(SearchCache(capacity: 0).isEnabled == false)
    }

    @Test func equivalentQueriesShareAKeyOthersDoNot() {
        func key(_ text: String, zone: Int? = nil, page: Int = 1) -> String {
            CareerSearchQuery(text: text, jobZone: zone, page: page, perPage: 20).cacheKey
        }
        #expect(key("Project  Manager ") == key("project manager"))
        #expect(key("project manager") != key("project managers"))
        #expect(key("15-1299") != key("15 1299"), "a code prefix is kept verbatim")
        #expect(key("proj") != key("proj", zone: 4))
        #expect(key("proj") != key("proj", page: 2))
    }
}

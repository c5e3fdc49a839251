import HTTPCore
import Testing

@Suite struct BodyCacheTests {
    @Test func keepsWithinItsLimitDroppingTheLeastRecentlyUsed() {
        let cache = BodyCache(limitBytes: 400)
        cache.put("a", Array(repeating: 1, count: 100))
        cache.put("b", Array(repeating: 2, count: 100))
        cache.put("c", Array(repeating: 3, count: 100))
        #expect(cache.get("a")?.bytes.first == 1)  // a is now the most recently used
        cache.put("d", Array(repeating: 4, count: 100))
        cache.put("e", Array(repeating: 5, count: 100))  // over 400: b goes first (least recently used)
        #expect(cache.get("b") == nil)
        #expect(cache.get("a") != nil && cache.get("e") != nil)
        #expect(cache.totalBytes <= 400)
        cache.put("huge", Array(repeating: 9, count: 101))  // more than a quarter of the limit: not kept
        #expect(cache.get("huge") == nil)
    }

    @Test func aZeroLimitKeepsNothing() {
        let cache = BodyCache(limitBytes: 0)
        cache.put("a", [1])
        #expect(cache.get("a") == nil && cache.totalBytes == 0)
    }
}

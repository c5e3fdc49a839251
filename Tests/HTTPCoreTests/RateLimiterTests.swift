import HTTPCore
import Synchronization
import Testing

@Suite struct RateLimiterTests {
    final class Clock: Sendable {
        let nanos = Mutex<UInt64>(1_000_000_000)
        func advance(seconds: Double) { nanos.withLock { $0 += UInt64(seconds * 1e9) } }
    }

    @Test func burstThenRefusalThenRefillAtTheMinuteRate() {
        let clock = Clock()
        let limiter = RateLimiter(perMinute: 60, burst: 3, clock: { clock.nanos.withLock { $0 } })
        let first = (0..<3).map { _ in limiter.consume("a") }
        #expect(first.map(\.allowed) == [true, true, true])
        #expect(first.map(\.remaining) == [2, 1, 0])
        #expect(first.map(\.limit) == [3, 3, 3])
        #expect(first.last?.resetSeconds == 3)
        let refused = limiter.consume("a")
        #expect(!refused.allowed)
        #expect(refused.retryAfterSeconds == 1)
        #expect(limiter.consume("b").allowed, "buckets are per identity")
        clock.advance(seconds: 1)
        #expect(limiter.consume("a").allowed)
        #expect(!limiter.consume("a").allowed)
        clock.advance(seconds: 120)
        #expect(limiter.consume("a").remaining == 2, "refills only up to the burst")
    }

    @Test func slowRatesAskForLongerRetries() {
        let clock = Clock()
        let limiter = RateLimiter(perMinute: 2, burst: 1, clock: { clock.nanos.withLock { $0 } })
        #expect(limiter.consume("a").allowed)
        let refused = limiter.consume("a")
        #expect(refused.retryAfterSeconds == 30)
        clock.advance(seconds: 10)
        #expect(limiter.consume("a").retryAfterSeconds == 20)
    }

    @Test func bucketsAreBoundedFullOnesFirstThenTheOldest() {
        let clock = Clock()
        let limiter = RateLimiter(perMinute: 60, burst: 5, capacity: 100, clock: { clock.nanos.withLock { $0 } })
        for i in 0..<100 {
            _ = limiter.consume("old-\(i)")
            clock.advance(seconds: 0.001)
        }
        #expect(limiter.count == 100)
        // Everyone is still short of a full bucket: the oldest tenth goes.
        _ = limiter.consume("new")
        #expect(limiter.count <= 91)
        #expect(limiter.consume("old-99").remaining == 3, "a recent bucket was kept")
        clock.advance(seconds: 10)
        for i in 0..<200 { _ = limiter.consume("later-\(i)") }
        #expect(limiter.count <= 100)
    }
}

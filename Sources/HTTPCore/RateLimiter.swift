import Synchronization

/// Token buckets by client identity: each holds up to `burst` tokens and refills at `perMinute / 60` per second;
/// a request takes one token or is refused.
///
/// Memory is bounded: at `capacity` buckets, the full ones go first (a bucket that has refilled is the same as a
/// new one, so forgetting it loses nothing), then the least recently used, down to 90 % of capacity, so the
/// O(n) sweep runs once per many new clients.
public final class RateLimiter: Sendable {
    /// The outcome of one request.
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        /// The bucket's size (`RateLimit-Limit`).
        public var limit: Int
        /// Whole tokens left after this request (`RateLimit-Remaining`).
        public var remaining: Int
        /// Seconds until the bucket is full again (`RateLimit-Reset`).
        public var resetSeconds: Int
        /// When refused: seconds until one token is back (`Retry-After`); 0 when allowed.
        public var retryAfterSeconds: Int
    }

    struct Bucket {
        var tokens: Double
        var updated: UInt64
    }

    public let perMinute: Int
    public let burst: Int
    public let capacity: Int
    let refillPerNano: Double
    private let buckets = LockedValue<[String: Bucket]>([:])
    private let clock: @Sendable () -> UInt64

    /// - Parameters:
    ///   - perMinute: the sustained rate; must be positive (callers leave the limiter out to disable it).
    ///   - burst: the bucket size: requests a client may make at once.
    ///   - capacity: buckets kept at most.
    ///   - clock: monotonic nanoseconds; nil for the system's (tests move time by hand).
    public init(
        perMinute: Int,
        burst: Int,
        capacity: Int = 10_000,
        clock: (@Sendable () -> UInt64)? = nil
    ) {
        precondition(perMinute > 0 && burst > 0 && capacity > 0)
        self.perMinute = perMinute
        self.burst = burst
        self.capacity = capacity
        self.clock = clock ?? { Socket.monotonicNanos() }
        refillPerNano = Double(perMinute) / 60e9
    }

    /// Takes a token from `identity`'s bucket if it has one.
    public func consume(_ identity: String) -> Decision {
        let now = clock()
        let capacity = Double(burst)
        return buckets.withLock { buckets in
            var bucket = buckets[identity] ?? Bucket(tokens: capacity, updated: now)
            if buckets[identity] == nil && buckets.count >= self.capacity { evict(&buckets, now: now) }
            bucket.tokens = min(capacity, bucket.tokens + Double(now &- bucket.updated) * refillPerNano)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[identity] = bucket
            let perSecond = refillPerNano * 1e9
            return Decision(
                allowed: allowed,
                limit: burst,
                remaining: Int(bucket.tokens.rounded(.down)),
                resetSeconds: Int(((capacity - bucket.tokens) / perSecond).rounded(.up)),
                retryAfterSeconds: allowed ? 0 : max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
            )
        }
    }

    /// Buckets currently kept.
    public var count: Int { buckets.withLock { $0.count } }

    private func evict(_ buckets: inout [String: Bucket], now: UInt64) {
        let capacity = Double(burst)
        let rate = refillPerNano
        buckets = buckets.filter { $0.value.tokens + Double(now &- $0.value.updated) * rate < capacity }
        let target = self.capacity - max(1, self.capacity / 10)
        if buckets.count > target {
            let oldest = buckets.sorted { $0.value.updated < $1.value.updated }.prefix(buckets.count - target)
            for (identity, _) in oldest { buckets[identity] = nil }
        }
    }
}

import Synchronization

/// The deadline of one request run on a worker, shared by the event loop that owes the answer and the worker that
/// computes it. Exactly one of them decides how the request ends, through one atomic state:
///
/// - the worker `finish`es it, and its response is sent;
/// - or the deadline passes first and it `expire`s: the client gets a 503 at once, and the worker's response,
///   whenever it comes, is dropped.
///
/// A handler that writes calls `beginCommit()` right before it commits (Charter's storage does so through
/// `DatabaseDeadline`). After that the request can no longer expire (the server waits for its response), so a
/// 503 always means that nothing was committed; when the deadline already passed, `beginCommit()` returns false and
/// the handler rolls back instead.
public final class RequestDeadline: Sendable {
    /// The deadline on `CLOCK_MONOTONIC`, in nanoseconds (the clock of `Socket.monotonicNanos`).
    public let monotonicNanoseconds: UInt64
    private let state = Atomic<UInt8>(State.queued)

    enum State {
        static let queued: UInt8 = 0
        static let running: UInt8 = 1
        static let committing: UInt8 = 2
        static let finished: UInt8 = 3
        static let expired: UInt8 = 4
    }

    /// A deadline `seconds` from now.
    public convenience init(seconds: Double) {
        self.init(monotonicNanoseconds: Socket.monotonicNanos() &+ UInt64(max(0, seconds) * 1_000_000_000))
    }

    public init(monotonicNanoseconds: UInt64) {
        self.monotonicNanoseconds = monotonicNanoseconds
    }

    /// True once the deadline is behind us (whether or not anyone acted on it yet).
    public var hasPassed: Bool { Socket.monotonicNanos() >= monotonicNanoseconds }

    /// True once the request expired: its answer was, or is about to be, a 503.
    public var isExpired: Bool { state.load(ordering: .acquiring) == State.expired }

    /// Marks the point of no return before a commit.
    /// - Returns: false when the request has already expired (the caller must roll back); true otherwise, and from
    ///   then on the request cannot expire.
    public func beginCommit() -> Bool {
        var current = state.load(ordering: .acquiring)
        while true {
            switch current {
            case State.committing, State.finished: return true
            case State.expired: return false
            default:
                let (exchanged, original) = state.compareExchange(
                    expected: current,
                    desired: State.committing,
                    ordering: .acquiringAndReleasing
                )
                if exchanged { return true }
                current = original
            }
        }
    }

    /// The worker takes the request; false when it expired while it waited in the queue.
    func start() -> Bool {
        state.compareExchange(expected: State.queued, desired: State.running, ordering: .acquiringAndReleasing)
            .exchanged
    }

    /// The handler returned; true when its response is the answer (the request had not expired).
    func finish() -> Bool {
        var current = state.load(ordering: .acquiring)
        while current == State.running || current == State.committing {
            let (exchanged, original) = state.compareExchange(
                expected: current,
                desired: State.finished,
                ordering: .acquiringAndReleasing
            )
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// The deadline passed: true when this call decided that the answer is a 503 (the request was neither
    /// finished nor committing).
    func expire() -> Bool {
        var current = state.load(ordering: .acquiring)
        while current == State.queued || current == State.running {
            let (exchanged, original) = state.compareExchange(
                expected: current,
                desired: State.expired,
                ordering: .acquiringAndReleasing
            )
            if exchanged { return true }
            current = original
        }
        return false
    }
}

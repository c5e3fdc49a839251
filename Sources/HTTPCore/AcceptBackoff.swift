/// What the listener does when `accept` fails for want of file descriptors (`EMFILE`, `ENFILE`): the pending
/// connection stays in the kernel's queue, the listener stays readable, and retrying at once spins (issue 16:
/// `ulimit -n 1024` and 1,100 connections took 10 s of CPU and wrote 552,414 log lines in 10 s). Instead the
/// server stops accepting for `pause`, then tries again; and it logs the first failure, then at most one line per
/// `logInterval` with how many failures it counted. Descriptors come back as connections close.
struct AcceptBackoff {
    /// Seconds the listener is left alone after a failed accept.
    static let pause = 0.1
    /// Seconds between two log lines about failed accepts.
    static let logInterval = 10.0

    private var unlogged = 0
    private var lastLog: UInt64?

    /// Counts a failure at `now` (monotonic nanoseconds); returns how many failures to report when a log line is
    /// due (the first failure, then the ones counted over each interval), nil otherwise.
    mutating func failed(now: UInt64) -> Int? {
        unlogged += 1
        if let last = lastLog, now &- last < UInt64(Self.logInterval * 1_000_000_000) { return nil }
        lastLog = now
        defer { unlogged = 0 }
        return unlogged
    }
}

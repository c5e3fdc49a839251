import Testing

@testable import HTTPCore

@Suite("AcceptBackoff")
struct AcceptBackoffTests {
    @Test func logsTheFirstFailureThenOneLinePerIntervalWithTheCount() {
        // Accept fails every pause (10 a second) for 25 simulated seconds: 250 failures, 3 log lines.
        var backoff = AcceptBackoff()
        let step = UInt64(AcceptBackoff.pause * 1_000_000_000)
        var reports: [Int] = []
        for i in 0..<250 {
            if let count = backoff.failed(now: 1_000 + UInt64(i) * step) { reports.append(count) }
        }
        #expect(reports == [1, 100, 100])
    }
}

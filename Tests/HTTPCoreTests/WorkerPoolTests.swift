import Dispatch
import Synchronization
import Testing

@testable import HTTPCore

@Suite struct WorkerPoolTests {
    @Test func runsAtMostWidthAtOnceAndRefusesPastItsCapacity() {
        let pool = WorkerPool(width: 2, capacity: 1)
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let running = Atomic<Int>(0)
        let most = Atomic<Int>(0)
        let work: WorkerPool.Work = {
            let now = running.wrappingAdd(1, ordering: .relaxed).newValue
            _ = most.max(now, ordering: .relaxed)
            started.signal()
            _ = release.wait(timeout: .now() + 20)
            running.wrappingSubtract(1, ordering: .relaxed)
            done.signal()
        }
        #expect(pool.submit(work))
        #expect(pool.submit(work))
        #expect(started.wait(timeout: .now() + 20) == .success)
        #expect(started.wait(timeout: .now() + 20) == .success)
        #expect(pool.submit(work))  // waits: both lanes are busy
        #expect(pool.waitingCount == 1)
        #expect(!pool.submit(work))  // the queue is full: refused at once
        for _ in 0..<3 { release.signal() }
        for _ in 0..<3 { #expect(done.wait(timeout: .now() + 20) == .success) }
        #expect(most.load(ordering: .relaxed) == 2)
        #expect(pool.waitingCount == 0)
    }

    @Test func runsQueuedWorkFirstInFirstOut() {
        let pool = WorkerPool(width: 1, capacity: 100)
        let gate = DispatchSemaphore(value: 0)
        let order = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        #expect(pool.submit { _ = gate.wait(timeout: .now() + 20) })
        for i in 0..<50 {
            #expect(
                pool.submit {
                    order.withLock { $0.append(i) }
                    if i == 49 { done.signal() }
                }
            )
        }
        gate.signal()
        #expect(done.wait(timeout: .now() + 20) == .success)
        #expect(order.withLock { $0 } == Array(0..<50))
    }

    @Test func aDeadlineEndsExactlyOnce() {
        let finished = RequestDeadline(seconds: 60)
        #expect(finished.start())
        #expect(finished.finish())
        #expect(!finished.expire())

        let expired = RequestDeadline(seconds: 60)
        #expect(expired.start())
        #expect(expired.expire())
        #expect(expired.isExpired)
        #expect(!expired.finish())
        #expect(!expired.beginCommit())

        let queued = RequestDeadline(seconds: 60)
        #expect(queued.expire())
        #expect(!queued.start())

        let committing = RequestDeadline(seconds: 60)
        #expect(committing.start())
        #expect(committing.beginCommit())
        #expect(!committing.expire())  // a commit under way cannot be answered 503
        #expect(committing.beginCommit())
        #expect(committing.finish())
    }

    @Test func fifoKeepsOrderAcrossCompaction() {
        var fifo = FIFO<Int>()
        var expected = 0
        for i in 0..<1000 {
            fifo.append(i)
            if i % 3 == 0 {
                #expect(fifo.popFirst() == expected)
                expected += 1
            }
        }
        while let next = fifo.popFirst() {
            #expect(next == expected)
            expected += 1
        }
        #expect(expected == 1000)
        #expect(fifo.isEmpty)
    }
}

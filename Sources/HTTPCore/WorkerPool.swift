import Dispatch

/// A bounded pool that runs handlers off the event loops: at most `width` run at once, each on its own serial
/// Dispatch queue ("lane"), and at most `capacity` wait, first in, first out. A full queue refuses new work at once
/// instead of growing, so the caller can answer 503.
///
/// Why lanes and not `DispatchQueue.global()`: handlers block in SQLite, and the global concurrent queue on Linux
/// runs about one thread per CPU, so two slow requests would stall every other one on a 2-core machine. A serial
/// queue made with `DispatchQueue(label:)` targets the overcommitting root queue and always gets a thread of its
/// own when it has work. A lane drains the shared queue until it is empty, then goes idle; `submit` wakes an idle
/// lane only when there is one, so under load work passes from loop to worker without any wake-up.
final class WorkerPool: Sendable {
    typealias Work = @Sendable () -> Void

    let width: Int
    let capacity: Int
    private let lanes: [DispatchQueue]
    private let state: LockedValue<State>

    private struct State {
        var waiting = FIFO<Work>()
        var idleLanes: [Int]
    }

    /// - Parameters:
    ///   - width: lanes, that is, handlers running at once (at least 1).
    ///   - capacity: work items that may wait for a lane (0: none wait; work runs only when a lane is idle).
    init(width: Int, capacity: Int, label: String = "charter.worker") {
        self.width = max(1, width)
        self.capacity = max(0, capacity)
        lanes = (0..<self.width).map { DispatchQueue(label: "\(label)\($0)") }
        state = LockedValue(State(idleLanes: Array((0..<self.width).reversed())))
    }

    /// Queues `work`. Returns false, without queueing it, when `capacity` items already wait.
    func submit(_ work: @escaping Work) -> Bool {
        let lane: Int? = state.withLock { s in
            if let lane = s.idleLanes.popLast() {
                // An idle lane means an empty queue: the lane starts with this item.
                s.waiting.append(work)
                return lane
            }
            if s.waiting.count >= capacity { return -1 }
            s.waiting.append(work)
            return nil
        }
        guard let lane else { return true }
        if lane < 0 { return false }
        lanes[lane].async { [self] in drain(lane) }
        return true
    }

    /// Items waiting for a lane right now.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    private func drain(_ lane: Int) {
        while true {
            let next: Work? = state.withLock { s in
                if let work = s.waiting.popFirst() { return work }
                s.idleLanes.append(lane)
                return nil
            }
            guard let next else { return }
            next()
        }
    }
}

/// A first-in, first-out queue on an array: popping advances an index, and the consumed prefix is dropped once it
/// is most of the storage.
struct FIFO<Element> {
    private var items: [Element?] = []
    private var head = 0

    var count: Int { items.count - head }
    var isEmpty: Bool { count == 0 }

    mutating func append(_ element: Element) { items.append(element) }

    mutating func popFirst() -> Element? {
        guard head < items.count else { return nil }
        let element = items[head]
        items[head] = nil
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: items.capacity <= 1024)
            head = 0
        } else if head >= 64 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return element
    }
}

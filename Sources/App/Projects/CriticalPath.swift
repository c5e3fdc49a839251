/// The critical path method over a network of activities with FS, SS, FF and SF links and lags, in whole days.
///
/// Times are day offsets from the project start: an activity of duration d that starts at s occupies days
/// s ..< s + d, so its finish is s + d. The forward pass gives early start and finish, the backward pass late
/// start and finish; total float is late start − early start, and an activity is critical when its float is 0 or less
/// (less: a date constraint the links break, see `Constraint`).
/// O(activities + links) after a topological sort (Kahn).
public struct CriticalPath: Sendable {
    public struct Activity: Sendable {
        public let id: Int64
        public let duration: Int
        public var constraint: Constraint?
        /// Progress: the day work actually started, which the links no longer move (actuals replace logic).
        public var fixedStart: Int?
        /// Progress: work not started cannot start before the status date.
        public var notBefore: Int?
        public init(
            id: Int64,
            duration: Int,
            constraint: Constraint? = nil,
            fixedStart: Int? = nil,
            notBefore: Int? = nil
        ) {
            self.id = id
            self.duration = duration
            self.constraint = constraint
            self.fixedStart = fixedStart
            self.notBefore = notBefore
        }
    }

    /// A date constraint, in day offsets. The forward pass never starts an activity before a start constraint;
    /// the backward pass never lets it finish after a finish constraint (or start after `mustStartOn`). When the
    /// links push an activity past such a date, nothing is moved to hide it: its total float goes negative, and
    /// `violated` says so.
    public enum Constraint: Sendable, Equatable {
        /// Start on or after this day.
        case startNoEarlierThan(Int)
        /// Finish (exclusive offset: start + duration) on or before this.
        case finishNoLaterThan(Int)
        /// Start on this day: not earlier (forward pass), not later (backward pass).
        case mustStartOn(Int)

        /// Whether the times break the constraint.
        public func violated(by t: Times) -> Bool {
            switch self {
            case .startNoEarlierThan(let day): t.earlyStart < day
            case .finishNoLaterThan(let finish): t.earlyFinish > finish
            case .mustStartOn(let day): t.earlyStart != day
            }
        }
    }

    public enum LinkType: String, Sendable {
        case finishToStart = "FS"
        case startToStart = "SS"
        case finishToFinish = "FF"
        case startToFinish = "SF"

        /// The type from its two stored letters, read without making a String.
        init?(utf8: UnsafeBufferPointer<UInt8>) {
            guard utf8.count == 2 else { return nil }
            switch (utf8[0], utf8[1]) {
            case (70, 83): self = .finishToStart  // FS
            case (83, 83): self = .startToStart  // SS
            case (70, 70): self = .finishToFinish  // FF
            case (83, 70): self = .startToFinish  // SF
            default: return nil
            }
        }
    }

    public struct Link: Sendable {
        public let from: Int64
        public let to: Int64
        public let type: LinkType
        public let lag: Int
        public init(from: Int64, to: Int64, type: LinkType, lag: Int) {
            self.from = from
            self.to = to
            self.type = type
            self.lag = lag
        }
    }

    public struct Times: Sendable, Equatable {
        public var earlyStart: Int
        public var earlyFinish: Int
        public var lateStart: Int
        public var lateFinish: Int
        public init(earlyStart: Int, earlyFinish: Int, lateStart: Int, lateFinish: Int) {
            self.earlyStart = earlyStart
            self.earlyFinish = earlyFinish
            self.lateStart = lateStart
            self.lateFinish = lateFinish
        }
        public var totalFloat: Int { lateStart - earlyStart }
        /// No float, or less than none (a constraint the links break).
        public var critical: Bool { totalFloat <= 0 }
    }

    public struct CycleError: Error {}

    /// Per activity, its times; and the project's duration (the latest early finish).
    public let times: [Int64: Times]
    public let duration: Int
    /// Activities in topological order (ties by id).
    public let order: [Int64]

    /// - Throws: `CycleError` when the links make a cycle.
    public init(activities: [Activity], links: [Link]) throws {
        var index: [Int64: Int] = [:]
        for (i, a) in activities.enumerated() { index[a.id] = i }
        let n = activities.count
        var outgoing = [[Int]](repeating: [], count: n)
        var incoming = [[Int]](repeating: [], count: n)
        var indegree = [Int](repeating: 0, count: n)
        let usable = links.filter { index[$0.from] != nil && index[$0.to] != nil }
        for (k, link) in usable.enumerated() {
            let f = index[link.from]!
            let t = index[link.to]!
            outgoing[f].append(k)
            incoming[t].append(k)
            indegree[t] += 1
        }
        // Kahn's algorithm; a min-heap is not needed for correctness, ids only make the order stable.
        var queue = (0..<n).filter { indegree[$0] == 0 }
        var head = 0
        var topo: [Int] = []
        topo.reserveCapacity(n)
        while head < queue.count {
            let v = queue[head]
            head += 1
            topo.append(v)
            for k in outgoing[v] {
                let t = index[usable[k].to]!
                indegree[t] -= 1
                if indegree[t] == 0 { queue.append(t) }
            }
        }
        guard topo.count == n else { throw CycleError() }

        let d = activities.map(\.duration)
        var es = [Int](repeating: 0, count: n)
        for v in topo {
            for k in incoming[v] {
                let link = usable[k]
                let p = index[link.from]!
                let bound: Int
                switch link.type {
                case .finishToStart: bound = es[p] + d[p] + link.lag
                case .startToStart: bound = es[p] + link.lag
                case .finishToFinish: bound = es[p] + d[p] + link.lag - d[v]
                case .startToFinish: bound = es[p] + link.lag - d[v]
                }
                es[v] = max(es[v], bound)
            }
            switch activities[v].constraint {
            case .startNoEarlierThan(let day)?, .mustStartOn(let day)?: es[v] = max(es[v], day)
            default: break
            }
            if let notBefore = activities[v].notBefore { es[v] = max(es[v], notBefore) }
            if let fixed = activities[v].fixedStart { es[v] = fixed }
        }
        let finish = (0..<n).map { es[$0] + d[$0] }.max() ?? 0
        var lf = [Int](repeating: finish, count: n)
        for v in topo.reversed() {
            switch activities[v].constraint {
            case .finishNoLaterThan(let finish)?: lf[v] = min(lf[v], finish)
            case .mustStartOn(let day)?: lf[v] = min(lf[v], day + d[v])
            default: break
            }
            for k in outgoing[v] {
                let link = usable[k]
                let s = index[link.to]!
                let ls = lf[s] - d[s]
                let bound: Int
                switch link.type {
                case .finishToStart: bound = ls - link.lag
                case .startToStart: bound = ls - link.lag + d[v]
                case .finishToFinish: bound = lf[s] - link.lag
                case .startToFinish: bound = lf[s] - link.lag + d[v]
                }
                lf[v] = min(lf[v], bound)
            }
        }
        var times: [Int64: Times] = [:]
        for (i, a) in activities.enumerated() {
            times[a.id] = Times(
                earlyStart: es[i],
                earlyFinish: es[i] + d[i],
                lateStart: lf[i] - d[i],
                lateFinish: lf[i]
            )
        }
        self.times = times
        duration = finish
        order = topo.map { activities[$0].id }
    }
}

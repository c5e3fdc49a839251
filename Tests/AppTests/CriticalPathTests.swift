import Testing

@testable import App

/// The critical path method on textbook networks with known answers.
@Suite struct CriticalPathTests {
    typealias A = CriticalPath.Activity
    typealias L = CriticalPath.Link

    static func fs(_ from: Int64, _ to: Int64, lag: Int = 0) -> L {
        L(from: from, to: to, type: .finishToStart, lag: lag)
    }

    @Test func classicNetwork() throws {
        // A3 → B4 → D5 → F2, A → C2 → E3 → F: critical A-B-D-F, 14 days; C and E float 4.
        let path = try CriticalPath(
            activities: [
                A(id: 1, duration: 3), A(id: 2, duration: 4), A(id: 3, duration: 2), A(id: 4, duration: 5),
                A(id: 5, duration: 3), A(id: 6, duration: 2),
            ],
            links: [Self.fs(1, 2), Self.fs(1, 3), Self.fs(2, 4), Self.fs(3, 5), Self.fs(4, 6), Self.fs(5, 6)]
        )
        #expect(path.duration == 14)
        let t = path.times
        #expect(t[4] == CriticalPath.Times(earlyStart: 7, earlyFinish: 12, lateStart: 7, lateFinish: 12))
        #expect(t[3] == CriticalPath.Times(earlyStart: 3, earlyFinish: 5, lateStart: 7, lateFinish: 9))
        #expect(t[5] == CriticalPath.Times(earlyStart: 5, earlyFinish: 8, lateStart: 9, lateFinish: 12))
        #expect([1, 2, 3, 4, 5, 6].map { t[Int64($0)]!.totalFloat } == [0, 0, 4, 0, 4, 0])
        #expect(Set(t.filter { $0.value.critical }.keys) == [1, 2, 4, 6])
    }

    @Test func twoCriticalPathsTie() throws {
        let path = try CriticalPath(
            activities: [A(id: 1, duration: 2), A(id: 2, duration: 3), A(id: 3, duration: 3), A(id: 4, duration: 1)],
            links: [Self.fs(1, 2), Self.fs(1, 3), Self.fs(2, 4), Self.fs(3, 4)]
        )
        #expect(path.duration == 6)
        #expect(path.times.values.allSatisfy { $0.critical })
    }

    @Test func lagsAndEveryLinkType() throws {
        let fsLag = try CriticalPath(
            activities: [A(id: 1, duration: 2), A(id: 2, duration: 3)],
            links: [Self.fs(1, 2, lag: 2)]
        )
        #expect(fsLag.times[2]?.earlyStart == 4)
        #expect(fsLag.duration == 7)
        #expect(fsLag.times[1]?.critical == true)

        let ss = try CriticalPath(
            activities: [A(id: 1, duration: 4), A(id: 2, duration: 2)],
            links: [L(from: 1, to: 2, type: .startToStart, lag: 1)]
        )
        #expect(ss.duration == 4)
        #expect(ss.times[2] == CriticalPath.Times(earlyStart: 1, earlyFinish: 3, lateStart: 2, lateFinish: 4))
        #expect(ss.times[1]?.critical == true)

        let ff = try CriticalPath(
            activities: [A(id: 1, duration: 3), A(id: 2, duration: 2)],
            links: [L(from: 1, to: 2, type: .finishToFinish, lag: 1)]
        )
        #expect(ff.times[2] == CriticalPath.Times(earlyStart: 2, earlyFinish: 4, lateStart: 2, lateFinish: 4))
        #expect(ff.times[1]?.totalFloat == 0)

        let sf = try CriticalPath(
            activities: [A(id: 1, duration: 2), A(id: 2, duration: 2)],
            links: [L(from: 1, to: 2, type: .startToFinish, lag: 3)]
        )
        #expect(sf.times[2] == CriticalPath.Times(earlyStart: 1, earlyFinish: 3, lateStart: 1, lateFinish: 3))
        #expect(sf.duration == 3)

        let lead = try CriticalPath(
            activities: [A(id: 1, duration: 5), A(id: 2, duration: 2)],
            links: [Self.fs(1, 2, lag: -2)]
        )
        #expect(lead.times[2]?.earlyStart == 3)
    }

    @Test func refusesACycle() {
        #expect(throws: CriticalPath.CycleError.self) {
            _ = try CriticalPath(
                activities: [A(id: 1, duration: 1), A(id: 2, duration: 1)],
                links: [Self.fs(1, 2), Self.fs(2, 1)]
            )
        }
    }

    @Test func independentActivitiesFloatUpToTheLongest() throws {
        let path = try CriticalPath(activities: [A(id: 1, duration: 10), A(id: 2, duration: 4)], links: [])
        #expect(path.times[2]?.totalFloat == 6)
        #expect(path.times[1]?.critical == true)
    }
}

/// The in-place readers the schedule uses agree with their String forms.
@Suite struct ScheduleEncodingTests {
    @Test func linkTypesReadFromBytes() {
        for type in [CriticalPath.LinkType.finishToStart, .startToStart, .finishToFinish, .startToFinish] {
            var text = type.rawValue
            #expect(text.withUTF8 { CriticalPath.LinkType(utf8: $0) } == type)
        }
        for bad in ["", "F", "FSX", "fs", "SX"] {
            var text = bad
            #expect(text.withUTF8 { CriticalPath.LinkType(utf8: $0) } == nil)
        }
    }

    @Test func datesWrittenInPlaceMatchTheirStrings() {
        for days in stride(from: -719_468, through: 2_932_896, by: 997) + [0, 59, 60, 365, 10_957, 11_016] {
            var writer = JSONWriter()
            CivilDate.write(days, into: &writer)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"\(CivilDate.string(days))\"", "\(days)")
            #expect(CivilDate.days(CivilDate.string(days)) == days)
        }
    }
}

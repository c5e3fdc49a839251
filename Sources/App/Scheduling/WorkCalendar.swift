import Storage

/// A working calendar as the schedule uses it: which civil days are worked. A day is worked when its weekday is
/// one of `weekdays` and it is not a holiday, or when it is one of `workingDates` (a Saturday release).
///
/// The schedule runs the critical path method on working-day numbers (0 is the project's first working day), so
/// durations and lags are in working days, and only the final dates go through the calendar: day n is the n-th
/// working day from the start. Conventions: a finish is inclusive (a 3-day task starting Monday finishes
/// Wednesday); a lag counts working days (FS + 1 after a Wednesday finish starts on Friday); a zero-duration
/// package is a milestone on its start day.
struct WorkCalendar: Sendable, Equatable {
    /// Monday = 0 … Sunday = 6.
    var weekdays: Set<Int>
    var holidays: Set<Int>
    var workingDates: Set<Int>

    /// Monday to Friday, no holidays: the calendar of a database that has none.
    static let standard = WorkCalendar(weekdays: [0, 1, 2, 3, 4], holidays: [], workingDates: [])

    /// The most working days a schedule may span (about 380 years of five-day weeks): the map from working-day
    /// numbers to dates is built up to the project's finish, and a plan beyond this is refused.
    static let maxSpan = 100_000

    /// The weekday of a civil day (days since 1970-01-01, a Thursday), Monday = 0.
    static func weekday(_ day: Int) -> Int { ((day % 7) + 7 + 3) % 7 }

    func isWorking(_ day: Int) -> Bool {
        if workingDates.contains(day) { return true }
        return weekdays.contains(Self.weekday(day)) && !holidays.contains(day)
    }

    /// The first working day on or after `day` (a calendar always has some: `weekdays` is never empty, and the
    /// holidays are a bounded list).
    func workingDay(onOrAfter day: Int) -> Int {
        var d = day
        while !isWorking(d) { d += 1 }
        return d
    }

    /// The civil days of working days 0 ... `count` − 1, from the first working day on or after `start`.
    func workingDays(from start: Int, count: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(count)
        var d = start
        while out.count < count {
            if isWorking(d) { out.append(d) }
            d += 1
        }
        return out
    }

    /// The civil day `n` working days before `day` (n ≥ 1), for the dates of negative offsets (a late start
    /// that a finish constraint before the plan's start pulls back).
    func workingDay(_ n: Int, before day: Int) -> Int {
        var d = day
        var left = n
        while left > 0 {
            d -= 1
            if isWorking(d) { left -= 1 }
        }
        return d
    }

    /// Working-day offsets of dates from `start` (itself a working day): the number of working days in
    /// `start ..< date`, negative before it. Built once per schedule over the dates its constraints name, bounded
    /// by `maxSpan` working days either way (a date beyond counts as the bound).
    struct Offsets {
        let start: Int
        private let ahead: [Int]
        let calendar: WorkCalendar

        init(calendar: WorkCalendar, start: Int, through last: Int) {
            self.calendar = calendar
            self.start = start
            let end = min(last, start + WorkCalendar.maxSpan * 7 / 5 + 1000)
            var ahead: [Int] = []
            if end >= start { for d in start...end where calendar.isWorking(d) { ahead.append(d) } }
            self.ahead = ahead
        }

        /// Working days in `start ..< date` (negative: in `date ..< start`).
        func offset(before date: Int) -> Int {
            if date <= start {
                return -calendar.workingDays(in: max(date, start - WorkCalendar.maxSpan * 7 / 5), start - 1)
            }
            var lo = 0
            var hi = ahead.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if ahead[mid] < date { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    /// Working days from `from` to `to`, signed: those in `from <.. to` when `to` is later, minus those in
    /// `to <.. from` when it is earlier (a forecast one working day after its due date slips by 1). Bounded to
    /// ten years either way.
    func signedWorkingDays(from: Int, to: Int) -> Int {
        if to >= from { return workingDays(in: from + 1, min(to, from + 3660)) }
        return -workingDays(in: to + 1, min(from, to + 3660))
    }

    /// How many working days lie in `first ... last` (0 when `last` is before `first`).
    func workingDays(in first: Int, _ last: Int) -> Int {
        guard last >= first else { return 0 }
        var n = 0
        for d in first...last where isWorking(d) { n += 1 }
        return n
    }

    /// The calendar from its stored columns: `["mon","tue",…]`, and dates as JSON arrays of `YYYY-MM-DD`.
    init(weekdays names: [String], holidays: [String], workingDates: [String]) {
        weekdays = Set(names.compactMap { Calendars.weekdays.firstIndex(of: $0) })
        if weekdays.isEmpty { weekdays = Self.standard.weekdays }
        self.holidays = Set(holidays.compactMap(CivilDate.days))
        self.workingDates = Set(workingDates.compactMap(CivilDate.days))
    }

    init(weekdays: Set<Int>, holidays: Set<Int>, workingDates: Set<Int>) {
        self.weekdays = weekdays
        self.holidays = holidays
        self.workingDates = workingDates
    }

    /// The project's calendar (its own, else the default one, else `standard`), with its id and name.
    static func of(project id: Int64, _ db: Database) throws -> (calendar: WorkCalendar, id: Int64?, name: String?) {
        guard
            let row = try db.queryOne(
                """
                SELECT c.id, c.name, c.working_weekdays, c.holidays, c.working_dates FROM calendars c
                WHERE c.id = coalesce((SELECT calendar_id FROM projects WHERE id = ?),
                                      (SELECT id FROM calendars WHERE is_default = 1))
                """,
                [id]
            )
        else { return (.standard, nil, nil) }
        func list(_ index: Int) throws -> [String] {
            guard case .array(let items) = try JSONParser.parse(Array(try row.get(index, as: String.self).utf8)) else {
                return []
            }
            return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        }
        return (
            WorkCalendar(weekdays: try list(2), holidays: try list(3), workingDates: try list(4)),
            try row.get(0, as: Int64.self), try row.get(1, as: String.self)
        )
    }
}

import HTTPCore

extension PlanImport {
    static let mspdiLinkTypes = ["0": "FF", "1": "FS", "2": "SF", "3": "SS"]
    static let mspdiConstraints = ["2": "must_start_on", "4": "start_no_earlier_than", "7": "finish_no_later_than"]
    /// The most days one calendar exception may span (ten years).
    static let maxExceptionDays = 3660

    /// The date part of an MSPDI date-time (`2027-01-04T08:00:00`), when it is a date.
    static func date(_ text: String?) -> String? {
        guard let text, text.utf8.count >= 10 else { return nil }
        let day = String(text.prefix(10))
        return CivilDate.days(day) == nil ? nil : day
    }

    /// Whole working days of an ISO 8601 duration (`PT24H0M0S`, `P2DT4H`), 8 hours a day, rounded.
    static func days(_ text: String?) -> Int? {
        guard let text, text.hasPrefix("P") || text.hasPrefix("-P") else { return nil }
        var hours = 0.0
        var number = ""
        var inTime = false
        for c in text.dropFirst(text.hasPrefix("-") ? 2 : 1) {
            switch c {
            case "T": inTime = true
            case "0"..."9", ".": number.append(c)
            default:
                let v = Double(number) ?? 0
                number = ""
                switch (c, inTime) {
                case ("D", false): hours += v * 8
                case ("W", false): hours += v * 40
                case ("H", true): hours += v
                case ("M", true): hours += v / 60
                case ("S", true): hours += v / 3600
                default: return nil  // years and months have no fixed length in working days
                }
            }
        }
        return max(0, Int((hours / 8).rounded()))
    }

    static func read(mspdi root: XMLTree.Element) throws -> Plan {
        guard root.name == "Project", root.child("Tasks") != nil || root.child("Name") != nil else {
            throw HTTPError(
                .unprocessableContent,
                "the XML is not a Microsoft Project plan (MSPDI): its root is <\(root.name)>, not <Project> with <Tasks>"
            )
        }
        var plan = Plan()
        plan.name = root.value("Title") ?? root.value("Name")
        plan.start = date(root.value("StartDate"))
        plan.statusDate = date(root.value("StatusDate"))
        // The project's calendar, its weekdays from its base calendar when it gives none.
        let calendars = root.child("Calendars")?.all("Calendar") ?? []
        func calendar(_ uid: String?) -> XMLTree.Element? { calendars.first { $0.value("UID") == uid } }
        if let c = calendar(root.value("CalendarUID")) ?? calendars.first {
            let base = calendar(c.value("BaseCalendarUID"))
            var weekdays: [String] = []
            var holidays: Set<String> = []
            var working: Set<String> = []
            func exception(_ from: String?, _ to: String?, _ isWorking: Bool) throws {
                guard let a = date(from).flatMap(CivilDate.days), let b = date(to).flatMap(CivilDate.days), b >= a
                else { return }
                guard b - a < maxExceptionDays else {
                    throw HTTPError(
                        .unprocessableContent,
                        "calendar exception \(from ?? "") to \(to ?? "") spans more than \(maxExceptionDays) days (PlanImport.maxExceptionDays)"
                    )
                }
                for d in a...b {
                    _ = isWorking ? working.insert(CivilDate.string(d)) : holidays.insert(CivilDate.string(d))
                }
            }
            for source in [c, base].compactMap({ $0 }) where weekdays.isEmpty {
                for day in source.child("WeekDays")?.all("WeekDay") ?? [] {
                    guard let type = day.value("DayType").flatMap(Int.init) else { continue }
                    if type == 0 {  // the older form of an exception
                        let period = day.child("TimePeriod")
                        try exception(
                            period?.value("FromDate"),
                            period?.value("ToDate"),
                            day.value("DayWorking") == "1"
                        )
                    } else if (1...7).contains(type), day.value("DayWorking") == "1" {
                        weekdays.append(Calendars.weekdays[(type + 5) % 7])
                    }
                }
            }
            for e in c.child("Exceptions")?.all("Exception") ?? [] {
                let period = e.child("TimePeriod")
                try exception(period?.value("FromDate"), period?.value("ToDate"), e.value("DayWorking") == "1")
            }
            if weekdays.isEmpty { weekdays = Array(Calendars.weekdays.prefix(5)) }
            let order = Dictionary(uniqueKeysWithValues: Calendars.weekdays.enumerated().map { ($1, $0) })
            plan.calendar = (
                c.value("Name") ?? "Imported calendar", weekdays.sorted { order[$0]! < order[$1]! },
                holidays.subtracting(working).sorted(), working.sorted()
            )
        }
        let tasks = root.child("Tasks")?.all("Task") ?? []
        guard tasks.count <= maxTasks + 1 else {
            throw HTTPError(
                .unprocessableContent,
                "the plan has \(tasks.count) tasks; an import creates at most \(maxTasks) (PlanImport.maxTasks): split the plan"
            )
        }
        for t in tasks {
            guard let uid = t.value("UID") else {
                throw HTTPError(.unprocessableContent, "task '\(t.value("Name") ?? "")' has no <UID>")
            }
            let level = t.value("OutlineLevel").flatMap(Int.init) ?? 1
            if level == 0 || t.value("IsNull") == "1" { continue }  // the project's own summary task
            var task = Plan.Task(uid: uid, name: t.value("Name") ?? "Task \(uid)", level: level)
            task.durationDays = t.value("Milestone") == "1" ? 0 : days(t.value("Duration"))
            if let code = t.value("ConstraintType"), code != "0" {
                if let type = mspdiConstraints[code], let d = date(t.value("ConstraintDate")) {
                    task.constraint = (type, d)
                } else {
                    plan.ignored.append("task UID \(uid): constraint type \(code) (only 2, 4 and 7 are kept)")
                }
            }
            task.actualStart = date(t.value("ActualStart"))
            task.actualFinish = task.actualStart == nil ? nil : date(t.value("ActualFinish"))
            task.percentComplete = t.value("PercentComplete").flatMap(Int.init).map { min(100, max(0, $0)) }
            task.remainingDays = days(t.value("RemainingDuration"))
            if let b = t.all("Baseline").first(where: { ($0.value("Number") ?? "0") == "0" }) {
                task.plannedStart = date(b.value("Start"))
                task.plannedFinish = date(b.value("Finish"))
            }
            plan.tasks.append(task)
            for link in t.all("PredecessorLink") {
                guard let from = link.value("PredecessorUID") else { continue }
                if link.value("CrossProject") == "1" {
                    plan.ignored.append("task UID \(uid): a link to another project")
                    continue
                }
                let lag = Double(link.value("LinkLag") ?? "0") ?? 0
                plan.links.append(
                    Plan.Link(
                        from: from,
                        to: uid,
                        type: mspdiLinkTypes[link.value("Type") ?? "1"] ?? "FS",
                        lag: Int((lag / Double(MSPDI.tenthsPerDay)).rounded())
                    )
                )
            }
        }
        return plan
    }

    /// A CSV plan: a header naming the columns, then one row per package; `wbsCode` gives the outline.
    static func read(csv bytes: [UInt8]) throws -> Plan {
        let rows = try CSVReader.rows(bytes)
        guard let header = rows.first?.map({ $0.trimmingASCIIWhitespace() }) else {
            throw HTTPError(.unprocessableContent, "the CSV is empty: it needs a header row with wbsCode and name")
        }
        guard let codeAt = header.firstIndex(of: "wbsCode"), let nameAt = header.firstIndex(of: "name") else {
            throw HTTPError(
                .unprocessableContent,
                "the CSV header must name the columns wbsCode and name (it has: \(header.joined(separator: ", ")))"
            )
        }
        func at(_ row: [String], _ column: String) -> String? {
            guard let i = header.firstIndex(of: column), i < row.count else { return nil }
            let v = row[i].trimmingASCIIWhitespace()
            return v.isEmpty ? nil : v
        }
        var plan = Plan()
        guard rows.count - 1 <= maxTasks else {
            throw HTTPError(
                .unprocessableContent,
                "the plan has \(rows.count - 1) tasks; an import creates at most \(maxTasks) (PlanImport.maxTasks): split the plan"
            )
        }
        for (n, row) in rows.dropFirst().enumerated() where !(row.count == 1 && row[0].isEmpty) {
            let code = codeAt < row.count ? row[codeAt].trimmingASCIIWhitespace() : ""
            let parts = code.split(separator: ".", omittingEmptySubsequences: false)
            guard !code.isEmpty, parts.allSatisfy({ Int($0) != nil }) else {
                throw HTTPError(.unprocessableContent, "row \(n + 2): wbsCode '\(code)' is not like 1, 1.2 or 1.2.3")
            }
            var task = Plan.Task(uid: code, name: nameAt < row.count ? row[nameAt] : "", level: parts.count)
            if let d = at(row, "durationDays") {
                guard let v = Int(d) else {
                    throw HTTPError(.unprocessableContent, "row \(n + 2): durationDays '\(d)' is not a whole number")
                }
                task.durationDays = v
            }
            if let type = at(row, "constraintType"), let d = at(row, "constraintDate") { task.constraint = (type, d) }
            task.plannedStart = at(row, "plannedStart")
            task.plannedFinish = at(row, "plannedFinish")
            plan.tasks.append(task)
            for item in (at(row, "predecessors") ?? "").split(whereSeparator: { $0 == ";" || $0 == " " }) {
                guard let link = Self.link(String(item), to: code) else {
                    throw HTTPError(
                        .unprocessableContent,
                        "row \(n + 2): predecessor '\(item)' is not like 1.2, 1.2SS or 1.2FS+3"
                    )
                }
                plan.links.append(link)
            }
        }
        return plan
    }

    /// `1.2`, `1.2SS`, `1.2FF-1`, `1.2FS+3`: a predecessor's WBS code, link type and lag in working days.
    static func link(_ text: String, to: String) -> Plan.Link? {
        var code = Substring(text)
        var type = "FS"
        var lag = 0
        if let sign = code.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            guard let v = Int(code[sign...].replacingOccurrences(of: "+", with: "")) else { return nil }
            lag = v
            code = code[..<sign]
        }
        for t in ["FS", "SS", "FF", "SF"] where code.uppercased().hasSuffix(t) {
            type = t
            code = code.dropLast(2)
        }
        guard !code.isEmpty, code.split(separator: ".").allSatisfy({ Int($0) != nil }) else { return nil }
        return Plan.Link(from: String(code), to: to, type: type, lag: lag)
    }
}

/// RFC 4180 rows: fields separated by commas, quoted with `"` (doubled inside), lines by CRLF or LF.
enum CSVReader {
    static func rows(_ bytes: [UInt8]) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func endField() {
            row.append(String(decoding: field, as: UTF8.self))
            field = []
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 34 {
                    if i + 1 < bytes.count && bytes[i + 1] == 34 {
                        field.append(34)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(b)
                }
            } else if b == 34 && field.isEmpty {
                quoted = true
            } else if b == 44 {
                endField()
            } else if b == 10 || b == 13 {
                endField()
                rows.append(row)
                row = []
                if b == 13 && i + 1 < bytes.count && bytes[i + 1] == 10 { i += 1 }
            } else {
                field.append(b)
            }
            i += 1
        }
        if quoted { throw HTTPError(.badRequest, "the CSV ends inside a quoted field") }
        if !field.isEmpty || !row.isEmpty {
            endField()
            rows.append(row)
        }
        return rows
    }
}

import Foundation
import HTTPCore
import Storage

/// `charter demo`: a realistic portfolio for the dashboard and the README's examples on a fresh machine. Five
/// projects (keys `DemoPortfolio.projectKeys`, tagged `demo`) with about 300 work packages linked into
/// schedules, two calendars, twelve people, milestones (some achieved, some slipping), a baseline each, progress
/// as of today, budgets, cost entries (one in another currency, one credit) and deliverables in every review
/// state. Dates are placed around today, so the Gantt chart's today line falls inside the work.
///
/// Everything is written through Charter's own routes (`DemoClient`), in one transaction: a failure leaves
/// nothing behind. Loading it again changes nothing: when the five projects exist the load stops before writing;
/// when only some do (a project of yours named `ERP`, say) it refuses, naming them.
public enum DemoPortfolio {
    public static let projectKeys = ["ERP", "CRM", "DWH", "MOBILE", "SECOPS"]

    /// What a load did, one line each.
    public struct Report: Sendable {
        public var loaded: Bool
        public var lines: [String]
    }

    /// Loads the demo portfolio into `database` (migrated, with the career data) unless it is there already.
    /// - Parameter today: days since 1970-01-01 the dates are placed around (the current UTC date when nil).
    public static func load(
        into database: DatabasePool,
        configuration: AppConfiguration,
        today: Int? = nil
    ) throws -> Report {
        let today = today ?? Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
        return try database.write { _ in
            var client = DemoClient(database: database, configuration: configuration)
            let keys = projectKeys.joined(separator: ",")
            let found =
                try client.send(.get, "/api/v1/projects?key=in.(\(keys))&fields=key&perPage=10")["items"]?
                .arrayValue.compactMap { $0["key"]?.stringValue } ?? []
            if found.count == projectKeys.count {
                return Report(loaded: false, lines: ["the demo portfolio is already loaded: nothing changed"])
            }
            if !found.isEmpty {
                throw DemoClient.Refused(
                    description: "projects \(found.sorted().joined(separator: ", ")) exist but the rest of the demo "
                        + "portfolio does not: load it into a database without projects of those keys"
                )
            }
            var builder = Builder(client: client, today: today)
            try builder.loadAll()
            client.person = nil
            return Report(loaded: true, lines: builder.lines)
        }
    }

    /// A fixed-seed generator (SplitMix64): the same demo data on every machine.
    struct Random {
        var state: UInt64 = 0x5EED_C4A2_7E12_0001
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    }
}

extension DemoPortfolio {
    struct ProjectPlan {
        var key: String
        var name: String
        var objectives: String
        var startOffset: Int
        var funding: Int64
        var calendar: String?
        var phases: [String]
        var technologies: [String]
        var finalStatus: String
        var manager: Int
    }

    static let phaseTasks: [String: [String]] = [
        "Initiation": ["Project charter", "Stakeholder analysis", "Kick-off workshop", "Governance set-up"],
        "Requirements": [
            "Current-state process mapping", "Requirements workshops", "User stories", "Non-functional requirements",
            "Requirements sign-off", "Data inventory",
        ],
        "Design": [
            "Solution architecture", "Integration design", "Data model", "Security design", "UX prototypes",
            "Design review",
        ],
        "Build": [
            "Environment provisioning", "Core configuration", "Interfaces", "Reports", "Data migration scripts",
            "Access roles", "Batch jobs", "Code review", "Sprint demo",
        ],
        "Test": [
            "Test plan", "System test", "Integration test", "Performance test", "User acceptance test",
            "Defect fixing", "Regression test",
        ],
        "Deploy": ["Cut-over plan", "Training", "Dress rehearsal", "Go-live", "Data reconciliation"],
        "Hypercare": ["Hypercare support", "Handover to operations", "Lessons learned", "Closure report"],
    ]

    static let plans: [ProjectPlan] = [
        ProjectPlan(
            key: "ERP",
            name: "ERP rollout",
            objectives: "Replace the finance and procurement systems with one ERP.",
            startOffset: -150,
            funding: 240_000_000,
            calendar: "Demo: Berlin office",
            phases: ["Initiation", "Requirements", "Design", "Build", "Test", "Deploy", "Hypercare"],
            technologies: ["SAP S/4HANA", "PostgreSQL"],
            finalStatus: "active",
            manager: 1
        ),
        ProjectPlan(
            key: "CRM",
            name: "CRM replacement",
            objectives: "Move sales and service to one customer platform.",
            startOffset: -90,
            funding: 120_000_000,
            calendar: nil,
            phases: ["Initiation", "Requirements", "Design", "Build", "Test", "Deploy"],
            technologies: ["Salesforce"],
            finalStatus: "active",
            manager: 2
        ),
        ProjectPlan(
            key: "DWH",
            name: "Data warehouse modernisation",
            objectives: "Move reporting to a cloud warehouse with governed data products.",
            startOffset: -200,
            funding: 90_000_000,
            calendar: "Demo: Berlin office",
            phases: ["Initiation", "Requirements", "Design", "Build", "Test", "Deploy"],
            technologies: ["Snowflake", "dbt"],
            finalStatus: "active",
            manager: 3
        ),
        ProjectPlan(
            key: "MOBILE",
            name: "Field service mobile app",
            objectives: "Give field engineers work orders and parts on their phones.",
            startOffset: -60,
            funding: 60_000_000,
            calendar: "Demo: Bangalore office",
            phases: ["Initiation", "Requirements", "Design", "Build", "Test", "Deploy"],
            technologies: ["Kotlin", "Swift"],
            finalStatus: "on_hold",
            manager: 2
        ),
        ProjectPlan(
            key: "SECOPS",
            name: "Security operations centre",
            objectives: "Stand up 24/7 monitoring and incident response.",
            startOffset: 21,
            funding: 75_000_000,
            calendar: nil,
            phases: ["Initiation", "Requirements", "Design", "Build", "Test", "Deploy"],
            technologies: ["SIEM", "SOAR"],
            finalStatus: "proposed",
            manager: 3
        ),
    ]

    static let people: [(name: String, title: String, rate: Int64, pm: Bool)] = [
        ("Amara Okafor", "Portfolio Director", 15_000, false),
        ("Lukas Brandt", "IT Project Manager", 11_000, true),
        ("Priya Raman", "IT Project Manager", 11_000, true),
        ("Sofia Marquez", "IT Project Manager", 10_500, true),
        ("Kenji Watanabe", "Solutions Architect", 12_000, false),
        ("Ingrid Holm", "Business Analyst", 8_500, false),
        ("Tomás Ferreira", "Software Developer", 9_000, false),
        ("Chloé Dubois", "QA Lead", 8_800, false),
        ("Daniel Mensah", "Data Engineer", 9_200, false),
        ("Hannah Schmidt", "Security Engineer", 10_000, false),
        ("Ravi Kulkarni", "Infrastructure Engineer", 8_700, false),
        ("Emily Carter", "Finance Controller", 9_500, false),
    ]
}

extension DemoPortfolio {
    /// Writes the portfolio, one project after another.
    struct Builder {
        var client: DemoClient
        let today: Int
        var random = Random()
        var lines: [String] = []
        var people: [Int64] = []
        var calendars: [String: Int64] = [:]
        var counts: [String: Int] = [:]

        init(client: DemoClient, today: Int) {
            self.client = client
            self.today = today
        }

        static func date(_ days: Int) -> JSONValue { .string(CivilDate.string(days)) }

        @discardableResult mutating func create(_ collection: String, _ body: [String: JSONValue?]) throws -> Int64 {
            counts[collection, default: 0] += 1
            return try client.create(collection, body)
        }

        mutating func loadAll() throws {
            let year = CivilDate.components(today).year
            for (name, weekdays, holidays) in [
                (
                    "Demo: Berlin office", ["mon", "tue", "wed", "thu", "fri"],
                    ["01-01", "05-01", "10-03", "12-25", "12-26"]
                ),
                ("Demo: Bangalore office", ["mon", "tue", "wed", "thu", "fri", "sat"], ["01-26", "08-15", "10-02"]),
            ] {
                let dates = (year - 1...year + 2).flatMap { y in holidays.map { JSONValue.string("\(y)-\($0)") } }
                calendars[name] = try create(
                    "calendars",
                    [
                        "name": .string(name), "workingWeekdays": .array(weekdays.map(JSONValue.string)),
                        "holidays": .array(dates), "description": "Public holidays of the office",
                    ]
                )
            }
            for (index, person) in DemoPortfolio.people.enumerated() {
                let email = person.name.lowercased().split(separator: " ").joined(separator: ".")
                    .folding(options: .diacriticInsensitive, locale: nil)
                people.append(
                    try create(
                        "people",
                        [
                            "name": .string(person.name), "email": .string("\(email)@demo.example"),
                            "title": .string(person.title), "hourlyCostRate": .int(person.rate),
                            "costCurrency": "EUR", "onetCode": person.pm ? "15-1299.09" : nil,
                        ]
                    )
                )
                _ = index
            }
            for plan in DemoPortfolio.plans { try load(plan) }
            let order =
                ["calendars", "people", "projects", "work-packages", "dependencies", "milestones"]
                + ["baselines", "budgets", "cost-entries", "deliverables"]
            lines.append(order.map { "\(counts[$0, default: 0]) \($0)" }.joined(separator: ", "))
        }

        /// One project: the tree, its links, milestones at the phases' ends, a baseline, some changes since,
        /// progress as of today, budgets, costs and deliverables.
        mutating func load(_ plan: ProjectPlan) throws {
            let start = today + plan.startOffset
            let manager = people[plan.manager]
            let project = try create(
                "projects",
                [
                    "key": .string(plan.key), "name": .string(plan.name), "objectives": .string(plan.objectives),
                    "sponsor": .int(people[0]), "manager": .int(manager), "plannedStart": Self.date(start),
                    "fundingAmount": .int(plan.funding), "fundingCurrency": "EUR", "fundingSource": "Capex",
                    "status": plan.finalStatus == "proposed" ? "proposed" : "active",
                    "tags": ["demo"], "technologies": .array(plan.technologies.map(JSONValue.string)),
                    "calendar": plan.calendar.flatMap { calendars[$0] }.map(JSONValue.int),
                ]
            )
            // The tree: phases, the larger ones split into two workstreams; leaves linked in chains with a few
            // parallel branches, each phase starting after the last one's ends.
            var phaseLeaves: [[Int64]] = []
            var phaseEnds: [[Int64]] = []
            var leafNames: [Int64: String] = [:]
            for phase in plan.phases {
                let phaseID = try create("work-packages", ["project": .int(project), "name": .string(phase)])
                let tasks = DemoPortfolio.phaseTasks[phase] ?? []
                let streams: [(Int64, [String])]
                if tasks.count >= 7 {
                    var split: [(Int64, [String])] = []
                    for (n, part) in [tasks, tasks.map { $0 + " (wave 2)" }].enumerated() {
                        let stream = try create(
                            "work-packages",
                            [
                                "project": .int(project), "parent": .int(phaseID),
                                "name": .string("\(phase) wave \(n + 1)"),
                            ]
                        )
                        split.append((stream, Array(part.prefix(n == 0 ? tasks.count : 4))))
                    }
                    streams = split
                } else {
                    streams = [(phaseID, tasks)]
                }
                var leaves: [Int64] = []
                for (parent, names) in streams {
                    for name in names {
                        let days = random.int(2...12)
                        let hours = Double(days * 8 * random.int(1...3))
                        let rate = DemoPortfolio.people[plan.manager].rate
                        let id = try create(
                            "work-packages",
                            [
                                "project": .int(project), "parent": .int(parent), "name": .string(name),
                                "durationDays": .int(Int64(days)), "estimatedEffortHours": .double(hours),
                                "plannedCost": .int(Int64(hours) * rate), "costCurrency": "EUR",
                                "assignee": .int(people[random.int(4...11)]),
                            ]
                        )
                        leafNames[id] = name
                        leaves.append(id)
                    }
                }
                // Links: each leaf after the one before, or (one time in four) after the one before that, so
                // that some chains run in parallel and only one of them is critical.
                var hasSuccessor = Set<Int64>()
                for i in leaves.indices.dropFirst() {
                    let from = i >= 2 && random.chance(55) ? leaves[i - 2] : leaves[i - 1]
                    let lag = random.chance(15) ? random.int(1...3) : 0
                    try link(project, from, leaves[i], type: random.chance(10) ? "SS" : "FS", lag: lag)
                    hasSuccessor.insert(from)
                }
                if let previous = phaseEnds.last, let first = leaves.first {
                    for end in previous { try link(project, end, first, type: "FS", lag: 0) }
                }
                phaseLeaves.append(leaves)
                phaseEnds.append(leaves.filter { !hasSuccessor.contains($0) })
            }

            // Milestones at each phase's scheduled end (some due a few days earlier: they slip), reached by the
            // phase's last leaves; the ones already past are achieved.
            var schedule = try client.send(.get, "/api/v1/projects/\(project)/schedule")
            var finishes: [Int64: Int] = [:]
            for item in schedule["items"]?.arrayValue ?? [] {
                if let id = item["id"]?.intValue, let f = item["earlyFinishDate"]?.stringValue {
                    finishes[id] = CivilDate.days(f)
                }
            }
            var milestones: [Int64] = []
            for (phase, ends) in zip(plan.phases, phaseEnds) {
                let finish = ends.compactMap { finishes[$0] }.max() ?? start
                let early = random.chance(35) ? random.int(2...6) : 0
                let id = try create(
                    "milestones",
                    [
                        "project": .int(project), "name": .string("\(phase) complete"),
                        "dueDate": Self.date(finish - early),
                        "achievedDate": finish < today ? Self.date(finish) : nil,
                        "status": finish < today ? "achieved" : nil,
                    ]
                )
                milestones.append(id)
                for end in ends { try client.patch("work-packages", end, ["milestone": .int(id)]) }
            }
            if plan.finalStatus != "proposed" {
                try create("baselines", ["project": .int(project), "name": "Approved plan"])
                // Since the baseline: a few later tasks re-estimated, so bars and variance differ from it.
                for leaves in phaseLeaves.suffix(3) {
                    let id = leaves[random.int(0...(leaves.count - 1))]
                    try client.patch("work-packages", id, ["durationDays": .int(Int64(random.int(8...15)))])
                }
                schedule = try client.send(.get, "/api/v1/projects/\(project)/schedule")
                try progress(project, schedule)
            }
            try money(plan, project: project, start: start, leaves: phaseLeaves.flatMap { $0 })
            try deliverables(project, manager: manager, milestones: milestones)
            if plan.finalStatus == "on_hold" { try client.patch("projects", project, ["status": "on_hold"]) }
            let count = phaseLeaves.reduce(0) { $0 + $1.count }
            lines.append("\(plan.key): \(plan.name), \(count) scheduled packages, \(plan.finalStatus)")
        }

        mutating func link(_ project: Int64, _ from: Int64, _ to: Int64, type: String, lag: Int) throws {
            _ = project
            try create(
                "dependencies",
                [
                    "predecessor": .int(from), "successor": .int(to), "type": .string(type),
                    "lagDays": .int(Int64(lag)),
                ]
            )
        }

        /// Progress as of today: work scheduled to finish before today finished (a day late now and then),
        /// work under way started with its share done; the project's status date is today.
        mutating func progress(_ project: Int64, _ schedule: JSONValue) throws {
            for item in schedule["items"]?.arrayValue ?? [] {
                guard let id = item["id"]?.intValue, let s = item["earlyStartDate"]?.stringValue,
                    let f = item["earlyFinishDate"]?.stringValue, let startDay = CivilDate.days(s),
                    let finishDay = CivilDate.days(f), startDay <= today
                else { continue }
                if finishDay < today {
                    let late = random.chance(20) ? 1 : 0
                    try client.patch(
                        "work-packages",
                        id,
                        [
                            "status": "completed", "actualStart": .string(s),
                            "actualFinish": Self.date(min(today, finishDay + late)),
                        ]
                    )
                } else {
                    let share = (today - startDay) * 100 / max(1, finishDay - startDay + 1)
                    try client.patch(
                        "work-packages",
                        id,
                        [
                            "status": "in_progress", "actualStart": .string(s),
                            "percentComplete": .int(Int64(max(5, min(95, share)))),
                        ]
                    )
                }
            }
            try client.patch("projects", project, ["statusDate": Self.date(today)])
        }

        /// Budgets for each fiscal year the project touches, and monthly costs from its start to today.
        mutating func money(_ plan: ProjectPlan, project: Int64, start: Int, leaves: [Int64]) throws {
            let shares: [(String, Int64)] = [
                ("labour", 55), ("software", 20), ("services", 15), ("hardware", 7), ("travel", 3),
            ]
            let first = CivilDate.components(min(start, today)).year
            let last = CivilDate.components(max(start, today) + 180).year
            for year in first...last {
                for (category, percent) in shares {
                    try create(
                        "budgets",
                        [
                            "project": .int(project), "fiscalYear": .int(Int64(year)), "category": .string(category),
                            "amount": .int(plan.funding * percent / 100 / Int64(last - first + 1)),
                            "currency": "EUR", "note": "Approved in the annual plan",
                        ]
                    )
                }
            }
            guard start < today else { return }
            var (y, m, _) = CivilDate.components(start)
            let (ty, tm, _) = CivilDate.components(today)
            let monthly = plan.funding / 14
            var n = 0
            while (y, m) <= (ty, tm) {
                let day = min(today, Int(CivilDays.daysFromCivil(year: Int64(y), month: Int64(m), day: 15)))
                for (category, percent) in shares.prefix(3) {
                    let amount = monthly * percent / 100 * Int64(random.int(70...130)) / 100
                    try create(
                        "cost-entries",
                        [
                            "project": .int(project), "date": Self.date(day), "category": .string(category),
                            "amount": .int(amount), "currency": "EUR",
                            "workPackage": category == "labour" ? .int(leaves[min(n, leaves.count - 1)]) : nil,
                            "vendor": category == "labour"
                                ? nil : .string(category == "software" ? "Acme Cloud" : "Northwind Consulting"),
                            "invoiceReference": category == "labour"
                                ? nil : .string("INV-\(plan.key)-\(y)\(m)-\(category.prefix(3).uppercased())"),
                        ]
                    )
                }
                n += 6
                (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
            }
            // A licence bought in US dollars, and a credit note for a returned laptop.
            let recent = Self.date(today - 10)
            try create(
                "cost-entries",
                [
                    "project": .int(project), "date": recent, "category": "software", "amount": 1_250_000,
                    "currency": "USD", "exchangeRate": "0.9234", "vendor": "Acme Cloud Inc.",
                    "invoiceReference": .string("US-\(plan.key)-7731"),
                ]
            )
            try create(
                "cost-entries",
                [
                    "project": .int(project), "date": recent, "category": "hardware", "amount": -180_000,
                    "currency": "EUR", "vendor": "Contoso Hardware", "invoiceReference": .string("CN-\(plan.key)-12"),
                ]
            )
        }

        /// Deliverables in each review state: accepted, awaiting review, rejected with comments, draft.
        mutating func deliverables(_ project: Int64, manager: Int64, milestones: [Int64]) throws {
            let sponsor = people[0]
            let items: [(String, Int, String)] = [
                ("Requirements specification", 1, "accepted"), ("Solution design", 2, "submitted"),
                ("Data migration plan", 3, "rejected"), ("Test strategy", 4, "draft"),
            ]
            for (name, phase, state) in items {
                let id = try create(
                    "deliverables",
                    [
                        "project": .int(project), "name": .string(name), "owner": .int(manager),
                        "milestone": .int(milestones[min(phase, milestones.count - 1)]),
                        "description": .string("The \(name.lowercased()) for review by the sponsor."),
                        "acceptanceCriteria": "Reviewed and signed off by the sponsor.",
                    ]
                )
                guard state != "draft" else { continue }
                client.person = manager
                try client.patch("deliverables", id, ["status": "submitted"])
                client.person = sponsor
                switch state {
                case "accepted": try client.patch("deliverables", id, ["status": "accepted"])
                case "rejected":
                    try client.patch(
                        "deliverables",
                        id,
                        ["status": "rejected", "reviewComments": "Cut-over rollback steps are missing."]
                    )
                default: break
                }
                client.person = nil
            }
        }
    }
}

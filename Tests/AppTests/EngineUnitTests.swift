import HTTPCore
import Storage
import Testing

@testable import App

/// The record engine's parts on their own: the list grammar, the validator, lifecycles and the CSV writer.
@Suite struct ListGrammarTests {
    static let people = People.definition

    static func query(_ raw: String) throws -> ListQuery {
        try ListQuery(QueryParameters(parsing: raw), definition: people, defaultPerPage: 50, maxPerPage: 500)
    }

    /// The top-level substring filter drives the list from the trigram index (`d`); one inside a group is read
    /// through its IN subquery; both test the filter itself on the row.
    @Test func nestedGroupsBecomeParenthesisedSQLWithBoundArguments() throws {
        let q = try Self.query("or=(name.eq.Ada,and(title.ilike.*lead*,hourlyCostRate.gt.100))&email=like.*@x.org")
        let (sql, arguments) = q.whereClause(Self.people)
        #expect(
            sql
                == "d.email LIKE ? AND (t.name = ? OR ((t.id IN (SELECT rowid FROM people_trigram WHERE "
                + "people_trigram.title LIKE ?) AND t.title LIKE ? ESCAPE '\\') AND t.hourly_cost_rate > ?)) "
                + "AND t.email GLOB ?"
        )
        #expect(
            arguments == [
                .text("%@x.org"), .text("Ada"), .text("%lead%"), .text("%lead%"), .integer(100), .text("*@x.org"),
            ]
        )
        #expect(q.fromClause(Self.people) == "people_trigram d JOIN people t ON t.id = d.rowid")
        #expect(q.orderBy == "d.rowid")
    }

    /// A substring filter's own `%` and `_` are literal; the trigram index is asked for a superset (`_`).
    @Test func substringFiltersEscapeForTheRowAndWidenForTheIndex() throws {
        let q = try Self.query("name=ilike.*50%_off*")
        #expect(q.driver?.arguments == [.text("%50__off%")])
        #expect(q.whereClause(Self.people).arguments.last == .text("%50\\%\\_off%"))
    }

    @Test func valuesWithCommasAndParenthesesStayOneTermWhenQuoted() throws {
        let q = try Self.query(#"or=(name.eq."Lovelace, Ada",title.in.(a,"b,c"))"#)
        #expect(q.whereClause(Self.people).arguments == [.text("Lovelace, Ada"), .text("a"), .text("b,c")])
    }

    @Test(arguments: [
        "or=name.eq.x", "or=()", "or=(name.eq)", "or=(nosuch.eq.1)", "or=(name.zz.1)",
        "or=(or(or(or(or(name.eq.1)))))", "and=(name.eq.1,and(title.eq.2)", "hourlyCostRate=gt.lots",
        "onetCode=eq.1&sort=nosuch", "perPage=501", "page=0", "name=ilike.*ab*", "name=like.a*b*c",
        "hourlyCostRate=ilike.*100*", "costCurrency=eq.EUR", "sort=name,title", "sort=name,-id", "sort=version",
        "version=eq.1", "q=ada&sort=name", "name=ilike.*ada*&sort=-email",
    ])
    func malformedListQueriesAre400s(raw: String) {
        let error = #expect(throws: HTTPError.self) { try Self.query(raw) }
        #expect(error?.status == .badRequest)
    }

    @Test func termsAreBoundedSoSQLiteNeverSeesADeepExpression() throws {
        let terms = (1...101).map { "name.eq.\($0)" }.joined(separator: ",")
        #expect(throws: HTTPError.self) { try Self.query("or=(\(terms))") }
        let many = (1...101).map { "name=eq.\($0)" }.joined(separator: "&")
        #expect(throws: HTTPError.self) { try Self.query(many) }
        _ = try Self.query("or=(\((1...100).map { "name.eq.\($0)" }.joined(separator: ",")))")
    }

    /// One key, then the id in the same direction: the order of the key's index read forwards or backwards.
    @Test func sortAlwaysEndsWithTheIdForAStableOrder() throws {
        #expect(try Self.query("sort=-name").orderBy == "t.name DESC, t.id DESC")
        #expect(try Self.query("").orderBy == "t.id")
        #expect(try Self.query("sort=name,id").orderBy == "t.name, t.id")
        #expect(try Self.query("q=ada&sort=-id").orderBy == "d.rowid DESC")
    }

    /// A sort outside the declared ones is a 400 that names them.
    @Test func anUnindexedSortIsRefusedNamingTheSortableFields() {
        let error = #expect(throws: HTTPError.self) { try Self.query("sort=onetCode") }
        #expect(error?.detail.contains("name, email, title, hourlyCostRate") == true)
    }
}

@Suite struct ValidatorTests {
    static let people = People.definition

    @Test func completeModeNeedsRequiredFieldsAndNullsTheRest() {
        let (values, readOnly, issues) = RecordValidator.validate(
            ["name": .string("Ada")],
            of: Self.people,
            mode: .complete
        )
        #expect(issues.map(\.field) == ["email"])
        #expect(values["title"] == .null && values["name"] == .string("Ada"))
        #expect(readOnly.isEmpty)
    }

    @Test func partialModeChecksOnlyWhatIsGiven() {
        let (values, _, issues) = RecordValidator.validate(["title": .string("PM")], of: Self.people, mode: .partial)
        #expect(issues.isEmpty && values == ["title": .string("PM")])
    }

    @Test func everyIssueAtOnceWithItsCode() {
        let body: [String: JSONValue] = [
            "name": .string(""), "email": .string("not-an-email"), "hourlyCostRate": .int(-1),
            "costCurrency": .string("usd"), "onetCode": .string("15-12"), "shoeSize": .int(9),
        ]
        let (_, _, issues) = RecordValidator.validate(body, of: Self.people, mode: .complete)
        let codes = Dictionary(uniqueKeysWithValues: issues.map { ($0.field, $0.code) })
        #expect(
            codes == [
                "name": "too_short", "email": "format", "hourlyCostRate": "out_of_range", "costCurrency": "format",
                "onetCode": "format", "shoeSize": "unknown_field",
            ]
        )
    }

    @Test func normalisesEmailsTagsAndKeepsServerFieldsApart() {
        let packages = WorkPackages.definition
        let (values, readOnly, issues) = RecordValidator.validate(
            ["project": .int(1), "name": .string(" Build "), "wbsCode": .string("9.9")],
            of: packages,
            mode: .partial
        )
        #expect(issues.isEmpty)
        #expect(values["name"] == .string("Build"))
        #expect(readOnly == ["wbsCode": .string("9.9")], "server-set fields are handed to the store to compare")
        let projects = Projects.definition
        let tags = RecordValidator.validate(
            ["tags": .array([.string("a"), .string(" a "), .string("b")])],
            of: projects,
            mode: .partial
        )
        #expect(tags.values["tags"] == .array([.string("a"), .string("b")]))
    }
}

extension ValidatorTests {
    /// A huge list of tags is refused before any per-entry work (issue 16: 174,000 tags took 103 s of CPU), and a
    /// list within the bound is de-duplicated keeping first occurrences.
    @Test func tagListsAreBoundedBeforeTheyAreWalked() {
        let projects = Projects.definition
        let huge = JSONValue.array((0..<174_000).map { .string("t\($0 % 60)") })
        let refused = RecordValidator.validate(["tags": huge], of: projects, mode: .partial)
        #expect(refused.issues.map(\.code) == ["too_many"])
        let repeated = JSONValue.array((0..<200).map { .string("t\($0 % 3)") })
        let kept = RecordValidator.validate(["tags": repeated], of: projects, mode: .partial)
        #expect(kept.issues.isEmpty && kept.values["tags"] == .array([.string("t0"), .string("t1"), .string("t2")]))
    }
}

@Suite struct LifecycleTests {
    static let lifecycle = Lifecycle(
        field: "status",
        initial: ["draft"],
        transitions: ["draft": ["done"], "done": []],
        requires: ["done": ["doneBy"]],
        frozen: ["done": ["title"]],
        closed: ["done"]
    )

    @Test func transitionsFollowTheTable() throws {
        try Self.lifecycle.check(nil, ["status": .string("draft")])
        #expect(throws: DomainError.self) { try Self.lifecycle.check(nil, ["status": .string("done")]) }
        try Self.lifecycle.check(["status": .string("draft")], ["status": .string("done")])
        let error = #expect(throws: DomainError.self) {
            try Self.lifecycle.check(["status": .string("done")], ["status": .string("draft")])
        }
        if case .conflict(let detail, _)? = error { #expect(detail.contains("'done' is final")) }
    }

    @Test func statesRequireAndFreezeFields() {
        #expect(Self.lifecycle.missing(["status": .string("done")]).map(\.field) == ["doneBy"])
        #expect(Self.lifecycle.missing(["status": .string("done"), "doneBy": .int(1)]).isEmpty)
        let current: [String: JSONValue] = ["status": .string("done"), "title": .string("A"), "note": .null]
        #expect(Self.lifecycle.frozenChanges(current, ["title": .string("B"), "note": .string("n")]) == ["title"])
        #expect(Self.lifecycle.frozenChanges(current, ["title": .string("A")]).isEmpty, "sending it back unchanged")
        #expect(Self.lifecycle.frozenChanges(["status": .string("draft")], ["title": .string("B")]).isEmpty)
    }
}

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhatRFC4180Requires() {
        #expect(CSVWriter.quote("plain") == "plain")
        #expect(CSVWriter.quote("a,b") == "\"a,b\"")
        #expect(CSVWriter.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.quote("two\r\nlines") == "\"two\r\nlines\"")
        #expect(CSVWriter.text(.array([.string("x"), .string("y")])) == "x;y")
        #expect(CSVWriter.text(.null) == "" && CSVWriter.text(.bool(true)) == "true")
    }

    /// OWASP CSV injection: text that a spreadsheet would run as a formula gets a leading `'`; numbers do not.
    @Test(arguments: ["=1+1", "+1", "-2+3", "@SUM(1+1)", "\tcmd", "\rcmd", "=HYPERLINK(\"http://evil.example\")"])
    func neutralisesFormulaText(_ cell: String) {
        #expect(CSVWriter.text(.string(cell)) == "'" + cell)
        #expect(CSVWriter.text(.array([.string(cell), .string("x")])) == "'" + cell + ";x")
    }

    @Test func leavesNumbersAndHarmlessTextAlone() {
        #expect(CSVWriter.text(.int(-5)) == "-5")
        #expect(CSVWriter.text(.double(-1.5)) == "-1.5")
        #expect(CSVWriter.text(.string("a=b")) == "a=b")
        #expect(CSVWriter.text(.string("Ada")) == "Ada")
        #expect(CSVWriter.text(.string("")) == "")
    }
}

/// Natural keys (careers): the code names the record in sorts, cursors, selections and messages.
@Suite struct NaturalKeyTests {
    static let careers = Careers.definition

    @Test func theKeyBreaksTiesAndTheRowHandleStaysInside() throws {
        let q = try ListQuery(
            QueryParameters(parsing: "sort=-title"),
            definition: Self.careers,
            defaultPerPage: 50,
            maxPerPage: 500
        )
        #expect(q.orderBy == "t.title DESC, t.code DESC")
        #expect(Self.careers.names.first == "version" && !Self.careers.names.contains("id"))
        #expect(!Self.careers.names.contains("titleKey"))
        #expect(Self.careers.selectList.hasPrefix("t.rowid, "))
        for raw in ["fields=id", "sort=id", "id=eq.1", "titleKey=eq.x", "jobZone=eq.6", "jobZone=in.(1,9)"] {
            #expect(throws: HTTPError.self, "\(raw)") {
                _ = try ListQuery(
                    QueryParameters(parsing: raw),
                    definition: Self.careers,
                    defaultPerPage: 50,
                    maxPerPage: 500
                )
            }
        }
        // A comparison may reach beyond the declared range; equality outside it could match nothing.
        _ = try ListQuery(
            QueryParameters(parsing: "jobZone=lt.9"),
            definition: Self.careers,
            defaultPerPage: 50,
            maxPerPage: 500
        )
    }

    @Test func linesAreTrimmedKeptInOrderAndBounded() {
        let (values, _, issues) = RecordValidator.validate(
            ["tasks": .array([.string("  Plan. "), .string("Review."), .string("Plan.")])],
            of: Self.careers,
            mode: .partial
        )
        #expect(issues.isEmpty)
        #expect(values["tasks"] == .array([.string("Plan."), .string("Review."), .string("Plan.")]))
        let tooMany = RecordValidator.validate(
            ["titles": .array(Array(repeating: .string("x"), count: 501))],
            of: Self.careers,
            mode: .partial
        )
        #expect(tooMany.issues.map(\.field) == ["titles"])
        let blank = RecordValidator.validate(["titles": .array([.string("  ")])], of: Self.careers, mode: .partial)
        #expect(blank.issues.map(\.code) == ["too_long"])
        let hidden = RecordValidator.validate(["titleKey": .string("x")], of: Self.careers, mode: .partial)
        #expect(hidden.issues.map(\.code) == ["unknown_field"] && hidden.readOnlyGiven.isEmpty)
    }
}

/// `Idempotency-Key`: the first answer is kept with the write; a retry replays it, another body with the key is a 422.
@Suite struct IdempotencyTests {
    @Test func aRetryReplaysTheFirstAnswerAndWritesNothing() throws {
        try CareerFixtures.withDatabase { pool, _ in
            func post(_ key: String?, _ body: String, actor: String = "a") throws -> Response {
                var headers = HTTPHeaders()
                if let key { headers["Idempotency-Key"] = key }
                let request = Request(method: .post, target: "/api/v1/notes", headers: headers, body: Array(body.utf8))
                return try Idempotency.perform(request, actor: actor, database: pool) { db in
                    try db.execute("INSERT INTO collection_versions (collection, version) VALUES (?, 1)", [body])
                    var response = Response.bytes(Array("{\"made\":\"\(body)\"}".utf8), contentType: JSON.contentType)
                    response.status = .created
                    response.headers["Location"] = "/api/v1/notes/\(body)"
                    return response
                }
            }
            func count() throws -> Int {
                try pool.read { db in try db.scalar(Int.self, "SELECT count(*) FROM collection_versions") }
            }
            let first = try post("k1", "one")
            #expect(first.status == .created)
            let replay = try post("k1", "one")
            #expect(replay.status == .created && replay.body == first.body)
            #expect(replay.headers["Location"] == "/api/v1/notes/one")
            #expect(replay.headers["Idempotent-Replayed"] == "true")
            #expect(try count() == 1)
            // The same key for another body is a mistake the client must hear about.
            let misuse = #expect(throws: HTTPError.self) { try post("k1", "two") }
            #expect(misuse?.status == .unprocessableContent)
            // Keys belong to their actor; no key, no memory.
            #expect(try post("k1", "three", actor: "b").status == .created)
            #expect(throws: (any Error).self) { try post(nil, "three") }  // a second insert of the same row
            #expect(try count() == 2)
            let long = #expect(throws: HTTPError.self) { try post(String(repeating: "k", count: 256), "four") }
            #expect(long?.status == .badRequest)
        }
    }
}

/// The working-day map the schedule's dates go through, against a direct definition on random calendars.
@Suite struct WorkCalendarTests {
    @Test func workingDaysAreExactlyTheWorkedDaysInOrder() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let weekdays = Set((0..<7).filter { _ in Bool.random(using: &generator) }).union([Int.random(in: 0..<7)])
            let base = 20_000 + Int.random(in: 0..<400)
            let holidays = Set((0..<Int.random(in: 0..<20)).map { _ in base + Int.random(in: 0..<120) })
            let working = Set((0..<Int.random(in: 0..<5)).map { _ in base + Int.random(in: 0..<120) })
                .subtracting(holidays)
            let calendar = WorkCalendar(weekdays: weekdays, holidays: holidays, workingDates: working)
            // Worked: a working date, or a working weekday that is no holiday (1970-01-01 was a Thursday).
            func worked(_ d: Int) -> Bool {
                working.contains(d) || (weekdays.contains((d + 3) % 7) && !holidays.contains(d))
            }
            let start = base + Int.random(in: 0..<30)
            let count = Int.random(in: 1..<60)
            let days = calendar.workingDays(from: start, count: count)
            let expected = Array((start..<(start + 1000)).filter(worked).prefix(count))
            #expect(days == expected)
            #expect(calendar.workingDay(onOrAfter: start) == expected.first)
            #expect(calendar.workingDays(in: start, days.last!) == count)
        }
    }

    @Test func weekdaysFollowTheCivilCalendar() {
        // 2027-01-04 was a Monday, 2026-11-28 a Saturday.
        #expect(WorkCalendar.weekday(CivilDate.days("2027-01-04")!) == 0)
        #expect(WorkCalendar.weekday(CivilDate.days("2026-11-28")!) == 5)
        #expect(WorkCalendar.weekday(CivilDate.days("1969-12-31")!) == 2)
        #expect(!WorkCalendar.standard.isWorking(CivilDate.days("2026-11-28")!))
    }
}

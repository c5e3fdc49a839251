import Foundation
import TestSupport
import Testing

/// The first resource added as one file (Sources/App/Scheduling/Calendars.swift): it gets the whole contract
/// (validation, lists, history, ETags) from its declaration alone.
@Suite struct CalendarTests {
    @Test func defaultsValidationAndOneDefault() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let office = try c.call("POST", "/api/v1/calendars", json: #"{"name":"Berlin office","isDefault":true}"#)
            #expect(office.status == 201)
            let body = try office.json()
            #expect(body["workingWeekdays"] as? [String] == ["mon", "tue", "wed", "thu", "fri"])
            #expect(body["holidays"] as? [String] == [])
            #expect(body["isDefault"] as? Bool == true)
            let shop = try c.call(
                "POST",
                "/api/v1/calendars",
                json:
                    #"{"name":"Shop","workingWeekdays":["sat","mon","sat"],"holidays":["2026-12-25","2026-01-01"],"isDefault":true}"#
            )
            #expect(shop.status == 201)
            #expect(try shop.json()["workingWeekdays"] as? [String] == ["mon", "sat"], "distinct, in weekday order")
            #expect(try shop.json()["holidays"] as? [String] == ["2026-01-01", "2026-12-25"], "sorted")
            #expect(try c.call("GET", "/api/v1/calendars/1").json()["isDefault"] as? Bool == false, "one default")
            #expect(
                try c.call("GET", "/api/v1/calendars?isDefault=is.true").items().map { $0["name"] as? String } == [
                    "Shop"
                ]
            )
            #expect(try c.call("GET", "/api/v1/calendars?holidays=eq.2026-12-25").items().count == 1)

            let bad = try c.call(
                "POST",
                "/api/v1/calendars",
                json: #"{"name":"Bad","workingWeekdays":[],"holidays":["2026-02-30"],"workingDates":"2026-01-03"}"#
            )
            #expect(bad.status == 422)
            let codes = Dictionary(
                uniqueKeysWithValues: try bad.items("errors").map { ($0["field"] as! String, $0["code"] as! String) }
            )
            #expect(codes == ["workingWeekdays": "too_few", "holidays": "format", "workingDates": "type"])
            let both = try c.call(
                "PATCH",
                "/api/v1/calendars/2",
                json: #"{"workingDates":["2026-12-25"]}"#
            )
            #expect(both.status == 422)
            #expect(try both.items("errors").first?["code"] as? String == "contradicts_holidays")
            #expect(
                try c.call("POST", "/api/v1/calendars", json: #"{"name":"Shop"}"#).status == 409,
                "names are unique"
            )
        }
    }

    @Test func projectsNameTheirCalendarAndKeepItFromDeletion() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            _ = try c.call("POST", "/api/v1/calendars", json: #"{"name":"Ops"}"#)
            let p = try c.call("POST", "/api/v1/projects", json: #"{"key":"OPS","name":"Ops","calendar":1}"#)
            #expect(p.status == 201)
            #expect(try p.json()["calendar"] as? Int == 1)
            #expect(
                try c.call("POST", "/api/v1/projects", json: #"{"key":"NOPE","name":"X","calendar":9}"#).status == 422
            )
            let delete = try c.call("DELETE", "/api/v1/calendars/1")
            #expect(delete.status == 409)
            #expect((try delete.json()["detail"] as? String)?.contains("projects (calendar)") == true)
            let expanded = try c.call("GET", "/api/v1/projects?expand=calendar").items().first
            #expect((expanded?["expand"] as? [String: Any])?["calendar"] != nil)
        }
    }
}

import Foundation
import TestSupport
import Testing

/// The API contract's record conventions, on the people resource, over the wire.
@Suite struct ContractCRUDTests {
    static let ada =
        #"{"name":"Ada Lovelace","email":"ada@example.com","title":"Project Manager","onetCode":"15-1299.09"}"#

    @Test func createReadPatchPutDelete() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let created = try c.call("POST", "/api/v1/people", json: Self.ada)
            #expect(created.status == 201)
            #expect(created.headers["Location"] == "/api/v1/people/1")
            #expect(created.headers["ETag"] == "\"1\"")
            let body = try created.json()
            #expect(body["email"] as? String == "ada@example.com")
            #expect(body["version"] as? Int == 1)
            #expect(body["hourlyCostRate"] is NSNull)

            let patched = try c.call("PATCH", "/api/v1/people/1", json: #"{"title":"Programme Manager"}"#)
            #expect(patched.status == 200)
            #expect(patched.headers["ETag"] == "\"2\"")
            #expect(try patched.json()["title"] as? String == "Programme Manager")
            #expect(try patched.json()["onetCode"] as? String == "15-1299.09")

            let replaced = try c.call(
                "PUT",
                "/api/v1/people/1",
                json: #"{"name":"Ada King","email":"ada@example.com"}"#
            )
            #expect(replaced.status == 200)
            #expect(try replaced.json()["title"] is NSNull, "PUT replaces: an omitted optional field is cleared")
            #expect(try replaced.json()["version"] as? Int == 3)

            #expect(try c.call("DELETE", "/api/v1/people/1").status == 204)
            let gone = try c.call("GET", "/api/v1/people/1")
            #expect(gone.status == 404)
            #expect(gone.headers["Content-Type"] == "application/problem+json")
            #expect(try c.call("GET", "/api/v1/people/abc").status == 404)
        }
    }

    @Test func reportsEveryInvalidFieldAtOnceAndWritesNothing() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let bad = try c.call(
                "POST",
                "/api/v1/people",
                json:
                    #"{"name":"","email":"not-an-email","onetCode":"15-1299","hourlyCostRate":-5,"costCurrency":"usd","shoeSize":42}"#
            )
            #expect(bad.status == 422)
            let errors = try bad.items("errors")
            let byField = Dictionary(
                uniqueKeysWithValues: errors.map { ($0["field"] as! String, $0["code"] as! String) }
            )
            #expect(
                byField == [
                    "name": "too_short", "email": "format", "onetCode": "format", "hourlyCostRate": "out_of_range",
                    "costCurrency": "format", "shoeSize": "unknown_field",
                ]
            )
            let missing = try c.call("POST", "/api/v1/people", json: "{}")
            #expect(Set(try missing.items("errors").map { $0["field"] as! String }) == ["name", "email"])
            #expect(try c.call("POST", "/api/v1/people", json: #"{"name": "#).status == 400)
            #expect(try c.call("POST", "/api/v1/people", json: "[1,2]").status == 400)
            let wrongType = try c.call(
                "POST",
                "/api/v1/people",
                json: Self.ada,
                headers: ["Content-Type": "text/plain"]
            )
            #expect(wrongType.status == 415)
            let rule = try c.call(
                "POST",
                "/api/v1/people",
                json: #"{"name":"B","email":"b@example.com","hourlyCostRate":100}"#
            )
            #expect(rule.status == 422)
            #expect(try rule.items("errors").first?["field"] as? String == "costCurrency")
            #expect(try c.call("GET", "/api/v1/people").json()["totalItems"] as? Int == 0)
        }
    }

    @Test func uniqueEmailIsAConflictNamingTheField() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            #expect(try c.call("POST", "/api/v1/people", json: Self.ada).status == 201)
            let dup = try c.call("POST", "/api/v1/people", json: #"{"name":"Other","email":"ADA@example.com"}"#)
            #expect(dup.status == 409)
            #expect(try dup.items("errors").first?["field"] as? String == "email")
        }
    }

    @Test func staleIfMatchIs412AndChangesNothing() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            _ = try c.call("POST", "/api/v1/people", json: Self.ada)
            _ = try c.call("PATCH", "/api/v1/people/1", json: #"{"title":"v2"}"#)
            let stale = try c.call(
                "PATCH",
                "/api/v1/people/1",
                json: #"{"title":"lost update"}"#,
                headers: ["If-Match": "\"1\""]
            )
            #expect(stale.status == 412)
            #expect(stale.headers["ETag"] == "\"2\"")
            #expect(try c.call("DELETE", "/api/v1/people/1", headers: ["If-Match": "\"1\""]).status == 412)
            let current = try c.call("GET", "/api/v1/people/1")
            #expect(try current.json()["title"] as? String == "v2")
            let fresh = try c.call(
                "PATCH",
                "/api/v1/people/1",
                json: #"{"title":"v3"}"#,
                headers: ["If-Match": "\"2\""]
            )
            #expect(fresh.status == 200)
            #expect(try c.call("GET", "/api/v1/people/1", headers: ["If-None-Match": "\"3\""]).status == 304)
            #expect(try c.call("GET", "/api/v1/people/1", headers: ["If-None-Match": "\"3-gz\""]).status == 304)
            #expect(try c.call("GET", "/api/v1/people/1", headers: ["If-None-Match": "\"2\""]).status == 200)
        }
    }

    @Test func idempotencyKeyReplaysTheFirstResponse() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            let first = try c.call("POST", "/api/v1/people", json: Self.ada, headers: ["Idempotency-Key": "k-1"])
            let retry = try c.call("POST", "/api/v1/people", json: Self.ada, headers: ["Idempotency-Key": "k-1"])
            #expect(first.status == 201)
            #expect(retry.status == 201)
            #expect(retry.body == first.body)
            #expect(retry.headers["Location"] == first.headers["Location"])
            #expect(retry.headers["Idempotent-Replayed"] == "true")
            let other = try c.call(
                "POST",
                "/api/v1/people",
                json: #"{"name":"X","email":"x@example.com"}"#,
                headers: ["Idempotency-Key": "k-1"]
            )
            #expect(other.status == 422)
            #expect(try c.call("GET", "/api/v1/people").json()["totalItems"] as? Int == 1)
        }
    }

    @Test func historyJournalsWhoWhenWhichFieldsOldAndNew() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            _ = try c.call("POST", "/api/v1/people", json: Self.ada)
            _ = try c.call("PATCH", "/api/v1/people/1", json: #"{"title":"PM","name":"Ada Lovelace"}"#)
            _ = try c.call("DELETE", "/api/v1/people/1")
            // An admin sees it all: key names, and the values of a deleted record (see HistoryVisibilityTests).
            let admin = try RawClient(service, role: .admin)
            let history = try admin.call("GET", "/api/v1/people/1/history")
            #expect(history.status == 200)
            let items = try history.items()
            #expect(items.map { $0["action"] as? String } == ["delete", "update", "create"])
            let update = try #require(items[1]["changes"] as? [String: [String: Any]])
            #expect(Array(update.keys) == ["title"], "unchanged fields are not journaled")
            #expect(update["title"]?["from"] as? String == "Project Manager")
            #expect(update["title"]?["to"] as? String == "PM")
            #expect((items[0]["actor"] as? String)?.hasPrefix("editor-") == true, "the journal names the API key")
            #expect(try c.call("GET", "/api/v1/people/99/history").status == 404)
        }
    }
}

import App
import Foundation
import TestSupport
import Testing

/// `POST` and `PATCH /api/v1/keys` follow the body rules of every other endpoint (issue 16: `text/plain` was
/// accepted, `{"name":"d1","name":"d2"}` made a key, unknown fields and `1e400` were ignored).
@Suite struct KeysBodyRulesTests {
    @Test(arguments: [
        (#"{"name":"d1","role":"viewer"}"#, "text/plain", 415, "application/json"),
        (#"{"name":"d1","name":"d2","role":"viewer"}"#, "application/json", 400, "appears twice"),
        (#"{"name":"d1","role":"viewer","person":1e400}"#, "application/json", 400, "malformed"),
        (#"{"name":"d1","role":"viewer","admin":true}"#, "application/json", 422, "unknown_field"),
        (#"{"name":"d1","role":"viewer","person":"1"}"#, "application/json", 422, #""field":"person""#),
        (#"{"name":7,"role":"viewer"}"#, "application/json", 422, #""code":"type""#),
        (#"["name","d1"]"#, "application/json", 400, "JSON object"),
    ])
    func createFollowsTheEngineBodyRules(_ body: String, _ type: String, _ status: Int, _ says: String) throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let before = try admin.call("GET", "/api/v1/keys").items().count
            let r = try admin.call("POST", "/api/v1/keys", json: body, headers: ["Content-Type": type])
            #expect(r.status == status, "\(r.text)")
            #expect(r.headers["Content-Type"] == "application/problem+json")
            #expect(r.text.contains(says), "\(r.text)")
            #expect(try admin.call("GET", "/api/v1/keys").items().count == before)
        }
    }

    @Test func patchChangesOnlyThePersonAndOnlyWhenGiven() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let person = try admin.call("POST", "/api/v1/people", json: #"{"name":"Ada","email":"ada@example.com"}"#)
            let personID = try #require(try person.json()["id"] as? Int)
            let created = try admin.call("POST", "/api/v1/keys", json: #"{"name":"bot","role":"viewer"}"#)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(try created.json()["id"] as? Int)
            let path = "/api/v1/keys/\(id)"
            let plain = try admin.call(
                "PATCH",
                path,
                json: #"{"person":\#(personID)}"#,
                headers: ["Content-Type": "text/plain"]
            )
            #expect(plain.status == 415)
            let twice = try admin.call("PATCH", path, json: #"{"person":\#(personID),"person":null}"#)
            #expect(twice.status == 400, "\(twice.text)")
            let unknown = try admin.call("PATCH", path, json: #"{"persn":\#(personID)}"#)
            #expect(unknown.status == 422 && unknown.text.contains("unknown_field"), "\(unknown.text)")
            let renamed = try admin.call("PATCH", path, json: #"{"name":"root","role":"admin"}"#)
            #expect(renamed.status == 422 && renamed.text.contains("read_only"), "\(renamed.text)")
            let merge = try admin.call(
                "PATCH",
                path,
                json: #"{"person":\#(personID),"name":"bot","role":"viewer"}"#,
                headers: ["Content-Type": "application/merge-patch+json"]
            )
            #expect(merge.status == 200, "\(merge.text)")
            #expect(try merge.json()["person"] as? Int == personID)
            // A field not given stays as it is: an empty patch no longer unlinks the person.
            let empty = try admin.call("PATCH", path, json: "{}")
            #expect(empty.status == 200, "\(empty.text)")
            #expect(try empty.json()["person"] as? Int == personID)
            let unlinked = try admin.call("PATCH", path, json: #"{"person":null}"#)
            #expect(unlinked.status == 200, "\(unlinked.text)")
            #expect(try unlinked.json()["person"] is NSNull)
        }
    }
}

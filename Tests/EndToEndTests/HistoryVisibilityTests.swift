import App
import Foundation
import TestSupport
import Testing

/// What `GET …/history` shows to whom (issue 16: key names and deleted records' personal data went to any viewer):
/// admins see everything; others see changes of records they can read and who made them as a person, never the
/// key's name; a deleted record's entries are redacted for them.
@Suite struct HistoryVisibilityTests {
    @Test func viewersSeeChangesButNotKeyNamesAndNotADeletedPersonsData() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let editorKey = try TestServer.makeKey(service, role: .editor, name: "ci-deploy-bot")
            let editor = try RawClient(port: service.port)
            editor.defaultHeaders["Authorization"] = "Bearer " + editorKey
            let viewer = try RawClient(service, role: .viewer)
            let ada = #"{"name":"Ada Lovelace","email":"ada@example.com","title":"Analyst"}"#
            #expect(try editor.call("POST", "/api/v1/people", json: ada).status == 201)
            #expect(try editor.call("PATCH", "/api/v1/people/1", json: #"{"title":"Lead"}"#).status == 200)

            // A record the viewer can read: what changed, old and new, but no key name.
            let live = try viewer.call("GET", "/api/v1/people/1/history")
            #expect(live.status == 200)
            #expect(!live.text.contains("ci-deploy-bot"), "\(live.text)")
            let liveItems = try live.items()
            #expect(liveItems.allSatisfy { $0["actor"] is NSNull && $0["redacted"] as? Bool == false })
            let update = try #require(liveItems.first?["changes"] as? [String: [String: Any]])
            #expect(update["title"]?["from"] as? String == "Analyst" && update["title"]?["to"] as? String == "Lead")

            #expect(try editor.call("DELETE", "/api/v1/people/1").status == 204)
            // Deleted: the viewer (and the editor) learn that it existed and what happened when, nothing of its data.
            for client in [viewer, editor] {
                let gone = try client.call("GET", "/api/v1/people/1/history")
                #expect(gone.status == 200)
                #expect(!gone.text.contains("Ada") && !gone.text.contains("ada@example.com"), "\(gone.text)")
                #expect(!gone.text.contains("ci-deploy-bot"))
                let items = try gone.items()
                #expect(items.map { $0["action"] as? String } == ["delete", "update", "create"])
                #expect(items.allSatisfy { ($0["changes"] as? [String: Any])?.isEmpty == true })
                #expect(items.allSatisfy { $0["redacted"] as? Bool == true && $0["at"] is String })
            }

            // The admin sees it all.
            let full = try admin.call("GET", "/api/v1/people/1/history")
            #expect(full.text.contains("ada@example.com") && full.text.contains("ci-deploy-bot"), "\(full.text)")
            #expect(try full.items().allSatisfy { $0["actor"] as? String == "ci-deploy-bot" })
        }
    }
}

import Foundation
import TestSupport
import Testing

/// Issue 10: a record's and a list's ETag must change whenever anything they show changes, derived fields
/// included. A project's `progress` comes from its work packages; a dashboard polling with `If-None-Match` kept
/// getting 304 while progress moved.
@Suite struct ETagTruthTests {
    @Test func pollingSeesDerivedProgressChange() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            #expect(try c.call("POST", "/api/v1/projects", json: #"{"key":"ERP","name":"ERP"}"#).status == 201)
            let wp = try c.call(
                "POST",
                "/api/v1/work-packages",
                json: #"{"project":1,"name":"Build","estimatedEffortHours":10,"percentComplete":0}"#
            )
            #expect(wp.status == 201)
            let first = try c.call("GET", "/api/v1/projects/1")
            let tag = try #require(first.headers["ETag"])
            #expect(try first.json()["progress"] as? Double == 0)
            #expect(try c.call("GET", "/api/v1/projects/1", headers: ["If-None-Match": tag]).status == 304)
            let listTag = try #require(try c.call("GET", "/api/v1/projects").headers["ETag"])
            #expect(try c.call("GET", "/api/v1/projects", headers: ["If-None-Match": listTag]).status == 304)

            // Progress moves underneath: the project's own row is unchanged.
            #expect(try c.call("PATCH", "/api/v1/work-packages/1", json: #"{"percentComplete":50}"#).status == 200)
            let polled = try c.call("GET", "/api/v1/projects/1", headers: ["If-None-Match": tag])
            #expect(polled.status == 200)
            #expect(try polled.json()["progress"] as? Double == 50)
            #expect(try polled.json()["version"] as? Int == 1)
            #expect(polled.headers["ETag"] != tag)
            let polledList = try c.call("GET", "/api/v1/projects", headers: ["If-None-Match": listTag])
            #expect(polledList.status == 200)
            #expect(try polledList.items().first?["progress"] as? Double == 50)

            // If-Match concerns the stored record: the tag seen before progress moved still names version 1.
            let write = try c.call(
                "PATCH",
                "/api/v1/projects/1",
                json: #"{"name":"ERP 2"}"#,
                headers: ["If-Match": tag]
            )
            #expect(write.status == 200)
            let stale = try c.call(
                "PATCH",
                "/api/v1/projects/1",
                json: #"{"name":"ERP 3"}"#,
                headers: ["If-Match": tag]
            )
            #expect(stale.status == 412)
        }
    }

    /// `/wbs` and `/schedule` are kept encoded (and gzipped) by their ETag: an unchanged project answers the same
    /// bytes, and a change answers the new document, never the kept one.
    @Test func keptDocumentsFollowTheirETag() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            _ = try c.call("POST", "/api/v1/projects", json: #"{"key":"ERP","name":"ERP","plannedStart":"2026-01-05"}"#)
            for n in 1...40 {
                _ = try c.call(
                    "POST",
                    "/api/v1/work-packages",
                    json: #"{"project":1,"name":"P\#(n)","durationDays":2}"#
                )
            }
            for path in ["/api/v1/projects/1/wbs", "/api/v1/projects/1/schedule"] {
                let first = try c.call("GET", path)
                let again = try c.call("GET", path)
                #expect(first.body == again.body && first.headers["ETag"] == again.headers["ETag"], "\(path)")
                let gz = try c.call("GET", path, headers: ["Accept-Encoding": "gzip"])
                let gzAgain = try c.call("GET", path, headers: ["Accept-Encoding": "gzip"])
                #expect(gz.headers["Content-Encoding"] == "gzip" && gz.body == gzAgain.body, "\(path)")
            }
            let csv = try c.call("GET", "/api/v1/projects/1/wbs?format=csv")
            let csvAgain = try c.call("GET", "/api/v1/projects/1/wbs?format=csv")
            #expect(csvAgain.headers["Content-Disposition"] == csv.headers["Content-Disposition"])
            #expect(csvAgain.headers["Content-Type"]?.hasPrefix("text/csv") == true)
            let before = try c.call("GET", "/api/v1/projects/1/wbs")
            #expect(try c.call("PATCH", "/api/v1/work-packages/3", json: #"{"name":"Renamed"}"#).status == 200)
            let after = try c.call("GET", "/api/v1/projects/1/wbs")
            #expect(after.headers["ETag"] != before.headers["ETag"])
            #expect(try after.items().contains { $0["name"] as? String == "Renamed" })
            let schedule = try c.call("GET", "/api/v1/projects/1/schedule")
            #expect(try schedule.items().contains { $0["name"] as? String == "Renamed" })
        }
    }

    /// List totals are kept by filter and change counters: a change underneath a derived filter (a project's
    /// progress moves when a package does) must change the total, never serve the kept one.
    @Test func keptTotalsFollowTheDataTheyCount() throws {
        try TestServer.withCharter { service in
            let c = try RawClient(service)
            _ = try c.call("POST", "/api/v1/projects", json: #"{"key":"ERP","name":"ERP"}"#)
            _ = try c.call("POST", "/api/v1/work-packages", json: #"{"project":1,"name":"B","estimatedEffortHours":4}"#)
            let path = "/api/v1/projects?progress=gt.10"
            #expect(try c.call("GET", path).json()["totalItems"] as? Int == 0)
            #expect(try c.call("GET", path).json()["totalItems"] as? Int == 0)
            _ = try c.call("PATCH", "/api/v1/work-packages/1", json: #"{"percentComplete":50}"#)
            #expect(try c.call("GET", path).json()["totalItems"] as? Int == 1)
            _ = try c.call("POST", "/api/v1/projects", json: #"{"key":"OPS","name":"Ops"}"#)
            #expect(try c.call("GET", "/api/v1/projects").json()["totalItems"] as? Int == 2)
            #expect(try c.call("DELETE", "/api/v1/projects/2").status == 204)
            #expect(try c.call("GET", "/api/v1/projects").json()["totalItems"] as? Int == 1)
        }
    }

    /// Two services in one process (as tests run them) whose change counters agree while their rows do not: each
    /// counts its own (the kept totals once lived in the process-wide declarations and answered across them).
    @Test func keptTotalsBelongToOneService() throws {
        try TestServer.withCharter { a in
            try TestServer.withCharter { b in
                let ca = try RawClient(a)
                let cb = try RawClient(b)
                _ = try ca.call("POST", "/api/v1/people", json: #"{"name":"A","email":"a@example.com"}"#)
                _ = try ca.call("DELETE", "/api/v1/people/1")
                _ = try cb.call("POST", "/api/v1/people", json: #"{"name":"B","email":"b@example.com"}"#)
                _ = try cb.call("POST", "/api/v1/people", json: #"{"name":"C","email":"c@example.com"}"#)
                #expect(try ca.call("GET", "/api/v1/people").json()["totalItems"] as? Int == 0)
                #expect(try cb.call("GET", "/api/v1/people").json()["totalItems"] as? Int == 2)
            }
        }
    }
}

import Foundation
import TestSupport
import Testing

/// Admin writes to careers: custom profiles and the career-page import.
@Suite struct CustomCareersTests {
    @Test func adminsCreateEditAndDeleteCustomProfilesViewersRead() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let editor = try RawClient(service, role: .editor)
            let body =
                #"{"code":"ACME-0001.00","title":"Delivery Lead","description":"Leads delivery of ACME's programmes.","jobZone":4,"titles":["Delivery Manager"],"tasks":["Run the weekly delivery review."]}"#
            let anonymous = try RawClient(port: service.port)
            // Searched (and so cached) before the profile exists: the write must drop the cached page. (Only custom
            // profiles: the curated titles make IT Project Managers a hit for these words.)
            #expect(
                try anonymous.call("GET", "/api/v1/careers?q=delivery%20lead&custom=is.true").json()["totalItems"]
                    as? Int
                    == 0
            )
            #expect(try editor.call("POST", "/api/v1/careers", json: body).status == 403)
            let created = try admin.call("POST", "/api/v1/careers", json: body)
            #expect(created.status == 201)
            #expect(created.headers["Location"] == "/api/v1/careers/ACME-0001.00")
            #expect(try admin.call("POST", "/api/v1/careers", json: body).status == 409)
            let onetShaped = try admin.call(
                "POST",
                "/api/v1/careers",
                json: #"{"code":"15-9999.99","title":"X","description":"Y"}"#
            )
            #expect(onetShaped.status == 422)
            let invalid = try admin.call(
                "POST",
                "/api/v1/careers",
                json: #"{"code":"ACME-0002.00","title":"","jobZone":9}"#
            )
            #expect(
                Set(try invalid.items("errors").map { $0["field"] as! String }) == ["title", "description", "jobZone"]
            )

            let profile = try anonymous.call("GET", "/api/v1/careers/ACME-0001.00").json()
            #expect((profile["occupation"] as? [String: Any])?["custom"] as? Bool == true)
            #expect(
                (profile["tasks"] as? [[String: Any]])?.first?["statement"] as? String
                    == "Run the weekly delivery review."
            )
            #expect(
                try anonymous.call("GET", "/api/v1/careers?q=delivery%20lead").items().first?["code"] as? String
                    == "ACME-0001.00"
            )

            let patched = try admin.call(
                "PATCH",
                "/api/v1/careers/ACME-0001.00",
                json: #"{"title":"Head of Delivery"}"#
            )
            #expect(patched.status == 200)
            #expect(try patched.json()["title"] as? String == "Head of Delivery")
            let renamed = try anonymous.call("GET", "/api/v1/careers/ACME-0001.00").json()
            #expect((renamed["occupation"] as? [String: Any])?["title"] as? String == "Head of Delivery")
            #expect(try admin.call("PATCH", "/api/v1/careers/15-1299.09", json: #"{"title":"No"}"#).status == 409)
            #expect(try admin.call("DELETE", "/api/v1/careers/15-1299.09").status == 409)
            #expect(try admin.call("DELETE", "/api/v1/careers/ACME-0001.00").status == 204)
            #expect(try anonymous.call("GET", "/api/v1/careers/ACME-0001.00").status == 404)
            #expect(
                try anonymous.call("GET", "/api/v1/careers?q=delivery%20lead&custom=is.true").json()["totalItems"]
                    as? Int
                    == 0
            )

            // The next profile takes the deleted one's rowid, which the search index is keyed by: search must find
            // the new profile under its own words and nothing under the old ones.
            let next = #"{"code":"ACME-0002.00","title":"Platform Steward","description":"Keeps the platform."}"#
            #expect(try admin.call("POST", "/api/v1/careers", json: next).status == 201)
            #expect(
                try anonymous.call("GET", "/api/v1/careers?q=platform%20stew").items().map { $0["code"] as? String }
                    == ["ACME-0002.00"]
            )
            #expect(
                try anonymous.call("GET", "/api/v1/careers?q=delivery%20lead&custom=is.true").json()["totalItems"]
                    as? Int
                    == 0
            )
            // Journaled by code: the reused row handle does not mix the two profiles' histories.
            let old = try admin.call("GET", "/api/v1/careers/ACME-0001.00/history").items()
            #expect(old.map { $0["action"] as? String } == ["delete", "update", "create"])
            let new = try admin.call("GET", "/api/v1/careers/ACME-0002.00/history").items()
            #expect(new.map { $0["action"] as? String } == ["create"])
        }
    }

    /// Custom profiles are records of the engine (issue 10): the same statuses, `If-Match`, journal, idempotency,
    /// batches and list contract as every other collection.
    @Test func customProfilesFollowTheRecordContract() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let body =
                #"{"code":"ACME-0100.00","title":"Data Steward","description":"Keeps data tidy.","titles":["Data Custodian","Data Owner"],"tasks":["Review data quality."]}"#
            let created = try admin.call("POST", "/api/v1/careers", json: body, headers: ["Idempotency-Key": "k-1"])
            #expect(created.status == 201)
            let record = try created.json()
            #expect(record["custom"] as? Bool == true)
            #expect(record["source"] as? String == "custom")
            #expect(record["titles"] as? [String] == ["Data Custodian", "Data Owner"])
            #expect(record["id"] == nil && record["titleKey"] == nil)
            // The same key and body replays the answer; nothing is created twice.
            let replay = try admin.call("POST", "/api/v1/careers", json: body, headers: ["Idempotency-Key": "k-1"])
            #expect(replay.status == 201 && replay.text == created.text)

            // If-Match with the profile page's tag guards a change; a stale one is a 412 with the current tag.
            let page = try admin.call("GET", "/api/v1/careers/ACME-0100.00")
            let tag = try #require(page.headers["ETag"])
            let changed = try admin.call(
                "PATCH",
                "/api/v1/careers/ACME-0100.00",
                json: #"{"tasks":["Review data quality.","Chair the data council."]}"#,
                headers: ["If-Match": tag]
            )
            #expect(changed.status == 200, "\(changed.text)")
            #expect(try changed.json()["tasks"] as? [String] == ["Review data quality.", "Chair the data council."])
            let stale = try admin.call(
                "PATCH",
                "/api/v1/careers/ACME-0100.00",
                json: #"{"title":"Lost update"}"#,
                headers: ["If-Match": tag]
            )
            #expect(stale.status == 412)
            #expect(stale.headers["ETag"] == changed.headers["ETag"])
            // The profile page shows the change at once (its cache is dropped by the write).
            let shown = try admin.call("GET", "/api/v1/careers/ACME-0100.00").json()
            #expect((shown["tasks"] as? [[String: Any]])?.count == 2)
            // The code names the record and cannot change; a PUT replaces the rest.
            let recode = try admin.call("PATCH", "/api/v1/careers/ACME-0100.00", json: #"{"code":"ACME-0101.00"}"#)
            #expect(recode.status == 422)
            #expect(try recode.items("errors").first?["code"] as? String == "immutable")
            let put = try admin.call(
                "PUT",
                "/api/v1/careers/ACME-0100.00",
                json: #"{"code":"ACME-0100.00","title":"Data Steward","description":"Keeps data tidy and owned."}"#
            )
            #expect(put.status == 200)
            #expect(try put.json()["titles"] as? [String] == [])
            #expect(try put.json()["jobZone"] is NSNull)

            let history = try admin.call("GET", "/api/v1/careers/ACME-0100.00/history").items()
            #expect(history.map { $0["action"] as? String } == ["update", "update", "create"])
            let change = (history[1]["changes"] as? [String: Any])?["tasks"] as? [String: Any]
            #expect(change?["from"] as? [String] == ["Review data quality."])

            // A batch creates profiles with the same rules, all or nothing.
            let batch = try admin.call(
                "POST",
                "/api/v1/batch",
                json: """
                    {"operations":[
                      {"method":"POST","path":"/api/v1/careers","body":{"code":"ACME-0200.00","title":"Release Manager","description":"Ships."}},
                      {"method":"POST","path":"/api/v1/careers","body":{"code":"ACME-0201.00","title":"","description":"Nothing."}}
                    ]}
                    """
            )
            #expect(batch.status == 422)
            #expect(try admin.call("GET", "/api/v1/careers/ACME-0200.00").status == 404)

            // The list without q is the engine's: filters, sort, fields, CSV, keyset links, list ETags.
            let list = try admin.call("GET", "/api/v1/careers?custom=is.true&sort=-title&fields=code,title")
            #expect(list.status == 200)
            #expect(try list.items().map { $0["code"] as? String } == ["ACME-0100.00"])
            #expect(try list.items().first?.keys.sorted() == ["code", "title"])
            let firstPage = try admin.call("GET", "/api/v1/careers?perPage=5&sort=-code&custom=is.false")
            let codes = try firstPage.items().compactMap { $0["code"] as? String }
            #expect(codes.count == 5 && codes == codes.sorted(by: >))
            let next = try #require(firstPage.headers["Link"]?.split(separator: "<").first?.split(separator: ">").first)
            let second = try admin.call("GET", String(next)).items().compactMap { $0["code"] as? String }
            #expect(second.count == 5 && second.first! < codes.last!)
            let zone = try admin.call("GET", "/api/v1/careers?jobZone=4&hasFullProfile=true")
            #expect(try zone.items().allSatisfy { $0["jobZone"] as? Int == 4 && $0["hasFullProfile"] as? Bool == true })
            let etag = try #require(list.headers["ETag"])
            let again = try admin.call(
                "GET",
                "/api/v1/careers?custom=is.true&sort=-title&fields=code,title",
                headers: ["If-None-Match": etag]
            )
            #expect(again.status == 304)
            let csv = try admin.call("GET", "/api/v1/careers?custom=is.true&format=csv&fields=code,title")
            #expect(csv.text == "code,title\r\nACME-0100.00,Data Steward\r\n")
            #expect(try admin.call("GET", "/api/v1/careers?jobZone=eq.9").status == 400)
            #expect(try admin.call("GET", "/api/v1/careers?fields=id").status == 400)
            #expect(try admin.call("DELETE", "/api/v1/careers/ACME-0100.00").status == 204)
            #expect(try admin.call("DELETE", "/api/v1/careers/ACME-0100.00").status == 404)
            // A list ETag changes with the collection.
            #expect(
                try admin.call(
                    "GET",
                    "/api/v1/careers?custom=is.true&sort=-title&fields=code,title",
                    headers: ["If-None-Match": etag]
                ).status == 200
            )
        }
    }

    @Test func importsACareerPageOverHTTP() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let page = """
                Example Career: Computer Network Architects
                Career Description
                Design and implement computer and information networks.
                What Job Titles Computer Network Architects Might Have
                - Network Architect
                What Computer Network Architects Do
                - Design network layouts.
                """
            let response = try admin.call(
                "POST",
                "/api/v1/careers/import",
                json: page,
                headers: ["Content-Type": "text/plain"]
            )
            #expect(response.status == 200, "\(response.text)")
            let profile = try admin.call("GET", "/api/v1/careers/15-1241.00").json()
            #expect(
                (profile["tasks"] as? [[String: Any]])?.map { $0["statement"] as? String } == [
                    "Design network layouts."
                ]
            )
            let again = try admin.call(
                "POST",
                "/api/v1/careers/import",
                json: page,
                headers: ["Content-Type": "text/plain"]
            )
            #expect(try again.json()["unchanged"] as? String == "true")
            let noDescription = try admin.call(
                "POST",
                "/api/v1/careers/import",
                json: "Example Career: X\n",
                headers: ["Content-Type": "text/plain"]
            )
            #expect(noDescription.status == 422)
            #expect(try admin.call("POST", "/api/v1/careers/import", json: page).status == 415)
        }
    }

    /// With `q`, the hits take the list contract's filters, CSV and list ETags; what would reorder them is a 400.
    @Test func searchTakesTheListFiltersCSVAndETags() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let body = #"{"code":"ACME-0300.00","title":"Project Portfolio Lead","description":"Leads the portfolio."}"#
            #expect(try admin.call("POST", "/api/v1/careers", json: body).status == 201)
            let all = try admin.call("GET", "/api/v1/careers?q=project&perPage=100").items()
            #expect(all.count > 1 && all.contains { $0["code"] as? String == "ACME-0300.00" })
            let custom = try admin.call("GET", "/api/v1/careers?q=project&custom=is.true")
            #expect(try custom.items().map { $0["code"] as? String } == ["ACME-0300.00"])
            let onet = try admin.call("GET", "/api/v1/careers?q=project&perPage=100&or=(custom.is.false,code.eq.X)")
            #expect(try onet.items().count == all.count - 1)
            let zoned = try admin.call("GET", "/api/v1/careers?q=project&hasFullProfile=is.true&perPage=100").items()
            #expect(zoned.map { $0["code"] as? String } == ["15-1299.09"])
            #expect(try admin.call("GET", "/api/v1/careers?q=project&sort=title").status == 400)
            #expect(try admin.call("GET", "/api/v1/careers?q=project&colour=eq.blue").status == 400)
            let csv = try admin.call("GET", "/api/v1/careers?q=project&custom=is.true&format=csv&fields=code,match")
            #expect(csv.text == "code,match\r\nACME-0300.00,text\r\n")
            let etag = try #require(custom.headers["ETag"])
            let same = try admin.call(
                "GET",
                "/api/v1/careers?q=project&custom=is.true",
                headers: ["If-None-Match": etag]
            )
            #expect(same.status == 304)
            #expect(try admin.call("DELETE", "/api/v1/careers/ACME-0300.00").status == 204)
            let after = try admin.call(
                "GET",
                "/api/v1/careers?q=project&custom=is.true",
                headers: ["If-None-Match": etag]
            )
            #expect(after.status == 200)
            #expect(try after.json()["totalItems"] as? Int == 0)
        }
    }
}

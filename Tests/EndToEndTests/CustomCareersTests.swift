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
            // Searched (and so cached) before the profile exists: the write must drop the cached page.
            #expect(try anonymous.call("GET", "/api/v1/careers?q=delivery%20lead").json()["totalItems"] as? Int == 0)
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

            #expect(
                try admin.call("PATCH", "/api/v1/careers/ACME-0001.00", json: #"{"title":"Head of Delivery"}"#).status
                    == 204
            )
            let renamed = try anonymous.call("GET", "/api/v1/careers/ACME-0001.00").json()
            #expect((renamed["occupation"] as? [String: Any])?["title"] as? String == "Head of Delivery")
            #expect(try admin.call("PATCH", "/api/v1/careers/15-1299.09", json: #"{"title":"No"}"#).status == 409)
            #expect(try admin.call("DELETE", "/api/v1/careers/15-1299.09").status == 409)
            #expect(try admin.call("DELETE", "/api/v1/careers/ACME-0001.00").status == 204)
            #expect(try anonymous.call("GET", "/api/v1/careers/ACME-0001.00").status == 404)
            #expect(try anonymous.call("GET", "/api/v1/careers?q=delivery%20lead").json()["totalItems"] as? Int == 0)

            // The next profile takes the deleted one's rowid, which the search index is keyed by: search must find
            // the new profile under its own words and nothing under the old ones.
            let next = #"{"code":"ACME-0002.00","title":"Platform Steward","description":"Keeps the platform."}"#
            #expect(try admin.call("POST", "/api/v1/careers", json: next).status == 201)
            #expect(
                try anonymous.call("GET", "/api/v1/careers?q=platform%20stew").items().map { $0["code"] as? String }
                    == ["ACME-0002.00"]
            )
            #expect(try anonymous.call("GET", "/api/v1/careers?q=delivery%20lead").json()["totalItems"] as? Int == 0)
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
}

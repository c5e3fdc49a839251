import Foundation
import TestSupport
import Testing

/// Budget categories admins extend (issue 13): six to begin with, read by every key, written by admins only.
@Suite struct BudgetCategoryTests {
    @Test func adminsAddCategoriesThatBudgetsAndCostsThenName() throws {
        try TestServer.withCharter { service in
            let admin = try RawClient(service, role: .admin)
            let editor = try RawClient(service)
            let viewer = try RawClient(service, role: .viewer)
            let listed = try viewer.call("GET", "/api/v1/budget-categories?sort=code").items().compactMap {
                $0["code"] as? String
            }
            #expect(listed == ["hardware", "labour", "other", "services", "software", "travel"])
            let refused = try editor.call(
                "POST",
                "/api/v1/budget-categories",
                json: #"{"code":"licences","name":"Licences"}"#
            )
            #expect(refused.status == 403, "only admins extend the list")
            #expect(
                try admin.call("POST", "/api/v1/budget-categories", json: #"{"code":"licences","name":"Licences"}"#)
                    .status == 201
            )
            #expect(
                try admin.call("POST", "/api/v1/budget-categories", json: #"{"code":"Bad Code","name":"x"}"#).status
                    == 422
            )
            #expect(
                try editor.call(
                    "POST",
                    "/api/v1/projects",
                    json: #"{"key":"CAT","name":"Cats","fundingCurrency":"EUR"}"#
                )
                .status == 201
            )
            func budget(_ category: String) throws -> RawResponse {
                try editor.call(
                    "POST",
                    "/api/v1/budgets",
                    json: #"{"project":1,"fiscalYear":2026,"category":"\#(category)","amount":5000,"currency":"EUR"}"#
                )
            }
            #expect(try budget("licences").status == 201)
            let unknown = try budget("snacks")
            #expect(unknown.status == 422)
            let message = try unknown.items("errors").first?["message"] as? String ?? ""
            #expect(message.contains("labour, hardware, software, services, travel, other, licences"), "\(message)")
            let cost = try editor.call(
                "POST",
                "/api/v1/cost-entries",
                json: #"{"project":1,"date":"2026-03-02","category":"licences","amount":1200,"currency":"EUR"}"#
            )
            #expect(cost.status == 201)
            let report = try editor.call("GET", "/api/v1/projects/1/budget-vs-actual?fiscalYear=2026").json()
            let rows = report["categories"] as? [[String: Any]] ?? []
            #expect(rows.first?["category"] as? String == "licences" && rows.first?["actual"] as? Int == 1200)
            // A category in use stays; an unused one goes.
            let id = try admin.call("GET", "/api/v1/budget-categories?code=eq.licences").items().first?["id"] as! Int
            let inUse = try admin.call("DELETE", "/api/v1/budget-categories/\(id)")
            #expect(inUse.status == 409)
            #expect((try inUse.json()["detail"] as? String)?.contains("1 budgets and 1 cost-entries") == true)
            #expect(try editor.call("DELETE", "/api/v1/budget-categories/\(id)").status == 403)
            let travel = try admin.call("GET", "/api/v1/budget-categories?code=eq.travel").items().first?["id"] as! Int
            #expect(try admin.call("DELETE", "/api/v1/budget-categories/\(travel)").status == 204)
        }
    }
}

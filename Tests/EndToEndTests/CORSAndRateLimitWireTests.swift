import App
import Foundation
import HTTPCore
import TestSupport
import Testing

/// CORS and rate limiting over the wire, on errors as well as successes.
@Suite struct CORSAndRateLimitWireTests {
    static let allowed = "https://app.example"

    @Test func allowedOriginsGetCORSHeadersEvenOnErrors() throws {
        try TestServer.withCharter({ $0.corsOrigins = "https://app.example, https://other.example/" }) { service in
            let client = try RawClient(port: service.port)
            let viewer = try TestServer.makeKey(service, role: .viewer)
            for (path, key, status) in [
                ("/health", nil, 200), ("/api/v1/unbuilt", nil, 401), ("/api/v1/keys", viewer, 403),
            ] {
                let response = try client.exchange("GET", path, key: key, headers: [("Origin", Self.allowed)])
                #expect(response.status == status)
                #expect(response.headers["Access-Control-Allow-Origin"] == Self.allowed, "\(path)")
                #expect(response.headers["Access-Control-Expose-Headers"]?.contains("RateLimit-Remaining") == true)
                #expect(response.headers.hasToken("Origin", in: "Vary"))
            }
            let second = try client.exchange("GET", "/health", headers: [("Origin", "https://other.example")])
            #expect(second.headers["Access-Control-Allow-Origin"] == "https://other.example")

            let stranger = try client.exchange("GET", "/health", headers: [("Origin", "https://evil.example")])
            #expect(stranger.status == 200)
            #expect(stranger.headers["Access-Control-Allow-Origin"] == nil)
            #expect(stranger.headers["Access-Control-Expose-Headers"] == nil)
        }
    }

    @Test func preflightsAreAnsweredBeforeAuthentication() throws {
        try TestServer.withCharter({ $0.corsOrigins = Self.allowed }) { service in
            let client = try RawClient(port: service.port)
            let preflight: [(String, String)] = [
                ("Origin", Self.allowed), ("Access-Control-Request-Method", "DELETE"),
                ("Access-Control-Request-Headers", "authorization, if-match"),
            ]
            let ok = try client.exchange("OPTIONS", "/api/v1/keys/3", headers: preflight)
            #expect(ok.status == 204)
            #expect(ok.headers["Access-Control-Allow-Origin"] == Self.allowed)
            #expect(ok.headers["Access-Control-Allow-Methods"]?.contains("DELETE") == true)
            #expect(
                ok.headers["Access-Control-Allow-Headers"]
                    == "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id"
            )
            #expect(ok.headers["Access-Control-Max-Age"] == "600")

            let refused = try client.exchange(
                "OPTIONS",
                "/api/v1/keys/3",
                headers: [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "GET")]
            )
            #expect(refused.status == 403)
            #expect(refused.headers["Content-Type"] == "application/problem+json")
            #expect(refused.headers["Access-Control-Allow-Origin"] == nil)
        }
    }

    @Test func corsIsOffByDefault() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            let response = try client.exchange("GET", "/health", headers: [("Origin", Self.allowed)])
            #expect(response.headers["Access-Control-Allow-Origin"] == nil)
            let preflight = try client.exchange(
                "OPTIONS",
                "/health",
                headers: [("Origin", Self.allowed), ("Access-Control-Request-Method", "GET")]
            )
            #expect(preflight.headers["Access-Control-Allow-Origin"] == nil)
        }
    }

    @Test func rateLimitCountsDownThen429WithRetryAfter() throws {
        let configure: (inout AppConfiguration) -> Void = {
            $0.rateLimitPerMinute = 1
            $0.rateLimitBurst = 3
            $0.corsOrigins = Self.allowed
        }
        try TestServer.withCharter(configure) { service in
            let client = try RawClient(port: service.port)
            let origin = [("Origin", Self.allowed)]
            var remaining: [String?] = []
            for _ in 0..<3 {
                let response = try client.exchange("GET", "/api/v1/careers?perPage=1", headers: origin)
                #expect(response.status == 200)
                #expect(response.headers["RateLimit-Limit"] == "3")
                remaining.append(response.headers["RateLimit-Remaining"])
            }
            #expect(remaining == ["2", "1", "0"])
            let limited = try client.exchange("GET", "/api/v1/unbuilt", headers: origin)
            #expect(limited.status == 429)
            #expect(limited.headers["Content-Type"] == "application/problem+json")
            let retryAfter = try #require(limited.headers["Retry-After"].flatMap(Int.init))
            #expect((1...60).contains(retryAfter))
            #expect(limited.headers["RateLimit-Remaining"] == "0")
            #expect(limited.headers["Access-Control-Allow-Origin"] == Self.allowed)

            // A key has its own bucket; paths outside /api/ are not limited.
            let key = try TestServer.makeKey(service, role: .viewer)
            let keyed = try client.exchange("GET", "/api/v1/unbuilt", key: key)
            #expect(keyed.status == 404)
            #expect(keyed.headers["RateLimit-Remaining"] == "2")
            let health = try client.exchange("GET", "/health")
            #expect(health.status == 200)
            #expect(health.headers["RateLimit-Limit"] == nil)
        }
    }

    @Test func rateLimitZeroTurnsItOff() throws {
        try TestServer.withCharter({ $0.rateLimitPerMinute = 0 }) { service in
            let client = try RawClient(port: service.port)
            let response = try client.exchange("GET", "/api/v1/careers")
            #expect(response.headers["RateLimit-Limit"] == nil)
        }
    }

    @Test func requestsCarryThePeerAddress() throws {
        try TestServer.withServer(routes: { router in
            router.get("/peer") { request in Response.text(request.remoteAddress) }
        }) { server in
            let client = try RawClient(port: server.port)
            #expect(try client.exchange("GET", "/peer").text == "127.0.0.1")
        }
    }
}

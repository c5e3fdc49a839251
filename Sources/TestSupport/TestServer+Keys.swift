import App
import Foundation
import HTTPCore

extension TestServer {
    /// Creates an API key of `role` directly in the service's database, through the service's own store (so its
    /// lookup cache stays right), and returns the key's text for `Authorization: Bearer`.
    ///
    /// ```swift
    /// let admin = try TestServer.makeKey(service, role: .admin)
    /// let response = try client.exchange("GET", "/api/v1/keys", key: admin)
    /// ```
    public static func makeKey(
        _ service: CharterService,
        role: Role,
        name: String? = nil,
        person: Int64? = nil
    ) throws -> String {
        let name = name ?? "\(role.rawValue)-\(UUID().uuidString.prefix(8))"
        return try service.keys.create(name: name, role: role.rawValue, person: person).secret
    }
}

extension RawClient {
    /// Sends one request (with `Host`, an optional bearer key, extra headers and a body) and reads its response.
    /// - Parameters:
    ///   - method: `GET`, `POST`, …; `HEAD` responses are read without a body.
    ///   - key: sent as `Authorization: Bearer key` when given.
    ///   - headers: further header lines, as name and value.
    ///   - body: sent with `Content-Length` (and `Content-Type: application/json`) when given.
    public func exchange(
        _ method: String,
        _ path: String,
        key: String? = nil,
        headers: [(String, String)] = [],
        body: String? = nil
    ) throws -> RawResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\n"
        if let key { head += "Authorization: Bearer \(key)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body {
            head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
        }
        try send(head + "\r\n" + (body ?? ""))
        return try readResponse(bodyExpected: method != "HEAD")
    }
}

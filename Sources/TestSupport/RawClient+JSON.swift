import App
import Foundation

extension RawClient {
    /// Connects and authenticates every `call` with a fresh API key of `role` (an editor by default), acting for
    /// `person` when given.
    public convenience init(_ service: CharterService, role: Role = .editor, person: Int64? = nil) throws {
        try self.init(port: service.port)
        defaultHeaders["Authorization"] = "Bearer " + (try TestServer.makeKey(service, role: role, person: person))
    }

    /// Sends one request with an optional JSON body and reads its response.
    public func call(
        _ method: String,
        _ path: String,
        json: String? = nil,
        headers: [String: String] = [:]
    ) throws -> RawResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\n"
        let all = defaultHeaders.merging(headers) { _, given in given }
        for (name, value) in all.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        let body = Array((json ?? "").utf8)
        if json != nil {
            if all["Content-Type"] == nil { head += "Content-Type: application/json\r\n" }
            head += "Content-Length: \(body.count)\r\n"
        }
        try send(Array((head + "\r\n").utf8) + body)
        return try readResponse(bodyExpected: method != "HEAD")
    }
}

extension RawResponse {
    /// The body as a JSON array under `key` (e.g. a list's `items`).
    public func items(_ key: String = "items") throws -> [[String: Any]] {
        try json()[key] as? [[String: Any]] ?? []
    }
}

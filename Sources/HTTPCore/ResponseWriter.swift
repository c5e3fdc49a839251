/// Serializes a response head and body into one buffer, so that each response is one `send` (no Nagle stall).
enum ResponseWriter {
    static let crlf: [UInt8] = [13, 10]

    /// Appends the response to `out`.
    /// - Parameters:
    ///   - includeBody: false for HEAD: the head is the GET's, `Content-Length` included, and no body follows.
    ///   - keepAlive: whether the connection stays open; `Connection: close` is sent otherwise.
    static func write(
        _ response: Response,
        requestID: String,
        version: HTTPVersion,
        includeBody: Bool,
        keepAlive: Bool,
        date: [UInt8],
        serverName: [UInt8],
        into out: inout [UInt8]
    ) {
        out.append(contentsOf: statusLine(response.status))
        for field in response.headers.fields {
            // A name that is not a token (CR, LF, space, colon…) could split the response: it is dropped.
            if field.name.isEmpty || isManaged(field.name) || !appendToken(field.name, to: &out) { continue }
            out.append(58)
            out.append(32)
            appendSanitized(field.value, to: &out)
            out.append(contentsOf: crlf)
        }
        if response.status.allowsBody {
            // RFC 9110 §8.6: never on 1xx/204; on 304 it would describe the 200's body, so it is left out there.
            out.append(contentsOf: contentLengthPrefix)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: crlf)
        }
        out.append(contentsOf: datePrefix)
        out.append(contentsOf: date)
        out.append(contentsOf: crlf)
        out.append(contentsOf: serverName)
        if !requestID.isEmpty {
            out.append(contentsOf: requestIDPrefix)
            out.append(contentsOf: requestID.utf8)
            out.append(contentsOf: crlf)
        }
        if !keepAlive {
            out.append(contentsOf: connectionClose)
        } else if version == .http1_0 {
            out.append(contentsOf: connectionKeepAlive)
        }
        out.append(contentsOf: crlf)
        if includeBody && response.status.allowsBody { out.append(contentsOf: response.body) }
    }

    /// Headers the writer owns; a handler's copies are dropped so that framing cannot be spoofed.
    static func isManaged(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: name.asciiCaseInsensitiveEquals("Date")
        case 6: name.asciiCaseInsensitiveEquals("Server")
        case 10: name.asciiCaseInsensitiveEquals("Connection")
        case 12: name.asciiCaseInsensitiveEquals("X-Request-Id")
        case 14: name.asciiCaseInsensitiveEquals("Content-Length")
        case 17: name.asciiCaseInsensitiveEquals("Transfer-Encoding")
        default: false
        }
    }

    /// Appends `name` when every byte of it is a token character; false (and nothing appended) otherwise.
    static func appendToken(_ name: String, to out: inout [UInt8]) -> Bool {
        let appended = name.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.allSatisfy(RequestParser.isTokenChar) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if let appended { return appended }
        guard name.utf8.allSatisfy(RequestParser.isTokenChar) else { return false }
        out.append(contentsOf: name.utf8)
        return true
    }

    /// A value never carries CR or LF onto the wire (response splitting); other controls become spaces.
    static func appendSanitized(_ value: String, to out: inout [UInt8]) {
        let copied = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            // Nearly every value is clean: check, then copy in one go.
            guard !bytes.contains(where: isUnsafeInValue) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied == true { return }
        for c in value.utf8 { out.append(isUnsafeInValue(c) ? 32 : c) }
    }

    @inline(__always)
    static func isUnsafeInValue(_ c: UInt8) -> Bool { (c < 32 && c != 9) || c == 127 }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var width = 1
        var t = value / 10
        while t > 0 {
            width += 1
            t /= 10
        }
        let start = out.count
        out.append(contentsOf: repeatElement(48, count: width))
        var v = value
        var i = start + width - 1
        repeat {
            out[i] = UInt8(48 + v % 10)
            v /= 10
            i -= 1
        } while v > 0
    }

    static let contentLengthPrefix = Array("Content-Length: ".utf8)
    static let datePrefix = Array("Date: ".utf8)
    static let requestIDPrefix = Array("X-Request-Id: ".utf8)
    static let connectionClose = Array("Connection: close\r\n".utf8)
    static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    static func statusLine(_ status: HTTPStatus) -> [UInt8] {
        switch status.code {
        case 200: ok
        case 201: created
        case 204: noContent
        case 304: notModified
        case 404: notFound
        default: Array("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n".utf8)
        }
    }
    static let ok = Array("HTTP/1.1 200 OK\r\n".utf8)
    static let created = Array("HTTP/1.1 201 Created\r\n".utf8)
    static let noContent = Array("HTTP/1.1 204 No Content\r\n".utf8)
    static let notModified = Array("HTTP/1.1 304 Not Modified\r\n".utf8)
    static let notFound = Array("HTTP/1.1 404 Not Found\r\n".utf8)
}

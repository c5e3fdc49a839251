import Foundation
import HTTPCore

#if canImport(Glibc)
import Glibc
#endif

/// A deliberately dumb HTTP/1.1 client on a blocking socket: it writes exactly the bytes it is given, so tests can
/// send malformed, pipelined, trickled or partial requests, and reads responses one at a time.
public final class RawClient {
    public let fd: Int32
    private var buffer: [UInt8] = []
    /// Header lines `call` adds to every request (a request's own headers win).
    public var defaultHeaders: [String: String] = [:]

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout` seconds.
    public init(port: Int, timeout: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket", errno: errno) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            let e = errno
            Glibc.close(fd)
            throw SocketError(call: "connect", errno: e)
        }
    }

    deinit { Glibc.close(fd) }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + done, bytes.count - done, Int32(MSG_NOSIGNAL))
            }
            guard n > 0 else { throw SocketError(call: "send", errno: errno) }
            done += n
        }
    }

    /// Half-closes the sending side.
    public func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads one response. `bodyExpected` is false for responses to HEAD.
    public func readResponse(bodyExpected: Bool = true) throws -> RawResponse {
        let headEnd = try readUntil([13, 10, 13, 10])
        let headBytes = Array(buffer[0..<headEnd])
        buffer.removeFirst(headEnd + 4)
        let text = String(decoding: headBytes, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw RawClientError.malformed(statusLine) }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw RawClientError.malformed(line) }
            headers.add(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            )
        }
        var body: [UInt8] = []
        if bodyExpected && status >= 200 && status != 204 && status != 304 {
            if let length = headers["Content-Length"].flatMap(Int.init) {
                try fill(length)
                body = Array(buffer[0..<length])
                buffer.removeFirst(length)
            } else {
                body = try readToEnd()
            }
        }
        return RawResponse(
            status: status,
            reason: parts.count > 2 ? String(parts[2]) : "",
            headers: headers,
            body: body
        )
    }

    /// Reads until the server closes; returns everything not yet consumed.
    public func readToEnd() throws -> [UInt8] {
        while try readMore() > 0 {}
        defer { buffer = [] }
        return buffer
    }

    /// True when the server has closed the connection (EOF, or reset) within `timeout` seconds and sent nothing more.
    public func isClosedByServer() -> Bool {
        do {
            return try readMore() == 0
        } catch RawClientError.reset {
            return true
        } catch {
            return false
        }
    }

    private func readUntil(_ needle: [UInt8]) throws -> Int {
        var from = 0
        while true {
            if buffer.count >= needle.count {
                for i in from...(buffer.count - needle.count) where buffer[i..<(i + needle.count)].elementsEqual(needle)
                {
                    return i
                }
                from = buffer.count - needle.count + 1
            }
            if try readMore() == 0 { throw RawClientError.closed(received: buffer.count) }
        }
    }

    private func fill(_ count: Int) throws {
        while buffer.count < count {
            if try readMore() == 0 { throw RawClientError.closed(received: buffer.count) }
        }
    }

    @discardableResult
    private func readMore() throws -> Int {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return n
            }
            if n == 0 { return 0 }
            if errno == EINTR { continue }
            if errno == ECONNRESET { throw RawClientError.reset }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw RawClientError.timeout }
            throw SocketError(call: "recv", errno: errno)
        }
    }
}

public enum RawClientError: Error {
    case malformed(String)
    case closed(received: Int)
    case timeout
    case reset
}

/// A response as read off the wire.
public struct RawResponse {
    public let status: Int
    public let reason: String
    public let headers: HTTPHeaders
    public let body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object.
    public func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw RawClientError.malformed(text)
        }
        return object
    }
}

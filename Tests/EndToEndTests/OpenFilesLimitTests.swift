import Foundation
import HTTPCore
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 16: `maxConnections` above the open-files limit. `accept` then failed with EMFILE, the listener stayed
/// readable and the server retried at once, logging each failure (`ulimit -n 1024` and 1,100 connections: 10 s of
/// CPU, 552,414 log lines in 10 s). The `charter` binary runs here under `prlimit`, so the limit is its own.
@Suite struct OpenFilesLimitTests {
    static let openFiles = 200

    @Test func maxConnectionsIsHeldBelowTheLimitAndTheRestGet503() throws {
        try Self.withCharter(reserve: nil) { port, pid, logPath in
            let startup = try String(contentsOfFile: logPath, encoding: .utf8)
            let clamped = Self.openFiles - ServerConfiguration().fileDescriptorReserve
            #expect(startup.contains("at most \(clamped) connections"))
            try Self.holdTwiceAsManyConnections(port: port, pid: pid, logPath: logPath) { clients in
                // The last ones are over the limit: answered 503 at once.
                let refused = try clients[clients.count - 1].readResponse()
                #expect(refused.status == 503)
            }
        }
    }

    @Test func runningOutOfDescriptorsPausesAcceptingInsteadOfSpinning() throws {
        // No reserve: connections are accepted until EMFILE, the case the clamp normally keeps away.
        try Self.withCharter(reserve: 0) { port, pid, logPath in
            try Self.holdTwiceAsManyConnections(port: port, pid: pid, logPath: logPath) { _ in }
            let log = try String(contentsOfFile: logPath, encoding: .utf8)
            #expect(log.contains("EMFILE, out of file descriptors"))
        }
    }

    /// Runs `charter serve` under `prlimit --nofile=openFiles` with a fresh database; `body` gets its port, pid and
    /// log file once /health answers.
    static func withCharter(reserve: Int?, _ body: (Int, Int32, String) throws -> Void) throws {
        guard let charter = JournalRetentionTests.charterBinary(),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")
        else {
            Issue.record("needs the charter executable and prlimit (util-linux)")
            return
        }
        let directory = NSTemporaryDirectory() + "nofile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = try Self.freePort()
        let logPath = directory + "/log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        process.arguments = [
            "--nofile=\(Self.openFiles):\(Self.openFiles)", charter, "serve", "--port", String(port),
            "--db", directory + "/charter.sqlite", "--log-level", "warning",
        ]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CHARTER_") }
        if let reserve { environment["CHARTER_FILE_DESCRIPTOR_RESERVE"] = String(reserve) }
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        guard Self.waitForHealth(port: port, seconds: 20) == 200 else {
            Issue.record("charter did not start: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
            return
        }
        try body(port, process.processIdentifier, logPath)
    }

    /// Opens twice as many connections as the process has descriptors and holds them 2 s: the server must not
    /// spin (CPU) nor log per failure; once they close, /health answers again.
    static func holdTwiceAsManyConnections(
        port: Int,
        pid: Int32,
        logPath: String,
        whileHeld: ([RawClient]) throws -> Void
    ) throws {
        let cpuBefore = Self.cpuSeconds(pid: pid)
        var clients: [RawClient] = []
        for _ in 0..<(2 * Self.openFiles) { clients.append(try RawClient(port: port, timeout: 5)) }
        try whileHeld(clients)
        sleep(2)
        let cpu = Self.cpuSeconds(pid: pid) - cpuBefore
        let lines = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n").count
        #expect(lines < 10, "log lines while \(2 * Self.openFiles) connections were held")
        #expect(cpu < 1.0, "CPU seconds used while the connections were held")
        clients.removeAll()
        #expect(Self.waitForHealth(port: port, seconds: 10) == 200)
    }

    /// GET /health until it answers (its status) or `seconds` pass (0).
    static func waitForHealth(port: Int, seconds: Double) -> Int {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until {
            if let client = try? RawClient(port: port, timeout: 1),
                (try? client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")) != nil,
                let response = try? client.readResponse(), response.status == 200
            {
                return 200
            }
            usleep(100_000)
        }
        return 0
    }

    /// User plus system CPU time of a process, from /proc.
    static func cpuSeconds(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3; utime and stime are fields 14 and 15.
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else { throw SocketError(call: "bind", errno: errno) }
        var bound = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: bound.sin_port))
    }
}

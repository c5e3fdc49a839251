// Storage benchmark: the Swift wrapper against the sqlite3 shell, same work, same pragmas, same run.
// Built and run by run.sh (not part of Package.swift): `Benchmarks/storage/run.sh [N]`.
import Foundation
import Storage

@main
struct StorageBenchmark {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, let count = Int(arguments[1]) else {
            print("usage: bench N WORKDIR")
            exit(2)
        }
        let workDirectory = arguments[2]
        let sqlite3 = ProcessInfo.processInfo.environment["SQLITE3"] ?? "/usr/bin/sqlite3"
        // Point reads visit the keys in a scrambled but fixed order (7919 is prime, so this is a permutation).
        let keys = (0..<count).map { ($0 * 7919) % count + 1 }

        print("N = \(count); journal_mode=WAL, synchronous=NORMAL; one transaction per insert")
        let database = try measureDatabase(path: workDirectory + "/wrapper.sqlite", count: count, keys: keys)
        let pool = try measurePool(path: workDirectory + "/pool.sqlite", count: count, keys: keys)
        let shell = try measureShell(
            sqlite3: sqlite3,
            directory: workDirectory,
            count: count,
            keys: keys
        )

        print("")
        print(pad("", 34) + pad("inserts/s", 12) + pad("reads/s", 12) + pad("insert time", 13) + "read time")
        for (name, result) in [
            ("sqlite3 shell", shell), ("wrapper: Database", database), ("wrapper: DatabasePool", pool),
        ] {
            print(
                pad(name, 34) + pad(rate(count, result.inserts), 12) + pad(rate(count, result.reads), 12)
                    + pad(seconds(result.inserts), 13) + seconds(result.reads)
            )
        }
        print("")
        for (name, result) in [("Database", database), ("DatabasePool", pool)] {
            print(
                "time ratio \(name)/shell: inserts \(ratio(result.inserts, shell.inserts)), "
                    + "reads \(ratio(result.reads, shell.reads)), "
                    + "total \(ratio(result.inserts + result.reads, shell.inserts + shell.reads)) (target <= 1.50)"
            )
        }
    }

    struct Result {
        var inserts: Duration
        var reads: Duration
    }

    static let schema = "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, value INTEGER NOT NULL) STRICT"
    static let insertSQL = "INSERT INTO items(id, name, value) VALUES (?, ?, ?)"
    static let selectSQL = "SELECT name, value FROM items WHERE id = ?"

    /// One `Database`: `transaction(.immediate)` per insert, a bare cached SELECT per read (as the shell does).
    static func measureDatabase(path: String, count: Int, keys: [Int]) throws -> Result {
        let db = try Database(path: path)
        try db.execute(schema)
        let clock = ContinuousClock()
        let inserts = try clock.measure {
            for id in 1...count {
                try db.transaction(.immediate) { db in
                    try db.execute(insertSQL, [id, "item-\(id)", id * 7])
                }
            }
        }
        var checksum = 0
        let reads = try clock.measure {
            for key in keys {
                guard let row = try db.queryOne(selectSQL, [key]) else { fatalError("missing row \(key)") }
                let name: String = try row.get(0)
                checksum &+= try row.get(1, as: Int.self) &+ name.utf8.count
            }
        }
        precondition(checksum > 0)
        db.close()
        return Result(inserts: inserts, reads: reads)
    }

    /// The app's path: `pool.write` (lock + BEGIN IMMEDIATE/COMMIT) and `pool.read` (reader + BEGIN/COMMIT).
    static func measurePool(path: String, count: Int, keys: [Int]) throws -> Result {
        let pool = try DatabasePool(path: path)
        try pool.write { db in try db.execute(schema) }
        let clock = ContinuousClock()
        let inserts = try clock.measure {
            for id in 1...count {
                try pool.write { db in try db.execute(insertSQL, [id, "item-\(id)", id * 7]) }
            }
        }
        var checksum = 0
        let reads = try clock.measure {
            for key in keys {
                checksum &+= try pool.read { db in
                    guard let row = try db.queryOne(selectSQL, [key]) else { fatalError("missing row \(key)") }
                    return try row.get(1, as: Int.self) &+ row.get(0, as: String.self).utf8.count
                }
            }
        }
        precondition(checksum > 0)
        pool.close()
        return Result(inserts: inserts, reads: reads)
    }

    /// The sqlite3 shell running generated scripts (generation is not timed; process start-up is).
    static func measureShell(sqlite3: String, directory: String, count: Int, keys: [Int]) throws -> Result {
        let path = directory + "/shell.sqlite"
        let pragmas =
            "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\nPRAGMA foreign_keys=ON;\n"
            + "PRAGMA busy_timeout=5000;\n"
        var insertScript = pragmas + schema + ";\n"
        for id in 1...count {
            insertScript +=
                "BEGIN IMMEDIATE;INSERT INTO items(id, name, value) VALUES (\(id), 'item-\(id)', \(id * 7));COMMIT;\n"
        }
        var readScript = pragmas
        for key in keys { readScript += "SELECT name, value FROM items WHERE id = \(key);\n" }
        let insertPath = directory + "/inserts.sql"
        let readPath = directory + "/reads.sql"
        try insertScript.write(toFile: insertPath, atomically: true, encoding: .utf8)
        try readScript.write(toFile: readPath, atomically: true, encoding: .utf8)

        let inserts = try runShell(sqlite3, database: path, script: insertPath)
        let reads = try runShell(sqlite3, database: path, script: readPath)
        return Result(inserts: inserts, reads: reads)
    }

    static func runShell(_ sqlite3: String, database: String, script: String) throws -> Duration {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite3)
        process.arguments = ["-bail", database]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: script))
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try process.run()
            process.waitUntilExit()
        }
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "bench", code: Int(process.terminationStatus))
        }
        return elapsed
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    static func rate(_ count: Int, _ duration: Duration) -> String {
        let total = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.0f", Double(count) / total)
    }

    static func ratio(_ a: Duration, _ b: Duration) -> String {
        String(format: "%.2fx", a / b)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

import App
import Foundation
import HTTPCore
import Storage
import Synchronization
import Testing

/// The functions `charter keys` and `/api/v1/keys` call, on a real temporary database.
@Suite struct APIKeyStoreTests {
    /// A migrated database in a fresh folder, removed afterwards.
    static func withStore<T>(
        now: @escaping @Sendable () -> Date = { Date() },
        _ body: (APIKeyStore, String) throws -> T
    ) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("charter-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = AppConfiguration()
        config.databasePath = folder.appendingPathComponent("keys.sqlite").path
        let pool = try config.openDatabase()
        defer { pool.close() }
        _ = try AppSchema.migrator.migrate(pool)
        return try body(APIKeyStore(database: pool, now: now), config.databasePath)
    }

    @Test func keysAreChkAnd43Base64urlCharactersAndUnique() {
        let keys = (0..<50).map { _ in APIKeySecret.generate() }
        #expect(Set(keys).count == 50)
        for key in keys {
            #expect(key.hasPrefix("chk_"))
            #expect(key.count == 47)
            #expect(APIKeySecret.isWellFormed(Substring(key)))
        }
        #expect(!APIKeySecret.isWellFormed("chk_short"))
        #expect(!APIKeySecret.isWellFormed(Substring("xyz_" + keys[0].dropFirst(4))))
        #expect(APIKeySecret.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func createListRevokeAsTheCommandsDo() throws {
        try Self.withStore { store, _ in
            let created = try store.create(name: "ci", role: "editor")
            #expect(created.key.role == .editor)
            #expect(created.key.prefix == String(created.secret.prefix(12)))
            _ = try store.create(name: "dashboard", role: "viewer")
            #expect(try store.list().map(\.name) == ["ci", "dashboard"])
            #expect(try store.authenticate(Substring(created.secret))?.name == "ci")

            let revoked = try store.revoke(name: "ci")
            #expect(revoked.isRevoked)
            #expect(try store.authenticate(Substring(created.secret)) == nil)
            #expect(try store.list().first?.revokedAt != nil)
            #expect(try store.revoke(id: revoked.id).revokedAt == revoked.revokedAt)  // idempotent

            let table = APIKeyTable.render(try store.list())
            #expect(table.hasPrefix("NAME"))
            #expect(table.contains(created.key.prefix))
            #expect(!table.contains(created.secret))
            #expect(APIKeyTable.announce(created).contains("Authorization: Bearer \(created.secret)"))
        }
    }

    @Test func badRequestsAre422WithFieldIssuesAndDuplicates409() throws {
        try Self.withStore { store, _ in
            func issues(_ name: String?, _ role: String?) -> [String] {
                do {
                    _ = try store.create(name: name, role: role)
                    return ["created"]
                } catch let error as DomainError {
                    #expect(error.httpError.status == .unprocessableContent)
                    return (error.httpError.errors ?? []).map { "\($0.field):\($0.code)" }
                } catch {
                    return ["\(error)"]
                }
            }
            #expect(issues(nil, nil) == ["name:required", "role:required"])
            #expect(issues(String(repeating: "n", count: 101), "viewer") == ["name:too_long"])
            #expect(issues(" padded", "viewer") == ["name:invalid"])
            #expect(issues("ok", "root") == ["role:invalid_choice"])
            #expect(issues(String(repeating: "n", count: 100), "admin") == ["created"])

            _ = try store.create(name: "twice", role: "viewer")
            #expect {
                try store.create(name: "twice", role: "admin")
            } throws: { ErrorMapping.httpError(for: $0)?.status == .conflict }
            #expect { try store.revoke(name: "nobody") } throws: {
                ErrorMapping.httpError(for: $0)?.status == .notFound
            }
        }
    }

    @Test func onlyTheHashIsStoredNeverTheKey() throws {
        try Self.withStore { store, path in
            let secret = try store.create(name: "secretive", role: "admin").secret
            let row = try #require(try store.database.read { try $0.queryOne("SELECT * FROM api_keys") })
            #expect(try row.get("hash", as: String.self) == APIKeySecret.hash(secret))
            #expect(!row.values.contains(.text(secret)))
            try store.database.writeWithoutTransaction { try $0.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
            var bytes: [UInt8] = []
            for file in [path, path + "-wal"] {
                bytes += (FileManager.default.contents(atPath: file).map { Array($0) }) ?? []
            }
            let needle = Array(secret.utf8)
            let hashNeedle = Array(APIKeySecret.hash(secret).utf8)
            func contains(_ n: [UInt8]) -> Bool {
                bytes.count >= n.count
                    && (0...(bytes.count - n.count)).contains { bytes[$0..<($0 + n.count)].elementsEqual(n) }
            }
            #expect(contains(hashNeedle), "the hash should be in the file (the search works)")
            #expect(!contains(needle))
            #expect(!contains(Array(secret.utf8.dropFirst(12))))
        }
    }

    @Test func lastUsedIsWrittenAtMostOnceAMinute() throws {
        let clock = TestClock()
        try Self.withStore(now: { clock.now }) { store, _ in
            let secret = Substring(try store.create(name: "busy", role: "viewer").secret)
            func lastUsed() throws -> Date? { try store.list()[0].lastUsedAt }
            #expect(try lastUsed() == nil)
            _ = try store.authenticate(secret)
            let first = try #require(try lastUsed())
            for _ in 0..<20 {
                clock.advance(2)
                _ = try store.authenticate(secret)
            }
            #expect(try lastUsed() == first, "40 s of requests wrote last_used_at once")
            clock.advance(21)
            _ = try store.authenticate(secret)
            #expect(try lastUsed()! > first)
        }
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_750_000_000))
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: Double) { current.withLock { $0 += seconds } }
}

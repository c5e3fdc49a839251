import Foundation
import Storage
import Testing

@testable import App

/// A released migration never changes: an old database replays exactly what it replayed before. Each one's
/// SQL is pinned here by an FNV-1a digest (change detection, not security). A new migration adds its line; a
/// changed one fails with the version that changed: write a new migration instead.
@Suite struct MigrationPinTests {
    static let pinned: [Int: String] = [
        1: "e0977b759d7f1c83", 2: "96a1eda2524464a9", 3: "dfbd64ab9ee12836", 4: "4fc9c66c208f1ec1",
        10: "c22c2bb6732e494b", 11: "e5e76f1adc7ff0f6", 20: "dd9841cf58bf2e27", 21: "54faf2e26e28c325",
        22: "c3fb963e16033dcf", 23: "9ae3f81497ba961a", 24: "5b78b32d744ec465", 25: "59626dd955896b36",
        26: "cbaa8d12f4ece7be", 27: "aa0cbcdaca67ea29", 28: "beb15a68c02540a7", 29: "2be32a72c4b079f3",
        30: "f54eea2b27a0b170", 31: "b99ad83d1518a580", 32: "c468ab76c4644c46", 33: "723c27cea17d0f75",
        34: "e6adbdde3bd08dc4", 35: "fb8df6f85b5a9f0a", 36: "5a1f37188670fca2",
        45: "515041df358ec67", 46: "dc492f214e285d3d", 47: "ee14136fbe642ec", 48: "b171acfc868429fe",
        49: "cb5d758f2de7a8c", 50: "acc49f183d84b69d", 51: "f0769eec5c25ecd5",
        52: "f304aa916a544abd", 53: "42d0910697e96f49", 54: "16e2e2164a499dd5",
        55: "45966a0320d24bf0", 56: "6b770ba6d6f884a4", 57: "9024f54bb64b12cf",
        60: "74402a6418ab042e", 61: "8f23a4ed833a7974", 62: "be6af0e58bd4b47f", 63: "4235173744cdfc8a",
        65: "8bc287c8f43b2bc3", 66: "b7d0f87a26fa5d61", 67: "d1cda152b459fe8a", 68: "5f8370a9b76ee46d",
        80: "8f1a375b52e8f67d", 81: "a9bbc69ebbcd63ce", 82: "443c15b17424eb89", 83: "9ee0a147d2779079",
        84: "d72808de61fe0176", 85: "9b1d8246d9b8f915", 86: "bfadd5e8c978c4dc", 90: "17b5ef685558b6f2",
        75: "f6b0bd5b87004441",
    ]

    /// Writes each migration's SQL to /tmp/charter-migrations (a tool for moving released texts, not a check).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CHARTER_DUMP_MIGRATIONS"] != nil))
    func dump() throws {
        try FileManager.default.createDirectory(atPath: "/tmp/charter-migrations", withIntermediateDirectories: true)
        for m in AppSchema.migrations {
            try (m.sql ?? "").write(
                toFile: "/tmp/charter-migrations/\(m.version).sql",
                atomically: true,
                encoding: .utf8
            )
            try m.name.write(toFile: "/tmp/charter-migrations/\(m.version).name", atomically: true, encoding: .utf8)
        }
    }

    @Test func everyMigrationIsPinnedAndUnchanged() {
        var missing: [String] = []
        for migration in AppSchema.migrations {
            guard let sql = migration.sql else {
                Issue.record("migration \(migration.version) is code, not SQL: it cannot be pinned")
                continue
            }
            let digest = String(FNV.hash(sql), radix: 16)
            guard let pin = Self.pinned[migration.version] else {
                missing.append("\(migration.version): \"\(digest)\",")
                continue
            }
            #expect(pin == digest, "migration \(migration.version) (\(migration.name)) changed after release")
        }
        #expect(missing.isEmpty, "pin the new migrations: \(missing.joined(separator: " "))")
    }
}

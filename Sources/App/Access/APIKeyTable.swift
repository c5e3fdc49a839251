import Foundation
import Storage

/// What `charter keys` prints: the one-time announcement of a new key and the table of keys.
public enum APIKeyTable {
    /// The new key, how to use it, and that it will not be shown again.
    public static func announce(_ created: APIKeyStore.Created) -> String {
        """
        created \(created.key.role) key '\(created.key.name)':

            \(created.secret)

        Store it now: only its SHA-256 hash is kept, so it cannot be shown again. Send it as
            Authorization: Bearer \(created.secret)
        e.g. curl -H 'Authorization: Bearer \(created.secret)' http://127.0.0.1:8080/api/v1/keys
        """
    }

    /// Keys as aligned columns: name, role, prefix, created, last used, revoked ("-" when never).
    public static func render(_ keys: [APIKey]) -> String {
        if keys.isEmpty { return "no API keys; create one with: charter keys create --name NAME --role ROLE\n" }
        let header = ["NAME", "ROLE", "PREFIX", "CREATED", "LAST USED", "REVOKED"]
        let rows = keys.map { key in
            [
                key.name, key.role.rawValue, key.prefix + "…", format(key.createdAt), format(key.lastUsedAt),
                format(key.revokedAt),
            ]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        return ([header] + rows).map { row in
            zip(row, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }.joined()
    }

    /// `2025-03-01 14:05:09Z` (UTC, seconds), or `-`.
    static func format(_ date: Date?) -> String {
        guard let date else { return "-" }
        let iso = ISO8601DateFormatter().string(from: date)  // 2025-03-01T14:05:09Z
        return iso.replacingOccurrences(of: "T", with: " ")
    }
}

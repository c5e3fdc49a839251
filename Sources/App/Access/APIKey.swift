import Foundation
import Storage

/// What a key may do. Each role includes the ones below it: an admin is also an editor, an editor also a viewer.
public struct Role: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    let rank: Int

    /// Reads collections (GET, HEAD).
    public static let viewer = Role(known: "viewer", rank: 1)
    /// Reads and writes collections (POST, PUT, PATCH, DELETE).
    public static let editor = Role(known: "editor", rank: 2)
    /// Everything, including API keys and restricted collections.
    public static let admin = Role(known: "admin", rank: 3)
    public static let all: [Role] = [.viewer, .editor, .admin]

    private init(known name: String, rank: Int) {
        rawValue = name
        self.rank = rank
    }

    /// The role called `rawValue`, or nil for any other text.
    public init?(rawValue: String) {
        guard let role = Role.all.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = role
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let role = Role(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown role"))
        }
        self = role
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
    public var description: String { rawValue }
}

/// An API key as stored and listed: everything but the key itself, which exists only once, when it is created.
public struct APIKey: Sendable, Equatable, Codable, RowDecodable {
    public var id: Int64
    public var name: String
    public var role: Role
    /// The key's first characters (`chk_` and eight more), to tell keys apart in lists.
    public var prefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    /// The person the key acts for, if linked.
    public var personID: Int64?

    public var isRevoked: Bool { revokedAt != nil }

    public init(row: Row) throws {
        id = try row.get("id")
        name = try row.get("name")
        let roleName: String = try row.get("role")
        guard let role = Role(rawValue: roleName) else {
            throw RowDecodingError.typeMismatch(
                column: "role",
                expected: "viewer, editor or admin",
                found: "another text"
            )
        }
        self.role = role
        prefix = try row.get("prefix")
        createdAt = try row.get("created_at")
        lastUsedAt = try row.get("last_used_at")
        revokedAt = try row.get("revoked_at")
        personID = try row.get("person_id")
    }
}

/// The secret half of a key: its text, how it is made and how it is hashed.
public enum APIKeySecret {
    /// Every key starts with this, so that a leaked key is recognisable (secret scanners, logs).
    public static let marker = "chk_"
    /// Characters of the key shown in lists: the marker and eight of the random part.
    public static let prefixLength = 12

    /// A new key: `chk_` and 43 characters of unpadded base64url (RFC 4648 §5) of 32 random bytes (256 bits).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64url = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return marker + base64url
    }

    /// The lowercase hex SHA-256 of the key's UTF-8 bytes: what the database keeps and lookups use.
    public static func hash(_ key: String) -> String {
        let digest = SHA256.hash(key.utf8)
        var hex = ""
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0f)])
        }
        return hex
    }

    /// Whether `text` has the shape of a key (marker, then 43 base64url characters); anything else is never looked up.
    public static func isWellFormed(_ text: Substring) -> Bool {
        guard text.utf8.count == marker.utf8.count + 43, text.hasPrefix(marker) else { return false }
        return text.utf8.dropFirst(marker.utf8.count).allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2d || c == 0x5f
        }
    }

    private static let hexDigits = Array("0123456789abcdef")
}

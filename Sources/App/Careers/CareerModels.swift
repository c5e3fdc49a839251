import Storage

/// The three rated element domains of a profile; the raw value is the `occupation_elements.domain` text and
/// the URL segment (`/abilities`, `/knowledge`, `/skills`).
public enum ElementDomain: String, CaseIterable, Codable, Sendable {
    case abilities, knowledge, skills
}

/// How to order a profile's elements.
public enum ElementSort: String, CaseIterable, Codable, Sendable {
    /// Importance (IM), highest first; unrated elements last, in their listed order.
    case importance
    /// Level (LV), highest first; unrated elements last, in their listed order.
    case level
}

/// An occupation: `occupations` row.
public struct Occupation: Codable, Equatable, Sendable, RowDecodable {
    public var code: String
    public var title: String
    public var description: String
    /// O*NET Job Zone 1–5, when known.
    public var jobZone: Int?
    /// `O*NET 30.0`, or `imported from FILE`.
    public var source: String
    /// An organisation's own profile rather than O*NET's.
    public var custom: Bool
    /// Whether tasks and rated elements are loaded, not just the title and description.
    public var hasFullProfile: Bool
    public var version: Int
    public var createdAt: String
    public var updatedAt: String

    public init(row: Row) throws {
        code = try row.get("code")
        title = try row.get("title")
        description = try row.get("description")
        jobZone = try row.get("job_zone")
        source = try row.get("source")
        custom = try row.get("custom")
        hasFullProfile = try row.get("has_full_profile")
        version = try row.get("version")
        createdAt = try row.get("created_at")
        updatedAt = try row.get("updated_at")
    }
}

/// A job title of an occupation: `alternate` (O*NET Alternate/Job Titles) or `reported` (Sample of Reported
/// Titles, and the titles of an imported career page).
public struct OccupationTitle: Codable, Equatable, Sendable, RowDecodable {
    public var title: String
    public var kind: String
    public var shortTitle: String?
    public var shownInMyNextMove: Bool?

    public init(row: Row) throws {
        title = try row.get("title")
        kind = try row.get("kind")
        shortTitle = try row.get("short_title")
        shownInMyNextMove = try row.get("shown_in_my_next_move")
    }
}

/// A task statement. `taskID` is O*NET's (nil for tasks from a career page); `type` is Core, Supplemental or nil.
public struct OccupationTask: Codable, Equatable, Sendable, RowDecodable {
    public var taskID: Int?
    public var statement: String
    public var type: String?
    /// Importance (IM, 1–5) from Task Ratings, when imported.
    public var importance: Double?

    public init(row: Row) throws {
        taskID = try row.get("task_id")
        statement = try row.get("statement")
        type = try row.get("type")
        importance = try row.get("importance")
    }
}

/// An ability, knowledge area or skill of an occupation, with its ratings (nil when the source gave none).
public struct OccupationElement: Codable, Equatable, Sendable, RowDecodable {
    public var elementID: String
    public var name: String
    public var description: String
    /// Importance on the IM scale (1–5), and as 0–100.
    public var importance: Double?
    public var importanceScore: Double?
    /// Level on the LV scale (0–7), and as 0–100.
    public var level: Double?
    public var levelScore: Double?
    /// O*NET's "Recommend Suppress" for the importance and the level rating; "Not Relevant" for the level.
    public var importanceSuppress: Bool?
    public var levelSuppress: Bool?
    public var notRelevant: Bool?

    public init(row: Row) throws {
        elementID = try row.get("element_id")
        name = try row.get("name")
        description = try row.get("description")
        importance = try row.get("importance")
        importanceScore = try row.get("importance_score")
        level = try row.get("level")
        levelScore = try row.get("level_score")
        importanceSuppress = try row.get("importance_suppress")
        levelSuppress = try row.get("level_suppress")
        notRelevant = try row.get("not_relevant")
    }
}

/// A related occupation, with O*NET's tier (Primary-Short, Primary-Long, Supplemental) and index when given.
/// `title` is nil when the related code is not loaded.
public struct RelatedOccupation: Codable, Equatable, Sendable, RowDecodable {
    public var code: String
    public var title: String?
    public var tier: String?
    public var rank: Int?

    public init(row: Row) throws {
        code = try row.get("related_code")
        title = try row.get("title")
        tier = try row.get("tier")
        rank = try row.get("rank")
    }
}

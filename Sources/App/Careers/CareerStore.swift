import Storage

/// Read access to career profiles, for the careers API. Every call runs on one of the pool's readers in one
/// snapshot, so it never waits for an import and never sees one half-done.
///
/// ```swift
/// let store = CareerStore(database: pool)
/// let hits = try store.search(CareerSearchQuery(text: "proj manag", perPage: 10))
/// let profile = try store.profile(code: "15-1299.09")   // nil: 404
/// ```
public struct CareerStore: Sendable {
    /// The credit line O*NET's CC BY 4.0 license requires with every profile served.
    public static let credit =
        "Career data: O*NET 30.0 Database and O*NET OnLine by the U.S. Department of Labor, Employment and "
        + "Training Administration (USDOL/ETA), used under the CC BY 4.0 license."

    public let database: DatabasePool
    /// The titles' vocabulary for spelling corrections, rebuilt when the careers data changes.
    let spelling = SpellingCache()

    public init(database: DatabasePool) { self.database = database }

    /// One occupation, or nil when the code is not loaded.
    public func occupation(code: String) throws -> Occupation? {
        try database.read { db in try Self.occupation(code: code, db: db) }
    }

    /// Its job titles: reported titles first (the ones a career page shows), then alternate titles, each in
    /// the source's order.
    public func titles(code: String) throws -> [OccupationTitle] {
        try database.read { db in try Self.titles(code: code, db: db) }
    }

    /// Its tasks: Core first, then Supplemental, then untyped; within each, importance (highest first), then
    /// the source's order.
    public func tasks(code: String) throws -> [OccupationTask] {
        try database.read { db in try Self.tasks(code: code, db: db) }
    }

    /// Its abilities, knowledge or skills, by importance or level (highest first; unrated last, in listed order).
    public func elements(
        code: String,
        domain: ElementDomain,
        sort: ElementSort = .importance
    ) throws
        -> [OccupationElement]
    {
        try database.read { db in try Self.elements(code: code, domain: domain, sort: sort, db: db) }
    }

    /// Its related occupations in O*NET's order (tier, then index).
    public func related(code: String) throws -> [RelatedOccupation] {
        try database.read { db in try Self.related(code: code, db: db) }
    }

    /// A whole profile read in one snapshot, or nil when the code is not loaded. Sections without data are empty.
    public func profile(code: String, sort: ElementSort = .importance) throws -> CareerProfile? {
        try database.read { db in
            guard let occupation = try Self.occupation(code: code, db: db) else { return nil }
            return CareerProfile(
                occupation: occupation,
                titles: try Self.titles(code: code, db: db),
                tasks: try Self.tasks(code: code, db: db),
                abilities: try Self.elements(code: code, domain: .abilities, sort: sort, db: db),
                knowledge: try Self.elements(code: code, domain: .knowledge, sort: sort, db: db),
                skills: try Self.elements(code: code, domain: .skills, sort: sort, db: db),
                related: try Self.related(code: code, db: db),
                credit: Self.credit
            )
        }
    }

    static func occupation(code: String, db: Database) throws -> Occupation? {
        try db.queryOne(Occupation.self, "SELECT * FROM occupations WHERE code = ?", [code])
    }

    static func titles(code: String, db: Database) throws -> [OccupationTitle] {
        try db.query(
            OccupationTitle.self,
            """
            SELECT title, kind, short_title, shown_in_my_next_move FROM occupation_titles
            WHERE code = ? ORDER BY kind = 'alternate', rank, id
            """,
            [code]
        )
    }

    static func tasks(code: String, db: Database) throws -> [OccupationTask] {
        try db.query(
            OccupationTask.self,
            """
            SELECT task_id, statement, type, importance FROM occupation_tasks WHERE code = ?
            ORDER BY CASE type WHEN 'Core' THEN 0 WHEN 'Supplemental' THEN 1 ELSE 2 END,
                importance IS NULL, importance DESC, rank, id
            """,
            [code]
        )
    }

    static func elements(
        code: String,
        domain: ElementDomain,
        sort: ElementSort,
        db: Database
    ) throws
        -> [OccupationElement]
    {
        let order =
            sort == .importance
            ? "oe.importance IS NULL, oe.importance DESC, oe.level DESC"
            : "oe.level IS NULL, oe.level DESC, oe.importance DESC"
        return try db.query(
            OccupationElement.self,
            """
            SELECT oe.element_id, e.name, e.description, oe.importance, oe.importance_score, oe.level,
                oe.level_score, oe.importance_suppress, oe.level_suppress, oe.not_relevant
            FROM occupation_elements oe JOIN elements e ON e.element_id = oe.element_id
            WHERE oe.code = ? AND oe.domain = ?
            ORDER BY \(order), oe.rank, e.name
            """,
            [code, domain.rawValue]
        )
    }

    static func related(code: String, db: Database) throws -> [RelatedOccupation] {
        try db.query(
            RelatedOccupation.self,
            """
            SELECT r.related_code, o.title, r.tier, r.rank FROM related_occupations r
            LEFT JOIN occupations o ON o.code = r.related_code
            WHERE r.code = ? ORDER BY r.rank, r.related_code
            """,
            [code]
        )
    }
}

/// Everything about one occupation, as `CareerStore.profile(code:)` reads it.
public struct CareerProfile: Codable, Equatable, Sendable {
    public var occupation: Occupation
    public var titles: [OccupationTitle]
    public var tasks: [OccupationTask]
    public var abilities: [OccupationElement]
    public var knowledge: [OccupationElement]
    public var skills: [OccupationElement]
    public var related: [RelatedOccupation]
    /// `CareerStore.credit`, to be served with the profile.
    public var credit: String
}

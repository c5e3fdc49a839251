import Storage

/// One element two occupations share, with both ratings side by side. Differences are B − A: positive means
/// B needs more of it (what someone moving from A to B must learn).
public struct SharedElement: Codable, Equatable, Sendable {
    public var domain: ElementDomain
    public var elementID: String
    public var name: String
    public var importanceA: Double?
    public var importanceB: Double?
    public var levelA: Double?
    public var levelB: Double?
    /// `importanceB − importanceA` and `levelB − levelA`, nil when either side is unrated.
    public var importanceDifference: Double?
    public var levelDifference: Double?
}

/// The result of `CareerStore.compare`.
public struct CareerComparison: Codable, Equatable, Sendable {
    public var codeA: String
    public var codeB: String
    /// Shared elements, largest difference first (by the 0–100 scores, level and importance together).
    public var shared: [SharedElement]
    /// Elements only B lists, by B's importance: wholly new to someone coming from A.
    public var onlyInB: [OccupationElement]
}

extension CareerStore {
    /// Compares two occupations' abilities, knowledge and skills (or one `domain`).
    /// - Returns: nil when either code is not loaded.
    public func compare(_ codeA: String, _ codeB: String, domain: ElementDomain? = nil) throws -> CareerComparison? {
        try database.read { db in
            guard try Self.occupation(code: codeA, db: db) != nil, try Self.occupation(code: codeB, db: db) != nil
            else { return nil }
            let domainFilter = domain == nil ? "" : " AND a.domain = ?"
            var arguments: [SQLiteValue] = [.text(codeA), .text(codeB)]
            if let domain { arguments.append(.text(domain.rawValue)) }
            let shared = try db.query(
                """
                SELECT a.domain, a.element_id, e.name, a.importance AS ia, b.importance AS ib, a.level AS la,
                    b.level AS lb,
                    abs(coalesce(b.level_score - a.level_score, 0))
                        + abs(coalesce(b.importance_score - a.importance_score, 0)) AS gap
                FROM occupation_elements a
                JOIN occupation_elements b ON b.element_id = a.element_id AND b.domain = a.domain
                JOIN elements e ON e.element_id = a.element_id
                WHERE a.code = ? AND b.code = ?\(domainFilter)
                ORDER BY gap DESC, coalesce(b.importance, 0) DESC, e.name
                """,
                StatementArguments(arguments)
            ).map { row in
                let (ia, ib, la, lb): (Double?, Double?, Double?, Double?) = (
                    try row.get("ia"), try row.get("ib"), try row.get("la"), try row.get("lb")
                )
                return SharedElement(
                    domain: ElementDomain(rawValue: try row.get("domain")) ?? .abilities,
                    elementID: try row.get("element_id"),
                    name: try row.get("name"),
                    importanceA: ia,
                    importanceB: ib,
                    levelA: la,
                    levelB: lb,
                    importanceDifference: Self.difference(ib, ia),
                    levelDifference: Self.difference(lb, la)
                )
            }
            var onlyInB = [OccupationElement]()
            for each in domain.map({ [$0] }) ?? ElementDomain.allCases {
                let sharedIDs = Set(shared.filter { $0.domain == each }.map(\.elementID))
                onlyInB += try Self.elements(code: codeB, domain: each, sort: .importance, db: db)
                    .filter { !sharedIDs.contains($0.elementID) }
            }
            return CareerComparison(codeA: codeA, codeB: codeB, shared: shared, onlyInB: onlyInB)
        }
    }

    private static func difference(_ b: Double?, _ a: Double?) -> Double? {
        guard let a, let b else { return nil }
        return ((b - a) * 1000).rounded() / 1000
    }
}

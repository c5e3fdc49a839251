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

/// What one side of a comparison has in one domain: `elements` listed, `rated` of them with an importance or a
/// level. A side with elements but no ratings (a career page) compares by name only; one with none says nothing.
public struct ComparedSection: Codable, Equatable, Sendable {
    public var domain: ElementDomain
    public var elementsA: Int
    public var ratedA: Int
    public var elementsB: Int
    public var ratedB: Int
    /// Set when either side has no elements or no ratings here: what that means for this section.
    public var note: String?
}

/// The result of `CareerStore.compare`.
public struct CareerComparison: Codable, Equatable, Sendable {
    public var codeA: String
    public var codeB: String
    /// Per domain compared, what each side has, and a note when a side has no elements or no ratings.
    public var sections: [ComparedSection]
    /// Shared elements, largest difference first (by the 0–100 scores, level and importance together).
    public var shared: [SharedElement]
    /// Elements only A lists, by A's importance: what someone leaving A no longer needs.
    public var onlyInA: [OccupationElement]
    /// Elements only B lists, by B's importance: wholly new to someone coming from A.
    public var onlyInB: [OccupationElement]
    /// What it takes to move from A to B: shared elements where B needs a higher level (or, unlevelled, more
    /// importance) than A, ordered by the gap × B's importance (largest first).
    public var toLearn: [SharedElement]
}

extension CareerStore {
    /// The codes of `codes` that name no loaded occupation, in order.
    public func missing(_ codes: [String]) throws -> [String] {
        try database.read { db in try codes.filter { try Self.occupation(code: $0, db: db) == nil } }
    }

    /// Compares two occupations' abilities, knowledge and skills (or one `domain`).
    /// - Returns: nil when either code is not loaded (`missing` says which).
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
            var onlyInA = [OccupationElement]()
            var onlyInB = [OccupationElement]()
            var sections = [ComparedSection]()
            for each in domain.map({ [$0] }) ?? ElementDomain.allCases {
                let sharedIDs = Set(shared.filter { $0.domain == each }.map(\.elementID))
                let a = try Self.elements(code: codeA, domain: each, sort: .importance, db: db)
                let b = try Self.elements(code: codeB, domain: each, sort: .importance, db: db)
                onlyInA += a.filter { !sharedIDs.contains($0.elementID) }
                onlyInB += b.filter { !sharedIDs.contains($0.elementID) }
                sections.append(Self.section(each, codeA, a, codeB, b))
            }
            let toLearn = shared.compactMap { element -> (SharedElement, Double)? in
                let gap = element.levelDifference ?? element.importanceDifference ?? 0
                guard gap > 0 else { return nil }
                return (element, gap * (element.importanceB ?? 1))
            }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.name < $1.0.name }.map(\.0)
            return CareerComparison(
                codeA: codeA,
                codeB: codeB,
                sections: sections,
                shared: shared,
                onlyInA: onlyInA,
                onlyInB: onlyInB,
                toLearn: toLearn
            )
        }
    }

    private static func section(
        _ domain: ElementDomain,
        _ codeA: String,
        _ a: [OccupationElement],
        _ codeB: String,
        _ b: [OccupationElement]
    ) -> ComparedSection {
        func rated(_ list: [OccupationElement]) -> Int { list.filter { $0.importance != nil || $0.level != nil }.count }
        func gap(_ code: String, _ list: [OccupationElement]) -> String? {
            if list.isEmpty {
                return "\(code) has no \(domain.rawValue) loaded: nothing of this section can be compared "
                    + "(charter import onet loads O*NET's \(domain.rawValue) ratings)"
            }
            if rated(list) == 0 {
                return "\(code) lists \(domain.rawValue) without ratings (from a career page): they compare by name "
                    + "only, without importance or level"
            }
            return nil
        }
        let note = [gap(codeA, a), gap(codeB, b)].compactMap { $0 }.joined(separator: "; ")
        return ComparedSection(
            domain: domain,
            elementsA: a.count,
            ratedA: rated(a),
            elementsB: b.count,
            ratedB: rated(b),
            note: note.isEmpty ? nil : note
        )
    }

    private static func difference(_ b: Double?, _ a: Double?) -> Double? {
        guard let a, let b else { return nil }
        return ((b - a) * 1000).rounded() / 1000
    }
}

import HTTPCore

/// Who is writing: the API key's name and the person it is linked to, if any. The journal records both; rules
/// that concern people (who submits, who reviews) use `person`, never an id typed in the body.
public struct Actor: Sendable, Equatable {
    public var name: String
    public var person: Int64?

    public init(name: String, person: Int64? = nil) {
        self.name = name
        self.person = person
    }

    public static let anonymous = Actor(name: "anonymous")

    /// The person behind the key, or a 403 saying how to link one, for a step that records who took it.
    public func requirePerson(for step: String) throws -> Int64 {
        guard let person else {
            throw DomainError.forbidden(
                "\(step) records who took it, and the API key '\(name)' is linked to no person: link it with "
                    + "`charter keys create --person ID` or PATCH /api/v1/keys/{id} {\"person\": ID} (admins)"
            )
        }
        return person
    }
}

extension Request {
    /// The actor of this request: its key's name and person.
    var actor: Actor {
        guard let principal else { return .anonymous }
        return Actor(name: principal.name, person: principal.personID)
    }
}

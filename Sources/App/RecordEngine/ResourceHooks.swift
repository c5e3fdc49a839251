import HTTPCore
import Storage

/// Domain behaviour around a resource's writes, run inside the write's transaction (a throw rolls it all back).
/// Record values are by JSON name, system fields included.
public struct ResourceHooks: Sendable {
    public typealias Values = [String: JSONValue]
    /// Before an insert (`current` nil) or update: may adjust the values about to be written, or throw
    /// (`DomainError.conflict` for an illegal transition, a cycle…).
    public var willWrite: (@Sendable (Database, _ current: Values?, _ changes: inout Values) throws -> Void)?
    /// After an insert or update, with the stored record: keep derived data (WBS codes, …) in step. Returns whether
    /// it changed the record's own row, which the store then reads again for the response.
    public var didWrite: (@Sendable (Database, _ previous: Values?, _ record: Values) throws -> Bool)?
    /// Before a delete.
    public var willDelete: (@Sendable (Database, Values) throws -> Void)?
    /// After a delete.
    public var didDelete: (@Sendable (Database, Values) throws -> Void)?

    public init() {}
}

/// A status field whose changes follow a state machine: an illegal transition is a 409 naming the allowed ones.
public struct Lifecycle: Sendable {
    public let field: String
    public let initial: [String]
    public let transitions: [String: [String]]

    public init(field: String, initial: [String], transitions: [String: [String]]) {
        self.field = field
        self.initial = initial
        self.transitions = transitions
    }

    /// Checks the change of `field` between `current` and `changes`.
    public func check(_ current: ResourceHooks.Values?, _ changes: ResourceHooks.Values) throws {
        guard case .string(let next)? = changes[field] else { return }
        guard let current else {
            if !initial.contains(next) {
                throw DomainError.conflict(
                    "a new record cannot start as \(field) '\(next)'; it starts as \(initial.joined(separator: " or "))",
                    issues: [
                        FieldIssue(
                            field: field,
                            code: "illegal_transition",
                            message: "must start as \(initial.joined(separator: " or "))"
                        )
                    ]
                )
            }
            return
        }
        guard case .string(let from)? = current[field], from != next else { return }
        let allowed = transitions[from] ?? []
        guard allowed.contains(next) else {
            let options = allowed.isEmpty ? "none: '\(from)' is final" : allowed.joined(separator: ", ")
            throw DomainError.conflict(
                "\(field) cannot go from '\(from)' to '\(next)'; allowed from '\(from)': \(options)",
                issues: [
                    FieldIssue(field: field, code: "illegal_transition", message: "allowed from '\(from)': \(options)")
                ]
            )
        }
    }
}

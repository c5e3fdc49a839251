import HTTPCore
import Storage

/// Domain behaviour around a resource's writes, run inside the write's transaction (a throw rolls it all back).
/// Record values are by JSON name, system fields included.
public struct ResourceHooks: Sendable {
    public typealias Values = [String: JSONValue]
    /// Before an insert (`current` nil) or update: may adjust the values about to be written, or throw
    /// (`DomainError.conflict` for an illegal transition, a cycle…).
    public var willWrite:
        (@Sendable (Database, _ actor: Actor, _ current: Values?, _ changes: inout Values) throws -> Void)?
    /// After an insert or update, with the stored record: keep derived data (WBS codes, …) in step. Returns whether
    /// it changed the record's own row, which the store then reads again for the response.
    public var didWrite: (@Sendable (Database, _ previous: Values?, _ record: Values) throws -> Bool)?
    /// Stores the values of fields kept outside the row (`Field.outside`), after the row is written and before it
    /// is read back: `record` is the row (its key), `values` the outside fields being set.
    public var storeOutside: (@Sendable (Database, _ record: Values, _ values: Values) throws -> Void)?
    /// Before a delete.
    public var willDelete: (@Sendable (Database, Values) throws -> Void)?
    /// After a delete.
    public var didDelete: (@Sendable (Database, Values) throws -> Void)?
    /// Values the create response shows beside the record and no read shows again (a webhook's signing secret):
    /// called with the stored record inside the create's transaction.
    public var revealOnCreate: (@Sendable (Database, Values) throws -> Values)?

    public init() {}
}

/// A status field whose changes follow a state machine: an illegal transition is a 409 naming the allowed ones.
/// Declared on a resource (`ResourceDefinition.lifecycle`), the engine applies it on every write, with what each
/// state requires and freezes:
///
/// ```swift
/// Lifecycle(field: "status", initial: ["draft"],
///           transitions: ["draft": ["submitted"], "submitted": ["accepted", "rejected"], "accepted": []],
///           requires: ["submitted": ["submittedBy"]],
///           frozen: ["accepted": ["reviewer", "reviewComments"]])
/// ```
public struct Lifecycle: Sendable {
    public let field: String
    public let initial: [String]
    public let transitions: [String: [String]]
    /// Fields that must not be null while the record is in a state (a 422 names them).
    public var requires: [String: [String]]
    /// Fields that can no longer change once the record is in a state; `*` freezes every field (a 409).
    public var frozen: [String: [String]]
    /// States in which the records that belong to this one (an `owner()` reference to it) cannot be created,
    /// changed or deleted: a completed project's plan is history.
    public var closed: Set<String>

    public init(
        field: String,
        initial: [String],
        transitions: [String: [String]],
        requires: [String: [String]] = [:],
        frozen: [String: [String]] = [:],
        closed: Set<String> = []
    ) {
        self.field = field
        self.initial = initial
        self.transitions = transitions
        self.requires = requires
        self.frozen = frozen
        self.closed = closed
    }

    /// The state of `values`, when it has one.
    public func state(_ values: ResourceHooks.Values?) -> String? {
        if case .string(let s)? = values?[field] { return s }
        return nil
    }

    /// The fields of `changes` that differ from `current` and are frozen in `current`'s state.
    public func frozenChanges(_ current: ResourceHooks.Values, _ changes: ResourceHooks.Values) -> [String] {
        guard let state = state(current), let fields = frozen[state] else { return [] }
        return changes.keys.sorted().filter { name in
            name != field && (fields.contains("*") || fields.contains(name))
                && !JSONValue.same(changes[name] ?? .null, current[name] ?? .null)
        }
    }

    /// The required-in-state issues of the record as it will be stored.
    public func missing(_ record: ResourceHooks.Values) -> [FieldIssue] {
        guard let state = state(record) else { return [] }
        return (requires[state] ?? []).filter { (record[$0] ?? .null) == .null }.map {
            FieldIssue(field: $0, code: "required", message: "is required when \(field) is '\(state)'")
        }
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

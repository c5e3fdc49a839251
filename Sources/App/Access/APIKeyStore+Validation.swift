import HTTPCore

extension APIKeyStore {
    /// The longest key name, in Unicode scalars (what SQLite's `length()` counts in the table's CHECK).
    public static let maxNameLength = 100

    /// Checks a requested name and role, reporting every bad field at once.
    /// - Returns: the name and the role.
    /// - Throws: `DomainError.invalid` (422) whose `errors` name each field with a machine-readable code (`required`,
    ///   `too_long`, `invalid`, `invalid_choice`).
    static func validate(name: String?, role: String?) throws -> (String, Role) {
        var issues: [Problem.FieldIssue] = []
        let name = name ?? ""
        if name.isEmpty {
            issues.append(.init(field: "name", code: "required", message: "is required"))
        } else if name.unicodeScalars.count > maxNameLength {
            issues.append(
                .init(field: "name", code: "too_long", message: "must be at most \(maxNameLength) characters")
            )
        } else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            || name.first?.isWhitespace == true || name.last?.isWhitespace == true
        {
            issues.append(
                .init(
                    field: "name",
                    code: "invalid",
                    message: "must not contain control characters or start or end with spaces"
                )
            )
        }
        let roleName = role ?? ""
        let parsed = Role(rawValue: roleName)
        if roleName.isEmpty {
            issues.append(.init(field: "role", code: "required", message: "is required"))
        } else if parsed == nil {
            issues.append(.init(field: "role", code: "invalid_choice", message: "must be viewer, editor or admin"))
        }
        guard issues.isEmpty, let parsed else {
            throw DomainError.invalid("the API key request is invalid", issues: issues)
        }
        return (name, parsed)
    }
}

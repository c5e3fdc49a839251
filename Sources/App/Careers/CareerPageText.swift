import Foundation

/// A career profile in the plain-text career-page layout (`it-project-managers.txt`), parsed:
///
/// ```text
/// Example Career: Information Technology Project Managers
/// Career Description
/// Plan, initiate, and manage information technology (IT) projects. …
/// What Job Titles Information Technology Project Managers Might Have
/// - IT Project Manager
/// What Information Technology Project Managers Do
/// - Manage project execution to ensure adherence to budget, schedule, and scope.
/// What Information Technology Project Managers Should Be Good At
/// - Oral Comprehension - The ability to listen to and understand information …
/// What Information Technology Project Managers Need to Learn
/// - Administration and Management - Knowledge of business and management principles …
/// This page includes information from O*NET OnLine by the U.S. Department of Labor, …
/// ```
///
/// Headings are recognised by their wording, not by the career name inside them, so "What IT Project Managers
/// Do" works as well. Blank lines and CRLF are ignored; bullets may be `-`, `*` or `•`.
struct CareerPageText: Equatable {
    /// The career name from the first line or, failing that, from the headings.
    var names: [String] = []
    var description = ""
    var jobTitles: [String] = []
    var tasks: [String] = []
    /// "Should be good at": `(name, description)` in listed order.
    var abilities: [(name: String, description: String)] = []
    /// "Need to learn": `(name, description)` in listed order.
    var knowledge: [(name: String, description: String)] = []
    var attribution: String?

    private enum Section { case none, description, titles, tasks, abilities, knowledge }

    /// Parses `text`. - Throws: `CareerImportError.malformed` naming `file` when there is no description.
    init(_ text: String, file: String) throws {
        var section = Section.none
        var descriptionLines = [String]()
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = String(raw).trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let lower = line.lowercased()
            if let bullet = Self.bullet(line) {
                switch section {
                case .titles: jobTitles.append(bullet)
                case .tasks: tasks.append(bullet)
                case .abilities: abilities.append(Self.split(bullet))
                case .knowledge: knowledge.append(Self.split(bullet))
                case .description: descriptionLines.append(line)
                case .none: break
                }
            } else if lower.hasPrefix("this page includes information from") || lower.hasPrefix("source:") {
                attribution = line
                section = .none
            } else if let name = Self.prefixed(line, ["example career:", "career:"]) {
                names.append(name)
            } else if lower == "career description" || lower == "description" || lower.hasSuffix(" description") {
                section = .description
            } else if let (found, name) = Self.heading(line) {
                section = found
                if let name, !names.contains(name) { names.append(name) }
            } else if section == .description {
                descriptionLines.append(line)
            }
        }
        description = descriptionLines.joined(separator: " ")
        guard !description.isEmpty else {
            throw CareerImportError.malformed(
                file: file,
                "no career description (expected a 'Career Description' section)"
            )
        }
    }

    static func == (a: CareerPageText, b: CareerPageText) -> Bool {
        a.names == b.names && a.description == b.description && a.jobTitles == b.jobTitles && a.tasks == b.tasks
            && a.abilities.map(\.name) == b.abilities.map(\.name) && a.knowledge.map(\.name) == b.knowledge.map(\.name)
    }

    /// A "What … " heading: its section, and the career name it contains when it can be cut out.
    private static func heading(_ line: String) -> (Section, String?)? {
        let lower = line.lowercased()
        guard lower.hasPrefix("what "), !line.hasSuffix(".") else { return nil }
        let words = line.split(separator: " ").map(String.init)
        func name(droppingFirst first: Int, last: Int) -> String? {
            guard words.count > first + last else { return nil }
            return words[first..<(words.count - last)].joined(separator: " ")
        }
        if lower.contains("job titles") { return (.titles, name(droppingFirst: 3, last: 2)) }
        if lower.contains("good at") { return (.abilities, name(droppingFirst: 1, last: 4)) }
        if lower.contains("need to learn") || lower.contains("need to know") {
            return (.knowledge, name(droppingFirst: 1, last: 3))
        }
        if lower.hasSuffix(" do") || lower.hasSuffix(" do?") { return (.tasks, name(droppingFirst: 1, last: 1)) }
        return nil
    }

    /// The text after a `-`, `*` or `•` bullet, or nil for a line that is not one.
    private static func bullet(_ line: String) -> String? {
        for mark in ["- ", "* ", "• ", "– "] where line.hasPrefix(mark) {
            return String(line.dropFirst(mark.count)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// `Name - description` (also with an en or em dash); a line without one is all name.
    private static func split(_ item: String) -> (name: String, description: String) {
        for separator in [" - ", " – ", " — "] {
            if let range = item.range(of: separator) {
                return (
                    String(item[..<range.lowerBound]).trimmingCharacters(in: .whitespaces),
                    String(item[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                )
            }
        }
        return (item, "")
    }

    private static func prefixed(_ line: String, _ prefixes: [String]) -> String? {
        for prefix in prefixes where line.lowercased().hasPrefix(prefix) {
            let rest = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            return rest.isEmpty ? nil : rest
        }
        return nil
    }
}

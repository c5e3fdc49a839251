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

    /// The most lines a career page may have (a real one has about 60; blank lines count). Counted on the bytes
    /// before any parsing, so an oversized page costs one pass and a 422, never the work below.
    static let maxLines = 10_000
    /// The most distinct career names a page may give (its first line and the "What … Do" headings; a real page
    /// names one). Each is looked up among the occupations when no code is given.
    static let maxNames = 20

    /// Parses `text`. - Throws: `CareerImportError.malformed` naming `file` when there is no description, or when
    /// the page has more than `maxLines` lines or `maxNames` career names.
    init(_ text: String, file: String) throws {
        let lines = Self.lineCount(text)
        guard lines <= Self.maxLines else {
            throw CareerImportError.malformed(
                file: file,
                "has \(lines) lines; a career page has at most \(Self.maxLines) (CareerPageText.maxLines)"
            )
        }
        var section = Section.none
        var descriptionLines = [String]()
        // Names seen, for de-duplication in constant time: `names.contains` per heading was quadratic inside the
        // write transaction (issue 16: 20,000 headings held the writer for 2.4 s).
        var seen = Set<String>()
        func addName(_ written: String) throws {
            // One space between words, as the headings' names are cut: "A  B" on the first line is "A B" there.
            let name = written.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard seen.insert(name).inserted else { return }
            names.append(name)
            guard names.count <= Self.maxNames else {
                throw CareerImportError.malformed(
                    file: file,
                    "names more than \(Self.maxNames) careers in its headings (CareerPageText.maxNames); "
                        + "a career page describes one"
                )
            }
        }
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
                try addName(name)
            } else if lower == "career description" || lower == "description" || lower.hasSuffix(" description") {
                section = .description
            } else if let (found, name) = Self.heading(line) {
                section = found
                if let name { try addName(name) }
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

    /// Lines as `split(whereSeparator: \.isNewline)` would cut them, counted on bytes: LF, CR (CRLF once), VT, FF,
    /// NEL, LS and PS end a line.
    static func lineCount(_ text: String) -> Int {
        var count = 1
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x0A where previous == 0x0D: break
            case 0x0A, 0x0B, 0x0C, 0x0D: count += 1
            case 0x85 where previous == 0xC2: count += 1
            case 0xA8...0xA9 where previous == 0x80 && beforePrevious == 0xE2: count += 1
            default: break
            }
            beforePrevious = previous
            previous = byte
        }
        return count
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
        // Matched at the heading's ends, never inside: the career name between them may hold any words (the
        // career-page fuzz target found "What Job Titles … Do" read as the titles heading).
        let ending = lower.hasSuffix("?") ? String(lower.dropLast()) : lower
        let titles = lower.hasPrefix("what job titles ")
        if titles, ending.hasSuffix(" have") { return (.titles, name(droppingFirst: 3, last: 2)) }
        if ending.hasSuffix(" good at") { return (.abilities, name(droppingFirst: 1, last: 4)) }
        if ending.hasSuffix(" need to learn") || ending.hasSuffix(" need to know") {
            return (.knowledge, name(droppingFirst: 1, last: 3))
        }
        if ending.hasSuffix(" do") { return (.tasks, name(droppingFirst: 1, last: 1)) }
        return titles ? (.titles, nil) : nil
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

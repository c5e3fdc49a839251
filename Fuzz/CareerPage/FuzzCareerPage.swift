// libFuzzer target: the career-page text parser (Sources/App/Careers/CareerPageText.swift). The input is a page's
// text. Invariants:
// - no crash, no hang, no memory error; a parse returns a page or throws CareerImportError.malformed naming the
//   file;
// - a parsed page has a description, at most CareerPageText.maxNames names, and every name, title, task, ability
//   and knowledge entry is non-empty, one line, without surrounding spaces;
// - the page written back in the canonical layout (the shipped it-project-managers.txt's) parses to the same page:
//   nothing the parser keeps changes meaning when written the way it reads.

func clean(_ item: String, _ what: String) {
    check(!item.isEmpty, "empty \(what)")
    check(!item.contains(where: \.isNewline), "\(what) spans lines: \(item.debugDescription)")
    check(
        item == item.trimmingCharacters(in: .whitespaces),
        "\(what) keeps surrounding spaces: \(item.debugDescription)"
    )
}

/// The page in the layout CareerPageText documents, naming the career by its first name (a page without names
/// gets headings without one: "What Do").
func render(_ page: CareerPageText) -> String {
    let name = page.names.first.map { " " + $0 } ?? ""
    var lines = page.names.map { "Career: \($0)" }
    lines += ["Career Description", page.description]
    lines.append("What Job Titles\(name) Might Have")
    lines += page.jobTitles.map { "- \($0)" }
    lines.append("What\(name) Do")
    lines += page.tasks.map { "- \($0)" }
    lines.append("What\(name) Should Be Good At")
    lines += page.abilities.map { $0.description.isEmpty ? "- \($0.name)" : "- \($0.name) - \($0.description)" }
    lines.append("What\(name) Need to Learn")
    lines += page.knowledge.map { $0.description.isEmpty ? "- \($0.name)" : "- \($0.name) - \($0.description)" }
    return lines.joined(separator: "\n")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let page = parseOrMalformed({ try CareerPageText(text, file: "fuzz.txt") }) else { return 0 }
    check(!page.description.isEmpty, "page without a description")
    check(page.names.count <= CareerPageText.maxNames, "\(page.names.count) names")
    for name in page.names { clean(name, "name") }
    for title in page.jobTitles { clean(title, "job title") }
    for task in page.tasks { clean(task, "task") }
    for ability in page.abilities { clean(ability.name, "ability") }
    for item in page.knowledge { clean(item.name, "knowledge") }
    let written = render(page)
    do {
        let again = try CareerPageText(written, file: "fuzz.txt")
        check(again == page, "written back, the page reads differently:\n\(written)")
    } catch {
        check(false, "written back, the page does not parse (\(error)):\n\(written)")
    }
    return 0
}

// libFuzzer target: the O*NET tab-delimited reader (Sources/App/Careers/OnetTable.swift). The input is a file's
// bytes, UTF-8 or not. Invariants:
// - no crash, no hang, no memory error; a read returns a table or throws CareerImportError.malformed naming the
//   file (only for a file with no header row);
// - every row has at least one entry per header (missing trailing fields are null), no field is empty, "n/a", or
//   holds a tab or a line end, or surrounding spaces; there are no more rows than lines after the header;
// - a column is found by its header however it is spaced or cased, and the table written back as tab-delimited
//   UTF-8 with a byte-order mark (null as empty) reads to the same headers and rows.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let table = parseOrMalformed({ try OnetTable(name: "fuzz.txt", bytes: bytes) }) else { return 0 }
    let lineCount = bytes.split(separator: 10, omittingEmptySubsequences: false).count
    check(table.rows.count < lineCount, "\(table.rows.count) rows from \(lineCount) lines")
    for row in table.rows {
        check(row.count >= table.headers.count, "a row of \(row.count) fields under \(table.headers.count) headers")
        for case let field? in row {
            check(!field.isEmpty && field.lowercased() != "n/a", "field \(field.debugDescription) is not null")
            check(!field.utf8.contains(9) && !field.utf8.contains(10), "field spans cells: \(field.debugDescription)")
            check(
                ![32, 13].contains(field.utf8.first!) && ![32, 13].contains(field.utf8.last!),
                "field keeps spaces: \(field.debugDescription)"
            )
        }
    }
    // O*NET headers are ASCII; upper-casing others can change their length (ß → SS).
    func key(_ s: String) -> String { s.lowercased().filter { $0 != " " && $0 != "_" } }
    for header in table.headers where !header.isEmpty && header.allSatisfy(\.isASCII) {
        let respelled = " " + String(header.uppercased().map { $0 == " " ? "_" : $0 }) + " "
        let found = table.optionalColumn(respelled)
        check(
            found.map { key(table.headers[$0]) == key(header) } ?? false,
            "column \(header.debugDescription) not found"
        )
    }
    // With a byte-order mark, which the reader drops, so a header that itself begins with U+FEFF survives.
    var written = "\u{FEFF}" + table.headers.joined(separator: "\t")
    for row in table.rows { written += "\n" + row.map { $0 ?? "" }.joined(separator: "\t") }
    do {
        let again = try OnetTable(name: "fuzz.txt", bytes: Array(written.utf8))
        check(again.headers == table.headers, "headers read back differently: \(again.headers) vs \(table.headers)")
        check(again.rows == table.rows, "rows read back differently")
    } catch {
        check(false, "written back, the table does not read (\(error))")
    }
    return 0
}

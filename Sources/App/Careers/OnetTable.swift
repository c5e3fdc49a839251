/// One O*NET text file, parsed: tab-delimited, one header row, CRLF or LF line ends, `n/a` or empty as null.
///
/// Columns are found by header name (case- and space-insensitive), so files of different releases, whose column
/// sets and orders differ, read the same way. Bytes that are not UTF-8 are read as Windows-1252 (older releases).
///
/// ```swift
/// let table = try OnetTable(name: "Occupation Data.txt", bytes: bytes)
/// let code = try table.column("O*NET-SOC Code")
/// for row in table.rows { print(row[code] ?? "") }
/// ```
struct OnetTable {
    /// The file name, for messages.
    let name: String
    /// The header names, as written.
    let headers: [String]
    /// The data rows; each has at least one entry per header (missing trailing fields are null). Null is `nil`.
    /// A line with no value (empty, or only spaces and tabs) is no row.
    let rows: [[String?]]
    /// The 1-based line of the file each row comes from (the header is line 1), for messages.
    let lines: [Int]

    /// Parses a whole file. Works on bytes: a Swift `Character` would treat `\r\n` as one.
    /// - Throws: `CareerImportError.malformed` when there is no header row (or it names no column).
    init(name: String, bytes: [UInt8]) throws {
        self.name = name
        let utf8 = Self.utf8(bytes)
        var lines = utf8.split(separator: 10, omittingEmptySubsequences: false).map { line in
            line.last == 13 ? line.dropLast() : line
        }
        while let last = lines.last, last.allSatisfy({ $0 == 32 || $0 == 9 }) { lines.removeLast() }
        guard var header = lines.first, !header.isEmpty else {
            throw CareerImportError.malformed(file: name, "the file is empty: expected a header row")
        }
        if header.starts(with: [0xEF, 0xBB, 0xBF]) { header = header.dropFirst(3) }
        headers = header.split(separator: 9, omittingEmptySubsequences: false).map { Self.field($0) ?? "" }
        guard headers.contains(where: { !$0.isEmpty }) else {
            throw CareerImportError.malformed(
                file: name,
                "the first line names no column: expected a header row",
                line: 1
            )
        }
        let width = headers.count
        var rows = [[String?]]()
        var numbers = [Int]()
        rows.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            var fields = [String?]()
            fields.reserveCapacity(width)
            for field in line.split(separator: 9, omittingEmptySubsequences: false) { fields.append(Self.field(field)) }
            guard fields.contains(where: { $0 != nil }) else { continue }
            while fields.count < width { fields.append(nil) }
            rows.append(fields)
            numbers.append(index + 1)
        }
        self.rows = rows
        self.lines = numbers
    }

    /// A field without surrounding spaces or carriage returns (a stray CR before the line's CRLF); `nil` for empty
    /// and `n/a` in any case.
    private static func field(_ bytes: ArraySlice<UInt8>) -> String? {
        var slice = bytes
        while slice.first == 32 || slice.first == 13 { slice = slice.dropFirst() }
        while slice.last == 32 || slice.last == 13 { slice = slice.dropLast() }
        if slice.isEmpty { return nil }
        if slice.count == 3, slice.first! | 0x20 == UInt8(ascii: "n"), slice.dropFirst().first == UInt8(ascii: "/"),
            slice.last! | 0x20 == UInt8(ascii: "a")
        {
            return nil
        }
        return String(decoding: slice, as: UTF8.self)
    }

    /// The index of the column called `name`, or of the first of `alternatives` present.
    /// - Throws: `CareerImportError.missingColumn` naming the file and the column.
    func column(_ name: String, or alternatives: String...) throws -> Int {
        guard let index = optionalColumn(name, or: alternatives) else {
            throw CareerImportError.missingColumn(file: self.name, column: name)
        }
        return index
    }

    /// The index of the column called `name` (or an alternative), or `nil` when the file has none.
    func optionalColumn(_ name: String, or alternatives: [String] = []) -> Int? {
        let keys = headers.map(Self.key)
        for candidate in [name] + alternatives {
            if let index = keys.firstIndex(of: Self.key(candidate)) { return index }
        }
        return nil
    }

    private static func key(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" })
    }

    /// The bytes when they are UTF-8, else Windows-1252 read as Latin-1 and re-encoded (O*NET files before
    /// release 20 were not UTF-8).
    private static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        if String(validating: bytes, as: UTF8.self) != nil { return bytes }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: bytes.map { Unicode.Scalar($0) })
        return Array(String(text).utf8)
    }
}

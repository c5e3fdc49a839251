import Foundation

/// What an import did: rows written per file, notes (files skipped, rows for unknown occupations), and
/// whether it changed anything at all.
public struct CareerImportReport: Sendable, Equatable {
    /// `(file name, rows written)`, in import order.
    public var counts: [FileCount] = []
    /// Remarks for the operator: skipped files, skipped rows.
    public var notes: [String] = []
    /// `true` when the input was the same as the last import's, so nothing was written.
    public var unchanged = false
    /// The fingerprint of the input.
    public var fingerprint = ""
    /// The release or source label stored with the data.
    public var source = ""
    /// A page import's changes per section (`tasks: 3 added, 1 changed, 0 removed, 18 kept`).
    public var changes: [String] = []
    /// Nothing was written: the report says what an import would change (`--dry-run`).
    public var dryRun = false

    /// Rows one file contributed.
    public struct FileCount: Sendable, Equatable {
        public var file: String
        public var rows: Int
        public var what: String
    }

    /// The rows written from `file`, or nil when it was not read.
    public func rows(of file: String) -> Int? { counts.first { $0.file == file }?.rows }

    /// The lines `charter import` prints.
    public var lines: [String] {
        if unchanged {
            return ["\(source): already imported (fingerprint \(fingerprint)); nothing changed"]
        }
        if dryRun {
            return ["dry run: nothing written; the import would change:"] + changes.map { "  " + $0 } + notes
        }
        return counts.map { "\($0.file): \($0.rows) \($0.what)" } + changes + notes
    }

    /// The counts as a small JSON object for `onet_imports.counts`.
    var countsJSON: String {
        let pairs = counts.map { "\"\(Self.escape("\($0.file) (\($0.what))"))\":\($0.rows)" }
        return "{" + pairs.joined(separator: ",") + "}"
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

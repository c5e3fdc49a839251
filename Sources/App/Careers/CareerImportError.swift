/// Why an import (`charter import onet|profile`, or the embedded default) stopped. Nothing was written: every
/// import runs in one transaction.
public enum CareerImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file lacks a column the importer needs.
    case missingColumn(file: String, column: String)
    /// A file cannot be read or has the wrong shape (`line` is 1-based, counting the header, when known).
    case malformed(file: String, String, line: Int? = nil)
    /// The O*NET folder holds none of the files the importer knows.
    case noFiles(directory: String)
    /// A profile's occupation code could not be worked out: the title matches no occupation and no
    /// `--code` was given.
    case unknownOccupation(title: String)
    /// A code that is not `NN-NNNN.NN`.
    case invalidCode(String)
    /// A well-formed code that names no occupation of the loaded O*NET list.
    case unknownCode(String)
    /// A page import that would destroy more than it brings, or that targets another occupation, without
    /// `--replace`.
    case refused(code: String, reasons: [String])

    /// A one-line message that names the file and the column or line at fault.
    public var description: String {
        switch self {
        case .missingColumn(let file, let column):
            "\(file): missing required column '\(column)'"
        case .malformed(let file, let message, let line):
            line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
        case .noFiles(let directory):
            "\(directory): no O*NET text files found (expected e.g. 'Occupation Data.txt')"
        case .unknownOccupation(let title):
            "no occupation titled '\(title)' is loaded: import the O*NET occupation list first, or pass --code"
        case .invalidCode(let code):
            "'\(code)' is not an O*NET-SOC code (NN-NNNN.NN, e.g. 15-1299.09)"
        case .unknownCode(let code):
            "no occupation has code \(code): a career page is imported onto an occupation of the loaded O*NET list "
                + "(or a custom profile's code, like ACME-0001.00)"
        case .refused(let code, let reasons):
            "refused to import onto \(code): \(reasons.joined(separator: "; ")); see what would change with "
                + "--dry-run (?dryRun=true), and import anyway with --replace (?replace=true)"
        }
    }
}

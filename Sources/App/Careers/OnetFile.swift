import Foundation

/// The O*NET text files the importer reads, with the names each has had across releases, in import order
/// (occupations first, so that the other files can refer to them; reference tables before the ratings).
enum OnetFile: String, CaseIterable, Sendable {
    case occupationData = "Occupation Data"
    case contentModel = "Content Model Reference"
    case scales = "Scales Reference"
    case jobZones = "Job Zones"
    case taskStatements = "Task Statements"
    case taskRatings = "Task Ratings"
    case alternateTitles = "Alternate Titles"
    case reportedTitles = "Sample of Reported Titles"
    case abilities = "Abilities"
    case knowledge = "Knowledge"
    case skills = "Skills"
    case relatedOccupations = "Related Occupations"

    /// File-name choices, best first. Each inner list is one generation's set: the first set with any file
    /// present is used, all of its present files together (the split skills files are read one after the other).
    var nameSets: [[String]] {
        switch self {
        case .alternateTitles: [["Alternate Titles.txt"], ["Job Titles.txt"]]
        case .skills: [["Skills.txt"], ["Basic Skills.txt", "Cross-Functional Skills.txt"]]
        default: [[rawValue + ".txt"]]
        }
    }

    /// The element domain stored for a ratings file.
    var domain: ElementDomain? {
        switch self {
        case .abilities: .abilities
        case .knowledge: .knowledge
        case .skills: .skills
        default: nil
        }
    }
}

/// The files found in one O*NET folder, read into memory, with the fingerprint of their bytes.
struct OnetDirectory {
    /// The files of each kind that are present, as (file name, bytes), in `OnetFile` order.
    var files: [(kind: OnetFile, name: String, bytes: [UInt8])] = []
    /// Kinds with no file, for the "skipped" notes.
    var absent: [OnetFile] = []

    /// Lists `path` and reads the known files (names compared case-insensitively).
    /// - Throws: `CareerImportError.noFiles` when none is present, `.malformed` when one cannot be read.
    init(path: String) throws {
        let listing: [String]
        do {
            listing = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw CareerImportError.malformed(file: path, "cannot list the folder: \(error.localizedDescription)")
        }
        var byLowercasedName: [String: String] = [:]
        for name in listing { byLowercasedName[name.lowercased()] = name }
        for kind in OnetFile.allCases {
            let present = kind.nameSets.lazy.map { set in set.compactMap { byLowercasedName[$0.lowercased()] } }
                .first { !$0.isEmpty }
            guard let present else {
                absent.append(kind)
                continue
            }
            for name in present {
                guard let data = FileManager.default.contents(atPath: path + "/" + name) else {
                    throw CareerImportError.malformed(file: name, "cannot be read")
                }
                files.append((kind, name, [UInt8](data)))
            }
        }
        guard !files.isEmpty else { throw CareerImportError.noFiles(directory: path) }
    }

    /// Files given directly (tests, the embedded default).
    init(files: [(kind: OnetFile, name: String, bytes: [UInt8])]) {
        self.files = files
        absent = OnetFile.allCases.filter { kind in !files.contains { $0.kind == kind } }
    }

    /// The fingerprint of every file's name and bytes, in order.
    var fingerprint: String {
        var digest = Fingerprint()
        for file in files {
            digest.combine(file.name.utf8)
            digest.combine(file.bytes)
        }
        return digest.hex
    }

    /// The O*NET release a folder name states (`db_29_1_text` → `O*NET 29.1`), or `nil`.
    static func release(fromFolder path: String) -> String? {
        let name = (path as NSString).standardizingPath.split(separator: "/").last.map(String.init) ?? path
        let parts = name.lowercased().split(separator: "_")
        guard parts.count >= 3, parts[0] == "db", let major = Int(parts[1]), let minor = Int(parts[2]) else {
            return nil
        }
        return "O*NET \(major).\(minor)"
    }
}

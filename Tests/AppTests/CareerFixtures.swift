import Foundation
import Storage
import Testing

@testable import App

/// Temp databases and O*NET fixture folders for the career tests (files use O*NET's real column headers).
enum CareerFixtures {
    /// A fresh migrated database in a temp folder (no embedded data), removed after `body`.
    static func withDatabase<T>(_ body: (DatabasePool, String) throws -> T) throws -> T {
        let folder = NSTemporaryDirectory() + "charter-careers-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pool = try DatabasePool(path: folder + "/test.sqlite")
        defer { pool.close() }
        try AppSchema.migrator.migrate(pool)
        return try body(pool, folder)
    }

    /// The shared data folder (`../shared/data` beside the repository).
    static let sharedData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data").path

    /// Whether `../shared/data` is beside the repository (a developer checkout; a CI clone elsewhere may lack it).
    static let hasSharedData = FileManager.default.fileExists(atPath: sharedData + "/onet/Occupation Data.txt")

    /// The real `Occupation Data.txt` (1,016 occupations, CRLF): the shared file when present, else the
    /// repository's own copy (the embedded seed, which `theEmbeddedListIsTheSharedFile` ties to the shared file).
    static func realOccupationData() throws -> [UInt8] {
        let path = sharedData + "/onet/Occupation Data.txt"
        if let data = FileManager.default.contents(atPath: path) { return [UInt8](data) }
        return Array(CareerSeed.occupationData.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    /// The real career page `it-project-managers.txt` (shared file, else the repository's copy).
    static func realProfileText() throws -> String {
        let path = sharedData + "/it-project-managers.txt"
        if let data = FileManager.default.contents(atPath: path) { return String(decoding: data, as: UTF8.self) }
        return CareerSeed.profileText
    }

    /// Writes `files` (name → rows, header first, tab-joined) into a new folder under `parent`.
    static func writeFolder(
        _ parent: String,
        _ name: String,
        _ files: [String: [[String]]],
        lineEnd: String = "\r\n"
    ) throws -> String {
        let folder = parent + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (file, rows) in files {
            let text = rows.map { $0.joined(separator: "\t") + lineEnd }.joined()
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + file))
        }
        return folder
    }

    static let occupationHeader = ["O*NET-SOC Code", "Title", "Description"]
    static let ratingHeader = [
        "O*NET-SOC Code", "Title", "Element ID", "Element Name", "Scale ID", "Scale Name", "Data Value", "N",
        "Standard Error", "Lower CI Bound", "Upper CI Bound", "Recommend Suppress", "Not Relevant", "Date",
        "Domain Source",
    ]

    /// One IM and one LV row of a ratings file.
    static func rating(
        _ code: String,
        _ id: String,
        _ name: String,
        im: String,
        lv: String,
        notRelevant: String = "N"
    )
        -> [[String]]
    {
        [
            [code, "T", id, name, "IM", "Importance", im, "8", "0.2", "3.1", "3.9", "N", "n/a", "07/2014", "Analyst"],
            [code, "T", id, name, "LV", "Level", lv, "8", "0.3", "3.5", "4.4", "Y", notRelevant, "07/2014", "Analyst"],
        ]
    }

    /// A full current-generation folder: two occupations, every file.
    static func currentGeneration() -> [String: [[String]]] {
        [
            "Occupation Data.txt": [
                occupationHeader,
                ["15-1299.09", "Information Technology Project Managers", "Plan, initiate, and manage IT projects."],
                ["13-1082.00", "Project Management Specialists", "Analyze and coordinate project schedules."],
            ],
            "Content Model Reference.txt": [
                ["Element ID", "Element Name", "Description"],
                ["1.A.1.a.1", "Oral Comprehension", "The ability to listen to and understand information."],
                ["2.C.1.a", "Administration and Management", "Knowledge of business and management principles."],
                ["2.A.1.a", "Reading Comprehension", "Understanding written sentences."],
            ],
            "Scales Reference.txt": [
                ["Scale ID", "Scale Name", "Minimum", "Maximum"], ["IM", "Importance", "1", "5"],
                ["LV", "Level", "0", "7"],
            ],
            "Job Zones.txt": [
                ["O*NET-SOC Code", "Title", "Job Zone", "Date", "Domain Source"],
                ["15-1299.09", "T", "4", "08/2023", "Analyst"], ["13-1082.00", "T", "4", "08/2023", "Analyst"],
            ],
            "Task Statements.txt": [
                [
                    "O*NET-SOC Code", "Title", "Task ID", "Task", "Task Type", "Incumbents Responding", "Date",
                    "Domain Source",
                ],
                [
                    "15-1299.09", "T", "21001", "Monitor or track project milestones.", "Supplemental", "n/a",
                    "08/2023", "x",
                ],
                ["15-1299.09", "T", "21002", "Manage project execution.", "Core", "n/a", "08/2023", "x"],
                ["15-1299.09", "T", "21003", "Assess customer needs.", "n/a", "n/a", "08/2023", "x"],
                ["99-9999.99", "T", "1", "A task of an occupation that is not loaded.", "Core", "", "", ""],
            ],
            "Task Ratings.txt": [
                [
                    "O*NET-SOC Code", "Title", "Task ID", "Task", "Scale ID", "Scale Name", "Category", "Data Value",
                    "N", "Standard Error", "Lower CI Bound", "Upper CI Bound", "Recommend Suppress", "Date",
                    "Domain Source",
                ],
                ["15-1299.09", "T", "21001", "x", "IM", "Importance", "n/a", "3.91", "9", "", "", "", "N", "", ""],
                ["15-1299.09", "T", "21001", "x", "FT", "Frequency", "1", "10.5", "9", "", "", "", "N", "", ""],
            ],
            "Alternate Titles.txt": [
                ["O*NET-SOC Code", "Title", "Alternate Title", "Short Title", "Source(s)"],
                ["15-1299.09", "T", "Information Technology Project Manager", "IT Project Manager", "08"],
                ["15-1299.09", "T", "Software Project Manager", "n/a", "10"],
            ],
            "Sample of Reported Titles.txt": [
                ["O*NET-SOC Code", "Title", "Reported Job Title", "Shown in My Next Move"],
                ["15-1299.09", "T", "IT Project Manager", "Y"], ["15-1299.09", "T", "Program Manager", "N"],
            ],
            "Abilities.txt": [ratingHeader]
                + rating("15-1299.09", "1.A.1.a.1", "Oral Comprehension", im: "4.50", lv: "5.25")
                + rating("13-1082.00", "1.A.1.a.1", "Oral Comprehension", im: "4.00", lv: "4.00"),
            "Knowledge.txt": [ratingHeader]
                + rating("15-1299.09", "2.C.1.a", "Administration and Management", im: "4.62", lv: "5.80")
                + rating("13-1082.00", "2.C.1.a", "Administration and Management", im: "3.00", lv: "2.50"),
            "Skills.txt": [ratingHeader]
                + rating("15-1299.09", "2.A.1.a", "Reading Comprehension", im: "4.00", lv: "0.00", notRelevant: "Y"),
            "Related Occupations.txt": [
                ["O*NET-SOC Code", "Title", "Related O*NET-SOC Code", "Related Title", "Relatedness Tier", "Index"],
                ["15-1299.09", "T", "13-1082.00", "Project Management Specialists", "Primary-Short", "1"],
                ["15-1299.09", "T", "11-3021.00", "Computer and Information Systems Managers", "Primary-Long", "6"],
            ],
        ]
    }
}

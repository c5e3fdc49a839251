import HTTPCore
import Storage

/// A project's own thresholds for its computed red/amber/green status (`GET /api/v1/projects/{id}/status`); at most
/// one record a project, and a field left null keeps its default (`Defaults`). Ratios are decimals (SPI 0.95),
/// counts whole numbers.
enum StatusThresholds {
    /// The thresholds a project has not set. A ratio "below" turns the status amber or red under it; a figure
    /// "at" turns it amber or red at it and above.
    struct Values: Equatable {
        var spiAmberBelow = 0.95
        var spiRedBelow = 0.85
        var cpiAmberBelow = 0.95
        var cpiRedBelow = 0.85
        var budgetUsedAmberAt = 0.9
        var budgetUsedRedAt = 1.0
        var slippedMilestonesAmberAt: Int64 = 1
        var slippedMilestonesRedAt: Int64 = 3
        var openChangeRequestsAmberAt: Int64 = 3
        var openChangeRequestsRedAt: Int64 = 6

        static var ratios: [(String, WritableKeyPath<Values, Double>)] {
            [
                ("spiAmberBelow", \.spiAmberBelow), ("spiRedBelow", \.spiRedBelow), ("cpiAmberBelow", \.cpiAmberBelow),
                ("cpiRedBelow", \.cpiRedBelow), ("budgetUsedAmberAt", \.budgetUsedAmberAt),
                ("budgetUsedRedAt", \.budgetUsedRedAt),
            ]
        }
        static var counts: [(String, WritableKeyPath<Values, Int64>)] {
            [
                ("slippedMilestonesAmberAt", \.slippedMilestonesAmberAt),
                ("slippedMilestonesRedAt", \.slippedMilestonesRedAt),
                ("openChangeRequestsAmberAt", \.openChangeRequestsAmberAt),
                ("openChangeRequestsRedAt", \.openChangeRequestsRedAt),
            ]
        }

        /// The defaults overlaid with what a record sets.
        init(_ record: [String: JSONValue] = [:]) {
            for (name, path) in Self.ratios {
                switch record[name] {
                case .double(let d)?: self[keyPath: path] = d
                case .int(let i)?: self[keyPath: path] = Double(i)
                default: break
                }
            }
            for (name, path) in Self.counts { if case .int(let i)? = record[name] { self[keyPath: path] = i } }
        }

        var json: JSONValue {
            var o: [String: JSONValue] = [:]
            for (name, path) in Self.ratios { o[name] = .double(self[keyPath: path]) }
            for (name, path) in Self.counts { o[name] = .int(self[keyPath: path]) }
            return .object(o)
        }

        /// The project's thresholds (its record's, else the defaults), and whether it has a record.
        static func of(_ db: Database, project: Int64) throws -> (Values, Bool) {
            let columns = (ratios.map(\.0) + counts.map(\.0)).map(Field.snakeCase).joined(separator: ", ")
            guard let row = try db.queryOne("SELECT \(columns) FROM status_thresholds WHERE project_id = ?", [project])
            else { return (Values(), false) }
            var v = Values()
            for (i, (_, path)) in ratios.enumerated() {
                if let d = try row.get(i, as: Double?.self) { v[keyPath: path] = d }
            }
            for (i, (_, path)) in counts.enumerated() {
                if let n = try row.get(ratios.count + i, as: Int64?.self) { v[keyPath: path] = n }
            }
            return (v, true)
        }
    }

    static var definition: ResourceDefinition {
        var fields = [
            Field("project", .reference(collection: "projects"), column: "project_id", required: true).owner()
                .immutableAfterCreate()
        ]
        let defaults = Values()
        for (name, path) in Values.ratios {
            fields.append(
                Field(name, .number, summary: "Default \(defaults[keyPath: path])").range(0...100).notFilterable()
            )
        }
        for (name, path) in Values.counts {
            fields.append(
                Field(name, .integer, summary: "Default \(defaults[keyPath: path])").range(1...1_000_000)
                    .notFilterable()
            )
        }
        var d = ResourceDefinition(
            collection: "status-thresholds",
            table: "status_thresholds",
            title: "Status thresholds",
            group: .projects,
            fields: fields,
            rules: { record, _ in
                // Red is further out than amber: under a lower ratio, at a higher count.
                let v = Values(record)
                var issues: [FieldIssue] = []
                for (amber, red) in [("spiAmberBelow", "spiRedBelow"), ("cpiAmberBelow", "cpiRedBelow")] {
                    let a = v[keyPath: Values.ratios.first { $0.0 == amber }!.1]
                    let r = v[keyPath: Values.ratios.first { $0.0 == red }!.1]
                    if r > a {
                        issues.append(
                            FieldIssue(field: red, code: "above_amber", message: "must not be above \(amber) (\(a))")
                        )
                    }
                }
                if v.budgetUsedRedAt < v.budgetUsedAmberAt {
                    issues.append(
                        FieldIssue(
                            field: "budgetUsedRedAt",
                            code: "below_amber",
                            message: "must not be below budgetUsedAmberAt (\(v.budgetUsedAmberAt))"
                        )
                    )
                }
                for (amber, red) in [
                    ("slippedMilestonesAmberAt", "slippedMilestonesRedAt"),
                    ("openChangeRequestsAmberAt", "openChangeRequestsRedAt"),
                ] {
                    let a = v[keyPath: Values.counts.first { $0.0 == amber }!.1]
                    let r = v[keyPath: Values.counts.first { $0.0 == red }!.1]
                    if r < a {
                        issues.append(
                            FieldIssue(field: red, code: "below_amber", message: "must not be below \(amber) (\(a))")
                        )
                    }
                }
                return issues
            }
        )
        d.uniqueTogether = [["project_id"]]
        d.indexes += SchemaSQL.listIndexes(d, since: 61)
        d.migrations = [SchemaSQL.createTable(d, version: 61)]
        return d
    }
}

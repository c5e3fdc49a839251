import Foundation
import Storage
import Testing

@testable import App

/// Every resource's declaration is its table: this compares each declaration with the live schema built by the
/// migrations (`PRAGMA table_xinfo`, `foreign_key_list`, `index_list`, the FTS mirror and its triggers) and
/// fails on any difference, and checks that the generator (`SchemaSQL`) builds exactly the same table from the
/// declaration alone, so the next resource's generated table is what its declaration says.
@Suite struct SchemaConformanceTests {
    struct Column: Hashable, CustomStringConvertible {
        let name: String, type: String, notNull: Bool, defaultValue: String?
        var description: String {
            "\(name) \(type)\(notNull ? " NOT NULL" : "")\(defaultValue.map { " DEFAULT \($0)" } ?? "")"
        }
    }
    struct ForeignKey: Hashable, CustomStringConvertible {
        let from: String, table: String, onDelete: String
        var description: String { "\(from) → \(table) ON DELETE \(onDelete)" }
    }
    struct Index: Hashable, CustomStringConvertible {
        let name: String, columns: [String], unique: Bool, partial: Bool
        var description: String {
            "\(name)(\(columns.joined(separator: ",")))\(unique ? " unique" : "")\(partial ? " partial" : "")"
        }
    }
    struct Shape: Equatable {
        var columns: Set<Column> = []
        var foreignKeys: Set<ForeignKey> = []
        /// Named indexes (CREATE INDEX).
        var indexes: Set<Index> = []
        /// Column lists of UNIQUE constraints.
        var uniques: Set<[String]> = []
        var searchColumns: [String] = []
        var searchTriggers: Set<String> = []
        /// The trigram index of the substring fields (`{table}_trigram`) and its triggers.
        var substringColumns: [String] = []
        var substringTriggers: Set<String> = []
    }

    /// What the declaration says the table is.
    static func declared(_ d: ResourceDefinition) -> Shape {
        var shape = Shape()
        shape.columns = [
            Column(name: "version", type: "INTEGER", notNull: true, defaultValue: "1"),
            Column(name: "created_at", type: "TEXT", notNull: true, defaultValue: nil),
            Column(name: "updated_at", type: "TEXT", notNull: true, defaultValue: nil),
        ]
        if d.key == .serial {
            shape.columns.insert(Column(name: "id", type: "INTEGER", notNull: false, defaultValue: nil))
        }
        for f in d.fields where f.expression == nil {
            shape.columns.insert(
                Column(name: f.column, type: f.sqlType, notNull: f.isNotNull, defaultValue: f.columnDefault)
            )
            if let target = f.referencedCollection {
                shape.foreignKeys.insert(
                    ForeignKey(
                        from: f.column,
                        table: SchemaSQL.tableName(of: target),
                        onDelete: f.cascadeOnDelete ? "CASCADE" : "NO ACTION"
                    )
                )
            }
            if f.isUnique { shape.uniques.insert([f.column]) }
        }
        for u in d.uniqueTogether { shape.uniques.insert(u) }
        shape.indexes = Set(
            d.indexes.map { Index(name: $0.name, columns: $0.columns, unique: $0.unique, partial: $0.condition != nil) }
        )
        shape.searchColumns = d.fields.filter { $0.searchable && $0.expression == nil }.map(\.column)
        if !shape.searchColumns.isEmpty {
            shape.searchTriggers = Set(["insert", "delete", "update"].map { "\(d.table)_fts_\($0)" })
        }
        shape.substringColumns = d.fields.filter { $0.substring && $0.expression == nil }.map(\.column)
        if !shape.substringColumns.isEmpty {
            shape.substringTriggers = Set(["insert", "delete", "update"].map { "\(d.table)_trigram_\($0)" })
        }
        return shape
    }

    /// What the database has.
    static func live(_ db: Database, _ table: String) throws -> Shape {
        var shape = Shape()
        for row in try db.query("SELECT name, type, \"notnull\", dflt_value FROM pragma_table_xinfo(?)", [table]) {
            shape.columns.insert(
                Column(
                    name: try row.get(0, as: String.self),
                    type: try row.get(1, as: String.self),
                    notNull: try row.get(2, as: Int.self) == 1,
                    defaultValue: try row.get(3, as: String?.self)
                )
            )
        }
        for row in try db.query("SELECT \"from\", \"table\", on_delete FROM pragma_foreign_key_list(?)", [table]) {
            shape.foreignKeys.insert(
                ForeignKey(
                    from: try row.get(0, as: String.self),
                    table: try row.get(1, as: String.self),
                    onDelete: try row.get(2, as: String.self)
                )
            )
        }
        for row in try db.query("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)", [table]) {
            let name = try row.get(0, as: String.self)
            let columns = try db.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [name]).map {
                try $0.get(0, as: String.self)
            }
            switch try row.get(2, as: String.self) {
            case "c":
                shape.indexes.insert(
                    Index(
                        name: name,
                        columns: columns,
                        unique: try row.get(1, as: Int.self) == 1,
                        partial: try row.get(3, as: Int.self) == 1
                    )
                )
            case "u": shape.uniques.insert(columns)
            default: break
            }
        }
        for (suffix, path) in [("_fts", \Shape.searchColumns), ("_trigram", \Shape.substringColumns)] {
            let mirror = table + suffix
            // A search index kept outside the engine (careers: CareerIndexer) is not the declaration's.
            if suffix == "_fts", Catalog.definitions.first(where: { $0.table == table })?.searchKeptBy != nil {
                continue
            }
            guard try db.queryOne("SELECT 1 FROM sqlite_master WHERE name = ?", [mirror]) != nil else { continue }
            shape[keyPath: path] = try db.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", [mirror])
                .map { try $0.get(0, as: String.self) }
            let triggers = Set(
                try db.query(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE ?",
                    [table, mirror + "_%"]
                ).map { try $0.get(0, as: String.self) }
            )
            if suffix == "_fts" { shape.searchTriggers = triggers } else { shape.substringTriggers = triggers }
        }
        return shape
    }

    static func compare(_ d: ResourceDefinition, live: Shape, source: String) {
        let want = declared(d)
        func report<T: Hashable & CustomStringConvertible>(_ what: String, _ a: Set<T>, _ b: Set<T>) {
            let missing = a.subtracting(b).map(\.description).sorted()
            let extra = b.subtracting(a).map(\.description).sorted()
            #expect(
                missing.isEmpty && extra.isEmpty,
                "\(d.table) \(what) (\(source)): declared but not there: \(missing); there but not declared: \(extra)"
            )
        }
        report("columns", want.columns, live.columns)
        report("foreign keys", want.foreignKeys, live.foreignKeys)
        report("indexes", want.indexes, live.indexes)
        #expect(
            want.uniques == live.uniques,
            "\(d.table) unique constraints (\(source)): \(want.uniques) vs \(live.uniques)"
        )
        #expect(want.searchColumns == live.searchColumns, "\(d.table) search mirror (\(source))")
        #expect(want.searchTriggers == live.searchTriggers, "\(d.table) search triggers (\(source))")
        #expect(want.substringColumns == live.substringColumns, "\(d.table) trigram index (\(source))")
        #expect(want.substringTriggers == live.substringTriggers, "\(d.table) trigram triggers (\(source))")
    }

    @Test func migrationsBuildWhatEveryDeclarationSays() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("charter-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pool = try DatabasePool(path: dir.appendingPathComponent("db.sqlite").path)
        defer { pool.close() }
        try AppSchema.migrator.migrate(pool)
        try pool.read { db in
            for d in Catalog.definitions { Self.compare(d, live: try Self.live(db, d.table), source: "migrated") }
        }
    }

    @Test func theGeneratorBuildsTheSameTablesFromTheDeclarationsAlone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("charter-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pool = try DatabasePool(path: dir.appendingPathComponent("db.sqlite").path)
        defer { pool.close() }
        try pool.write { db in
            for d in Catalog.definitions { try db.execute(SchemaSQL.createTable(d, version: 1_000_000).sql ?? "") }
        }
        try pool.read { db in
            for d in Catalog.definitions { Self.compare(d, live: try Self.live(db, d.table), source: "generated") }
        }
    }

    /// A reference column leads an index, so that deleting the record it points at (which checks for references
    /// first) is an index probe, not a scan.
    @Test func everyReferenceColumnLeadsAnIndex() {
        for d in Catalog.definitions {
            let leading = Set(d.indexes.compactMap(\.columns.first) + d.uniqueTogether.compactMap(\.first))
            for f in d.fields where f.referencedCollection != nil && f.expression == nil {
                #expect(leading.contains(f.column), "\(d.table).\(f.column) has no index")
            }
        }
    }
}

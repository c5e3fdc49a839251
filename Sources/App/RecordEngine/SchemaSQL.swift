import Storage

/// The SQLite text of a declared resource's table, indexes and search mirror, and the migrations made of them.
/// Everything dialect-specific about resource tables is here (a second engine gets a sibling of this type).
///
/// ```swift
/// d.migrations = [
///     SchemaSQL.createTable(d, version: 30),            // the table, its indexes, its FTS mirror and triggers
///     SchemaSQL.additions(d, version: 31),             // the fields and indexes declared `since(31)`
/// ]
/// ```
/// A generated migration's text is pinned by `MigrationPinTests` once released: a later change to the
/// declaration must come with a new migration (`since`), never an edit to what an old version generated.
public enum SchemaSQL {
    /// The row's integer handle, over the alias `t`: the `id` column, or SQLite's `rowid` for a natural key (a
    /// second engine names its own: a serial column, say).
    static func handle(_ key: ResourceDefinition.Key) -> String {
        key == .serial ? "t.id" : "t.rowid"
    }

    /// `CREATE TABLE` with the system columns and every stored field not added later, then the indexes and the
    /// full-text mirror.
    public static func createTable(_ d: ResourceDefinition, version: Int) -> Migration {
        let fields = d.fields.filter { $0.expression == nil && ($0.addedIn ?? version) <= version }
        var lines = d.key == .serial ? ["id INTEGER PRIMARY KEY"] : []
        lines += ["version INTEGER NOT NULL DEFAULT 1", "created_at TEXT NOT NULL", "updated_at TEXT NOT NULL"]
        lines += fields.map { f in
            f.name == d.keyName && d.key != .serial ? columnDefinition(f) + " PRIMARY KEY" : columnDefinition(f)
        }
        lines += d.uniqueTogether.map { "UNIQUE (\($0.joined(separator: ", ")))" }
        var sql = "CREATE TABLE \(d.table) (\n    \(lines.joined(separator: ",\n    "))\n) STRICT;\n"
        sql += d.indexes.filter { ($0.since ?? version) <= version }.map { createIndex($0, table: d.table) }.joined()
        let searchable = fields.filter(\.searchable).map(\.column)
        if !searchable.isEmpty {
            let prefixed = (d.searchPrefixesSince ?? version) <= version
            sql += searchMirror(table: d.table, columns: searchable, prefixed: prefixed)
        }
        let substring = fields.filter(\.substring).map(\.column)
        if !substring.isEmpty, (d.substringIndexSince ?? version) <= version {
            sql += substringMirror(table: d.table, columns: substring, rebuild: false)
        }
        return Migration(version: version, name: "\(d.collection): table", sql: sql)
    }

    /// The columns and indexes declared `since(version)`, added to an existing table.
    public static func additions(_ d: ResourceDefinition, version: Int, name: String) -> Migration {
        var sql = d.fields.filter { $0.addedIn == version && $0.expression == nil }.map {
            "ALTER TABLE \(d.table) ADD COLUMN \(columnDefinition($0));\n"
        }.joined()
        sql += d.indexes.filter { $0.since == version }.map { createIndex($0, table: d.table) }.joined()
        let substring = d.fields.filter { $0.substring && $0.expression == nil }.map(\.column)
        if !substring.isEmpty, d.substringIndexSince == version {
            sql += substringMirror(table: d.table, columns: substring, rebuild: true)
        }
        let searchable = d.fields.filter { $0.searchable && $0.expression == nil }.map(\.column)
        if !searchable.isEmpty, d.searchPrefixesSince == version {
            // The triggers on the table name the index, not its options: they keep working on the new one.
            let index = d.table + "_fts"
            sql += "DROP TABLE \(index);\n"
            sql += mirrorTable(
                table: d.table,
                index: index,
                columns: searchable,
                options: searchOptions(prefixed: true)
            )
            sql += "INSERT INTO \(index) (\(index)) VALUES ('rebuild');\n"
        }
        return Migration(version: version, name: "\(d.collection): \(name)", sql: sql)
    }

    /// The indexes a list needs beyond the declared ones, each `{table}_by_{column}` on that one column (SQLite
    /// appends the rowid to every index, so it serves `ORDER BY column, id` and keyset cursors over both, either
    /// direction, and an `eq` filter in id order): for `created_at`, `updated_at`, every sortable stored field, and
    /// every filterable one (not `alongside`, not by scan) that no declared index or unique constraint serves.
    /// A declared index serves a filter when it is on that column alone (a partial one `WHERE column IS NOT NULL`
    /// too, since `column = ?` implies it), a sort only when it is on that column alone and not partial.
    public static func listIndexes(_ d: ResourceDefinition, since version: Int) -> [TableIndex] {
        func served(_ column: String, sort: Bool) -> Bool {
            d.indexes.contains { index in
                index.columns == [column]
                    && (index.condition == nil || (!sort && index.condition == "\(column) IS NOT NULL"))
            }
        }
        var columns: [(String, Int)] = [("created_at", version), ("updated_at", version)]
        for f in d.fields where f.expression == nil && !f.isUnique {
            // A field added by a later migration gets its index in that migration.
            let since = max(version, f.addedIn ?? 0)
            if f.sortable && !served(f.column, sort: true) {
                columns.append((f.column, since))
            } else if f.filterable && f.filterAlongside == nil && !f.filterScans && !served(f.column, sort: false) {
                columns.append((f.column, since))
            }
        }
        return columns.map { TableIndex("\(d.table)_by_\($0.0)", on: [$0.0], since: $0.1) }
    }

    /// An FTS5 trigram index over `columns` for substring filters (sqlite.org/fts5.html §4.3.5: `LIKE` and `GLOB`
    /// with at least three characters between wildcards are answered from it), kept in step by triggers like the
    /// search mirror; `rebuild` fills it from an existing table.
    static func substringMirror(table: String, columns: [String], rebuild: Bool) -> String {
        var sql = mirror(
            table: table,
            index: table + "_trigram",
            columns: columns,
            options: "tokenize='trigram', detail='none', columnsize=0"
        )
        if rebuild { sql += "INSERT INTO \(table)_trigram (\(table)_trigram) VALUES ('rebuild');\n" }
        return sql
    }

    /// One column: type, `NOT NULL`, `DEFAULT`, `UNIQUE`, `REFERENCES … ON DELETE CASCADE`.
    static func columnDefinition(_ f: Field) -> String {
        var s = "\(f.column) \(f.sqlType)"
        if f.isNotNull { s += " NOT NULL" }
        if let value = f.columnDefault { s += " DEFAULT \(value)" }
        if f.isUnique { s += f.uniqueIgnoringCase ? " UNIQUE COLLATE NOCASE" : " UNIQUE" }
        if let target = f.referencedCollection {
            // By the naming rule (checked by ResourceDeclarationTests), not by looking the target up: migrations
            // are built while the catalog itself is being built.
            s += " REFERENCES \(tableName(of: target)) (id)"
            if f.cascadeOnDelete { s += " ON DELETE CASCADE" }
        }
        return s
    }

    /// A collection's table: its name in snake case (`work-packages` → `work_packages`).
    public static func tableName(of collection: String) -> String {
        collection.replacingOccurrences(of: "-", with: "_")
    }

    static func createIndex(_ index: TableIndex, table: String) -> String {
        var s =
            "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(index.name) ON \(table) (\(index.columns.joined(separator: ", ")))"
        if let condition = index.condition { s += " WHERE \(condition)" }
        return s + ";\n"
    }

    /// The prefix lengths the full-text indexes keep (sqlite.org/fts5.html §4.2): `q=` asks for every word as a
    /// prefix (`"engineer"*`), which FTS5 answers without a prefix index by merging the postings of every token
    /// starting with it into memory before the first row, so a common word cost in proportion to its matches
    /// (16 ms p50 at 1,000,000 people). With the index for the word's length it streams like one token, and a
    /// page stops after its rows. A word longer than the longest length falls back to the merge: long words
    /// are the rarer ones. Cost: each token is stored once more for each length up to its own (measured in the
    /// README's growth table).
    static let searchPrefixes = "1 2 3 4 5 6 7 8"

    static func searchOptions(prefixed: Bool) -> String {
        "tokenize='unicode61 remove_diacritics 2'" + (prefixed ? ", prefix='\(searchPrefixes)'" : "")
    }

    /// An FTS5 index kept in step with its table by triggers (external content, sqlite.org/fts5.html §4.4.3);
    /// the update trigger fires only when an indexed column changes (renumbering a WBS does not rewrite it).
    /// `prefixed`: with the prefix indexes of `searchPrefixes` (tables whose index came before them have theirs
    /// rebuilt by the migration `searchPrefixesSince` names).
    static func searchMirror(table: String, columns: [String], prefixed: Bool) -> String {
        mirror(table: table, index: table + "_fts", columns: columns, options: searchOptions(prefixed: prefixed))
    }

    /// The external-content FTS5 table `index` over `columns` of `table`, without its triggers.
    private static func mirrorTable(table: String, index: String, columns: [String], options: String) -> String {
        let list = columns.joined(separator: ", ")
        return
            "CREATE VIRTUAL TABLE \(index) USING fts5(\(list), content='\(table)', content_rowid='id', \(options));\n"
    }

    /// An external-content FTS5 table `index` over `columns` of `table`, with the three triggers that keep it in
    /// step (named `{index}_insert`, `_delete`, `_update`; the update one only when an indexed column changes).
    private static func mirror(table: String, index: String, columns: [String], options: String) -> String {
        let list = columns.joined(separator: ", ")
        let new = columns.map { "new.\($0)" }.joined(separator: ", ")
        let old = columns.map { "old.\($0)" }.joined(separator: ", ")
        return mirrorTable(table: table, index: index, columns: columns, options: options) + """
            CREATE TRIGGER \(index)_insert AFTER INSERT ON \(table) BEGIN
                INSERT INTO \(index) (rowid, \(list)) VALUES (new.id, \(new));
            END;
            CREATE TRIGGER \(index)_delete AFTER DELETE ON \(table) BEGIN
                INSERT INTO \(index) (\(index), rowid, \(list)) VALUES ('delete', old.id, \(old));
            END;
            CREATE TRIGGER \(index)_update AFTER UPDATE OF \(list) ON \(table) BEGIN
                INSERT INTO \(index) (\(index), rowid, \(list)) VALUES ('delete', old.id, \(old));
                INSERT INTO \(index) (rowid, \(list)) VALUES (new.id, \(new));
            END;

            """
    }
}

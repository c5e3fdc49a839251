/// SQL for an FTS5 index kept in step with its table by triggers (the update trigger fires only when an indexed
/// column changes: renumbering a WBS, say, does not rewrite the search index) (external content, RFC-free: sqlite.org/fts5.html
/// §4.4.3). Used by migrations; the column list is spelled out there so a released migration never changes.
enum SearchIndex {
    static func sql(table: String, columns: [String]) -> String {
        let list = columns.joined(separator: ", ")
        let new = columns.map { "new.\($0)" }.joined(separator: ", ")
        let old = columns.map { "old.\($0)" }.joined(separator: ", ")
        let fts = table + "_fts"
        return """
            CREATE VIRTUAL TABLE \(fts) USING fts5(\(list), content='\(table)', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
            CREATE TRIGGER \(table)_fts_insert AFTER INSERT ON \(table) BEGIN
                INSERT INTO \(fts) (rowid, \(list)) VALUES (new.id, \(new));
            END;
            CREATE TRIGGER \(table)_fts_delete AFTER DELETE ON \(table) BEGIN
                INSERT INTO \(fts) (\(fts), rowid, \(list)) VALUES ('delete', old.id, \(old));
            END;
            CREATE TRIGGER \(table)_fts_update AFTER UPDATE OF \(list) ON \(table) BEGIN
                INSERT INTO \(fts) (\(fts), rowid, \(list)) VALUES ('delete', old.id, \(old));
                INSERT INTO \(fts) (rowid, \(list)) VALUES (new.id, \(new));
            END;
            """
    }
}

import Testing

@testable import App

/// Rules every declaration must follow, checked over the whole catalog so a new resource cannot forget them.
@Suite struct ResourceDeclarationTests {
    /// A derived field that reads another collection's table must say so (`reads:`), or record and list ETags
    /// would not change when that table does.
    @Test func derivedFieldsDeclareTheCollectionsTheyRead() {
        for definition in Catalog.definitions {
            for field in definition.fields {
                guard let sql = field.expression else { continue }
                for other in Catalog.definitions where other.collection != definition.collection {
                    let mentions =
                        sql.range(of: "FROM \(other.table) ") != nil || sql.hasSuffix("FROM \(other.table)")
                        || sql.range(of: "JOIN \(other.table) ") != nil
                    if mentions {
                        #expect(
                            field.derivedReads.contains(other.collection),
                            "\(definition.collection).\(field.name) reads \(other.table) but does not declare it"
                        )
                    }
                }
                if sql.contains("'now'") {
                    #expect(field.readsToday, "\(definition.collection).\(field.name) uses the date but says not")
                }
            }
        }
    }

    /// Tables are named after their collections (`work-packages` → `work_packages`): the generator relies on it to
    /// write a reference's `REFERENCES` clause while the catalog is still being built.
    @Test func tablesAreNamedAfterTheirCollections() {
        for d in Catalog.definitions {
            #expect(d.table == SchemaSQL.tableName(of: d.collection), "\(d.collection) lives in \(d.table)")
        }
    }
}

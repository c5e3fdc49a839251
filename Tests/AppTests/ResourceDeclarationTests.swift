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
    /// (Resources with a natural key, whose tables predate the engine, are exempt: no reference field may name
    /// them, which the test checks.)
    @Test func tablesAreNamedAfterTheirCollections() {
        for d in Catalog.definitions where d.key == .serial {
            #expect(d.table == SchemaSQL.tableName(of: d.collection), "\(d.collection) lives in \(d.table)")
        }
        let natural = Set(Catalog.definitions.filter { $0.key != .serial }.map(\.collection))
        for d in Catalog.definitions {
            for f in d.fields {
                #expect(
                    !natural.contains(f.referencedCollection ?? ""),
                    "\(d.collection).\(f.name) refers to \(f.referencedCollection ?? ""), which has a natural key"
                )
            }
        }
    }
}

import HTTPCore
import Storage

/// Every declared resource, by collection, with the references between them worked out once.
struct ResourceRegistry: Sendable {
    let definitions: [ResourceDefinition]
    private let byCollection: [String: ResourceDefinition]
    /// For each collection, the fields elsewhere that refer to it.
    private let inbound: [String: [(definition: ResourceDefinition, field: Field)]]

    init(_ definitions: [ResourceDefinition]) {
        self.definitions = definitions
        byCollection = Dictionary(uniqueKeysWithValues: definitions.map { ($0.collection, $0) })
        var inbound: [String: [(ResourceDefinition, Field)]] = [:]
        for d in definitions {
            for f in d.fields where !f.cascadeOnDelete {
                if let target = f.referencedCollection { inbound[target, default: []].append((d, f)) }
            }
        }
        self.inbound = inbound
    }

    func definition(_ collection: String) -> ResourceDefinition? { byCollection[collection] }

    func store(_ definition: ResourceDefinition) -> ResourceStore {
        ResourceStore(definition: definition, registry: self)
    }

    /// A record that others refer to cannot be deleted: 409 saying where it is referenced.
    func checkNotReferenced(_ db: Database, _ definition: ResourceDefinition, id: Int64) throws {
        var places: [String] = []
        for (other, field) in inbound[definition.collection] ?? [] {
            let n =
                try db.scalar(
                    Int.self,
                    "SELECT count(*) FROM \(other.table) WHERE \(field.column) = ?",
                    [SQLiteValue.integer(id)]
                )
            if n > 0 { places.append("\(n) \(other.collection) (\(field.name))") }
        }
        guard places.isEmpty else {
            throw DomainError.stillReferenced(
                "\(definition.title.lowercased()) \(id) is still referenced by \(places.joined(separator: ", ")); change or delete those first"
            )
        }
    }
}

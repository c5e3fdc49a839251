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

    /// For each collection, the references elsewhere that follow it into deletion (`ON DELETE CASCADE`).
    private var followers: [String: [(definition: ResourceDefinition, field: Field)]] {
        var out: [String: [(ResourceDefinition, Field)]] = [:]
        for d in definitions {
            for f in d.fields where f.cascadeOnDelete {
                if let target = f.referencedCollection { out[target, default: []].append((d, f)) }
            }
        }
        return out
    }

    /// The records that deleting `ids` of `definition` removes with them, transitively (a package's sub-packages,
    /// their dependencies), read before the delete so each can be journaled.
    func cascade(
        _ db: Database,
        from definition: ResourceDefinition,
        ids: [Int64]
    ) throws -> [(ResourceDefinition, Record)] {
        let followers = followers
        var out: [(ResourceDefinition, Record)] = []
        var seen: Set<String> = []
        var pending: [(ResourceDefinition, [Int64])] = [(definition, ids)]
        while let (current, parents) = pending.popLast() {
            for (other, field) in followers[current.collection] ?? [] where !parents.isEmpty {
                var found: [Int64] = []
                for chunk in stride(from: 0, to: parents.count, by: 500).map({
                    Array(parents[$0..<min($0 + 500, parents.count)])
                }) {
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    try db.forEach(
                        "SELECT \(other.selectList) FROM \(other.table) t WHERE t.\(field.column) IN (\(marks))",
                        StatementArguments(chunk.map { SQLiteValue.integer($0) })
                    ) { row in
                        let record = try Record(row: row, definition: other)
                        if seen.insert("\(other.collection)/\(record.id)").inserted {
                            out.append((other, record))
                            found.append(record.id)
                        }
                    }
                }
                if !found.isEmpty { pending.append((other, found)) }
            }
        }
        return out
    }
}

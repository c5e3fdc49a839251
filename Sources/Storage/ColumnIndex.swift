/// The column names of a result set and a lookup from name to position, shared by all its rows.
///
/// Lookup is exact first, then ASCII case-insensitive, as SQLite treats identifiers. When two columns have the
/// same name (a join without aliases), the first one wins: alias them in SQL to reach the others by name.
final class ColumnIndex: Sendable {
    /// Column names in result order.
    let names: [String]
    private let exact: [String: Int]
    private let folded: [String: Int]

    init(names: [String]) {
        self.names = names
        var exact = [String: Int](minimumCapacity: names.count)
        var folded = [String: Int](minimumCapacity: names.count)
        for (index, name) in names.enumerated().reversed() {
            exact[name] = index
            folded[Self.fold(name)] = index
        }
        self.exact = exact
        self.folded = folded
    }

    /// The position of the column called `name`, or nil.
    func index(of name: String) -> Int? {
        if let index = exact[name] { return index }
        return folded[Self.fold(name)]
    }

    /// ASCII lowercase, as SQLite compares identifiers.
    private static func fold(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return name }
        return String(decoding: name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}

extension ColumnIndex: Equatable {
    static func == (lhs: ColumnIndex, rhs: ColumnIndex) -> Bool { lhs === rhs || lhs.names == rhs.names }
}

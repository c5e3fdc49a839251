import Foundation
import Storage
import Testing

/// Rows read in place give what `Row` copies out.
@Suite struct RowCursorTests {
    @Test func readsEachStorageClassInPlace() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, n TEXT)")
        try db.execute(
            "INSERT INTO t VALUES (?, ?, ?, ?, NULL), (-7, 0.25, '', x'', NULL)",
            [Int64.max, 1.5, "tab\t\"é中", [UInt8]([1, 2])]
        )
        var seen: [[String]] = []
        try db.forEachInPlace("SELECT i, d, s, b, n FROM t ORDER BY rowid") { row in
            seen.append([
                "\(row.type(0)) \(row.int64(0))", "\(row.type(1)) \(row.double(1))",
                "\(row.type(2)) " + row.withText(2) { String(decoding: $0, as: UTF8.self) },
                "\(row.type(3))", "\(row.type(4)) " + row.withText(4) { String($0.count) },
            ])
        }
        #expect(
            seen == [
                ["integer 9223372036854775807", "double 1.5", "text tab\t\"é中", "blob", "null 0"],
                ["integer -7", "double 0.25", "text ", "blob", "null 0"],
            ]
        )
    }
}

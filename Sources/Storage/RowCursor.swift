import CSQLite

/// The current row of a running statement, read where SQLite keeps it. Valid only inside the `forEachInPlace`
/// body that received it, for the row being visited: text pointers die at the next step. `Row` copies every value
/// out; this is for large reads that go straight into a response (10,000 WBS rows: no String per text column).
public struct RowCursor {
    /// SQLite's storage class of a column's value in this row.
    public enum ColumnType: Sendable {
        case integer, double, text, blob, null
    }

    let handle: OpaquePointer

    public func type(_ index: Int) -> ColumnType {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .double
        case SQLITE_TEXT: .text
        case SQLITE_BLOB: .blob
        default: .null
        }
    }

    public func int64(_ index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }

    public func double(_ index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }

    /// The column's text as UTF-8 bytes, valid during `body` only.
    public func withText<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        guard let text = sqlite3_column_text(handle, Int32(index)) else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeBufferPointer(start: text, count: count))
    }
}

@available(*, unavailable)
extension RowCursor: Sendable {}

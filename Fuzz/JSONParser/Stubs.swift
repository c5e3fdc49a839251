// What JSONValue.swift needs from HTTPCore and Storage, reduced to the names it uses: run.sh compiles a copy of
// it without those imports, so the fuzz target builds from a handful of files.
struct HTTPError: Error {
    enum Status { case badRequest }
    init(_ status: Status, _ detail: String) {}
}

public enum SQLiteValue {
    case null
    case blob([UInt8])
    case integer(Int64)
    case double(Double)
    case text(String)
}

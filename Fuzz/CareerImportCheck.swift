// Shared by the career-page and onet-table targets (Fuzz/run.sh compiles it into both).

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant violated: \(message())") }
}

/// Parses with `parse`, or checks that it failed the one way a career import may: `CareerImportError.malformed`
/// naming the file `fuzz.txt` with a message. Returns nil after a failure.
func parseOrMalformed<T>(_ parse: () throws -> T) -> T? {
    do {
        return try parse()
    } catch let error as CareerImportError {
        guard case .malformed(let file, let message, _) = error else {
            check(false, "unexpected error \(error)")
            return nil
        }
        check(file == "fuzz.txt" && !message.isEmpty, "error without file or message: \(error)")
    } catch {
        check(false, "untyped error \(error)")
    }
    return nil
}

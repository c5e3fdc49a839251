import Foundation

/// A fresh directory under the system temp directory for one test, removed with everything in it afterwards.
struct TemporaryDirectory {
    let path: String

    /// Creates the directory, runs `body` with it, and removes it (even when `body` throws).
    static func with<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
        let base = NSTemporaryDirectory() + "charter-storage-tests-XXXXXX"
        var template = Array(base.utf8CString)
        guard let created = mkdtemp(&template) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let directory = TemporaryDirectory(path: String(cString: created))
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        return try body(directory)
    }

    /// A path inside the directory.
    func file(_ name: String = "test.sqlite") -> String { path + "/" + name }

    /// The names of the files in the directory, sorted.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }
}

/// A value shared between test threads, behind a lock.
final class Locked<Value>: @unchecked Sendable {  // @unchecked: `value` is only touched while holding `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}

/// Runs `body` on a new thread (not the cooperative pool, so blocking is fine) and returns a semaphore that is
/// signalled when it finishes.
func startThread(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        body()
        done.signal()
    }
    thread.start()
    return done
}

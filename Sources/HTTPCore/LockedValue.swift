#if canImport(Glibc)
import Glibc
#endif

/// A value behind a `pthread_mutex_t`, for state that threads contend for on every request (the worker queue, a
/// loop's mailbox).
///
/// Why not `Synchronization.Mutex`: on Linux a contended `Mutex` is taken inside the uninstrumented runtime
/// (futex), so the thread sanitizer, which CI runs, sees no happens-before and reports races on the protected
/// value; pthread mutexes are intercepted by it. Uncontended, both cost an atomic exchange each way.
// @unchecked: `value` is only touched while `mutex` is held.
public final class LockedValue<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

#ifndef CHARTER_CSQLITE_SHIM_H
#define CHARTER_CSQLITE_SHIM_H
#include <sqlite3.h>
#include <stdint.h>
#include <time.h>

/// SQLITE_TRANSIENT is a cast macro that Swift cannot import: SQLite copies the bound bytes.
static inline sqlite3_destructor_type charter_sqlite_transient(void) { return SQLITE_TRANSIENT; }
/// sqlite3_db_config is variadic; these are the calls Storage needs.
static inline int charter_sqlite_db_config_int(sqlite3 *db, int op, int value, int *out) {
    return sqlite3_db_config(db, op, value, out);
}
/// sqlite3_config is variadic too. SQLITE_CONFIG_MEMSTATUS off: no global mutex around every SQLite malloc and
/// free (7% of a large read in `perf`). Only valid before sqlite3_initialize; SQLITE_MISUSE after it.
static inline int charter_sqlite_config_memstatus(int on) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, on); }
/// Progress handler: interrupts the running statement (SQLITE_INTERRUPT) once CLOCK_MONOTONIC has passed the
/// deadline, in nanoseconds, that `ctx` carries as its value (no allocation, nothing to free).
static inline int charter_sqlite_deadline_progress(void *ctx) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    return now >= (uint64_t)(uintptr_t)ctx;
}
/// Sets a connection's deadline (CLOCK_MONOTONIC nanoseconds, checked about every 1,000 virtual-machine steps),
/// or clears it with 0.
static inline void charter_sqlite_set_deadline(sqlite3 *db, uint64_t deadline) {
    if (deadline == 0) {
        sqlite3_progress_handler(db, 0, 0, 0);
    } else {
        sqlite3_progress_handler(db, 1000, charter_sqlite_deadline_progress, (void *)(uintptr_t)deadline);
    }
}
#endif

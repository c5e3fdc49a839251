#ifndef CHARTER_CSQLITE_SHIM_H
#define CHARTER_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a cast macro that Swift cannot import: SQLite copies the bound bytes.
static inline sqlite3_destructor_type charter_sqlite_transient(void) { return SQLITE_TRANSIENT; }
/// sqlite3_db_config is variadic; these are the calls Storage needs.
static inline int charter_sqlite_db_config_int(sqlite3 *db, int op, int value, int *out) {
    return sqlite3_db_config(db, op, value, out);
}
/// sqlite3_config is variadic too. SQLITE_CONFIG_MEMSTATUS off: no global mutex around every SQLite malloc and
/// free (7% of a large read in `perf`). Only valid before sqlite3_initialize; SQLITE_MISUSE after it.
static inline int charter_sqlite_config_memstatus(int on) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, on); }
#endif

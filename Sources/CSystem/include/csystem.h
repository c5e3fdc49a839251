#ifndef CHARTER_CSYSTEM_H
#define CHARTER_CSYSTEM_H
#include <stdint.h>
#include <stddef.h>

/// Event bits, as epoll defines them (re-exported so Swift needs no <sys/epoll.h>).
extern const uint32_t charter_EPOLLIN;
extern const uint32_t charter_EPOLLOUT;
extern const uint32_t charter_EPOLLRDHUP;
extern const uint32_t charter_EPOLLHUP;
extern const uint32_t charter_EPOLLERR;
extern const uint32_t charter_EPOLLET;

/// One ready file descriptor, unpacked from the kernel's packed epoll_event.
typedef struct {
    int32_t fd;
    uint32_t events;
} charter_event;

int charter_epoll_create(void);
/// Adds `fd` with `events`; the event's data is the fd itself. Returns 0 or -1 with errno set.
int charter_epoll_add(int epfd, int fd, uint32_t events);
int charter_epoll_mod(int epfd, int fd, uint32_t events);
int charter_epoll_del(int epfd, int fd);
/// Waits up to `timeout_ms` (0: poll) and unpacks at most `max` events into `out`. Returns the count or -1.
int charter_epoll_wait(int epfd, charter_event *out, int max, int timeout_ms);
/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
int charter_accept_nonblocking(int fd);
/// Bytes found by memmem, or -1.
ptrdiff_t charter_memmem(const void *haystack, size_t hlen, const void *needle, size_t nlen);
/// Fixes glibc malloc's mmap threshold at `bytes` (mallopt M_MMAP_THRESHOLD), unless the operator set one
/// (`MALLOC_MMAP_THRESHOLD_` or `GLIBC_TUNABLES` in the environment). Returns 1 when set, 0 when left alone.
int charter_malloc_fix_mmap_threshold(int bytes);
/// Formats `t` (seconds since the epoch, UTC) as an IMF-fixdate into `out` (at least 30 bytes). Returns the length.
int charter_http_date(int64_t t, char *out, size_t cap);
/// Parses an IMF-fixdate; returns seconds since the epoch or -1.
int64_t charter_parse_http_date(const char *s);
/// Raises the soft open-files limit to the hard limit; returns the new soft limit.
int64_t charter_raise_nofile_limit(void);
/// CPUs this process may run on (sched_getaffinity), so `taskset -c 1` counts as one.
int charter_available_cpus(void);
#endif

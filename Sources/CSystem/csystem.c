#define _GNU_SOURCE
#include "csystem.h"
#include <errno.h>
#include <malloc.h>
#include <string.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

const uint32_t charter_EPOLLIN = EPOLLIN;
const uint32_t charter_EPOLLOUT = EPOLLOUT;
const uint32_t charter_EPOLLRDHUP = EPOLLRDHUP;
const uint32_t charter_EPOLLHUP = EPOLLHUP;
const uint32_t charter_EPOLLERR = EPOLLERR;
const uint32_t charter_EPOLLET = EPOLLET;

int charter_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static int ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = events;
    ev.data.fd = fd;
    return epoll_ctl(epfd, op, fd, &ev);
}

int charter_epoll_add(int epfd, int fd, uint32_t events) { return ctl(epfd, EPOLL_CTL_ADD, fd, events); }
int charter_epoll_mod(int epfd, int fd, uint32_t events) { return ctl(epfd, EPOLL_CTL_MOD, fd, events); }
int charter_epoll_del(int epfd, int fd) { return ctl(epfd, EPOLL_CTL_DEL, fd, 0); }

int charter_epoll_wait(int epfd, charter_event *out, int max, int timeout_ms) {
    struct epoll_event evs[256];
    if (max > 256) max = 256;
    int n;
    do { n = epoll_wait(epfd, evs, max, timeout_ms); } while (n < 0 && errno == EINTR);
    for (int i = 0; i < n; i++) {
        out[i].fd = evs[i].data.fd;
        out[i].events = evs[i].events;
    }
    return n;
}

int charter_accept_nonblocking(int fd) {
    int c;
    do { c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC); } while (c < 0 && errno == EINTR);
    return c;
}

ptrdiff_t charter_memmem(const void *haystack, size_t hlen, const void *needle, size_t nlen) {
    const char *p = memmem(haystack, hlen, needle, nlen);
    return p ? (ptrdiff_t)(p - (const char *)haystack) : -1;
}

int charter_malloc_fix_mmap_threshold(int bytes) {
    if (getenv("MALLOC_MMAP_THRESHOLD_") != NULL || getenv("GLIBC_TUNABLES") != NULL) return 0;
    return mallopt(M_MMAP_THRESHOLD, bytes);
}

int charter_http_date(int64_t t, char *out, size_t cap) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return (int)strftime(out, cap, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

int64_t charter_parse_http_date(const char *s) {
    /* RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must also accept. */
    static const char *formats[] = {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        const char *end = strptime(s, formats[i], &tm);
        if (end != NULL && *end == '\0') return (int64_t)timegm(&tm);
    }
    return -1;
}

int64_t charter_raise_nofile_limit(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    return (int64_t)rl.rlim_cur;
}

int charter_available_cpus(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
    int n = CPU_COUNT(&set);
    return n > 0 ? n : 1;
}

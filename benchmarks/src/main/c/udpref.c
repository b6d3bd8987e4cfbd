/*
 * udpref.c - the kernel's own loopback limit, as a node of udpkit's benchmark harness.
 *
 * The harness compiles this file with gcc at run time (benchmarks/target/cref/udpref) and drives it with the same
 * line protocol as its Java nodes (harness/Node.java):
 *
 *   udpref recv  MODE SIZE WARMUP_MS WINDOW_MS        prints READY <port>, WINDOW <n> <ns> <cpu_ns>, RESULT <n>
 *   udpref flood MODE SIZE PORT WARMUP_MS WINDOW_MS   prints READY 0, WINDOW ..., RESULT <sent>
 *
 * and a line STOP on stdin ends the run. MODE for recv: mrecv (recvmmsg, 64 per call) or grecv (UDP_GRO, recvmsg
 * into 64 KiB, datagrams counted by the segment size in the control message). MODE for flood: msend (sendmmsg, 64
 * per call) or gsend (sendmsg with UDP_SEGMENT: as many SIZE-byte datagrams per call as fit 65,507 bytes, 64 at most).
 * Traffic goes to 127.0.0.1 only. One worker thread does the I/O; the main thread keeps time and reads stdin. The
 * receiver's worker is stopped the way udpkit's native engine stops one: shutdown(SHUT_RD) wakes the blocked call.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif
#ifndef SOL_UDP
#define SOL_UDP 17
#endif

enum { BATCH = 64, GRO_BUFFER = 65536, MAX_GSO_BYTES = 65507 };

static atomic_ullong count;
static atomic_int stopping;
static int sock = -1;
static int size;
static const char *mode;

static uint64_t clock_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void fail(const char *what) {
    printf("ERROR %s: %s\n", what, strerror(errno));
    fflush(stdout);
    exit(1);
}

static void say(const char *line) {
    puts(line);
    fflush(stdout);
}

static struct sockaddr_in loopback(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static void *receive_mmsg(void *unused) {
    (void)unused;
    static char buffers[BATCH][GRO_BUFFER];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    memset(msgs, 0, sizeof(msgs));
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = buffers[i];
        iov[i].iov_len = (size_t)(size > 0 ? size : 1);
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    while (!atomic_load(&stopping)) {
        int n = recvmmsg(sock, msgs, BATCH, MSG_WAITFORONE, NULL);
        if (n < 0 && errno != EINTR) fail("recvmmsg");
        if (atomic_load(&stopping)) break;
        if (n > 0) atomic_fetch_add(&count, (unsigned long long)n);
    }
    return NULL;
}

static void *receive_gro(void *unused) {
    (void)unused;
    static char buffer[GRO_BUFFER];
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { .iov_base = buffer, .iov_len = sizeof(buffer) };
    while (!atomic_load(&stopping)) {
        struct msghdr m;
        memset(&m, 0, sizeof(m));
        m.msg_iov = &iov;
        m.msg_iovlen = 1;
        m.msg_control = control;
        m.msg_controllen = sizeof(control);
        ssize_t n = recvmsg(sock, &m, 0);
        if (n < 0 && errno != EINTR) fail("recvmsg");
        if (atomic_load(&stopping)) break;
        if (n < 0) continue;
        int segment = 0;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
            if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) memcpy(&segment, CMSG_DATA(c), sizeof(int));
        }
        unsigned long long datagrams = segment > 0 && n > segment ? (unsigned long long)((n + segment - 1) / segment)
                                                                 : 1ull;
        atomic_fetch_add(&count, datagrams);
    }
    return NULL;
}

static void *send_mmsg(void *unused) {
    (void)unused;
    static char payload[MAX_GSO_BYTES];
    memset(payload, 'u', sizeof(payload));
    struct mmsghdr msgs[BATCH];
    struct iovec iov = { .iov_base = payload, .iov_len = (size_t)size };
    memset(msgs, 0, sizeof(msgs));
    for (int i = 0; i < BATCH; i++) {
        msgs[i].msg_hdr.msg_iov = &iov;
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    while (!atomic_load(&stopping)) {
        int n = sendmmsg(sock, msgs, BATCH, 0);
        if (n > 0) atomic_fetch_add(&count, (unsigned long long)n);
        else if (errno != EINTR && errno != ECONNREFUSED && errno != ENOBUFS) fail("sendmmsg");
    }
    return NULL;
}

static void *send_gso(void *unused) {
    (void)unused;
    static char payload[MAX_GSO_BYTES];
    memset(payload, 'u', sizeof(payload));
    int per_call = size > 0 ? MAX_GSO_BYTES / size : 1;
    if (per_call > BATCH) per_call = BATCH;
    if (per_call < 1) per_call = 1;
    struct iovec iov = { .iov_base = payload, .iov_len = (size_t)per_call * (size_t)size };
    union { char bytes[CMSG_SPACE(sizeof(uint16_t))]; struct cmsghdr align; } control;
    struct msghdr m;
    memset(&m, 0, sizeof(m));
    memset(&control, 0, sizeof(control));
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    if (per_call > 1) {
        m.msg_control = control.bytes;
        m.msg_controllen = sizeof(control.bytes);
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_UDP;
        c->cmsg_type = UDP_SEGMENT;
        c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
        uint16_t segment = (uint16_t)size;
        memcpy(CMSG_DATA(c), &segment, sizeof(segment));
    }
    while (!atomic_load(&stopping)) {
        if (sendmsg(sock, &m, 0) >= 0) atomic_fetch_add(&count, (unsigned long long)per_call);
        else if (errno != EINTR && errno != ECONNREFUSED && errno != ENOBUFS) fail("sendmsg UDP_SEGMENT");
    }
    return NULL;
}

static void sleep_ms(long ms) {
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

/* Sleeps through the warm-up, then reports datagrams, wall time and process CPU time over the window. */
static void window(long warmup_ms, long window_ms) {
    sleep_ms(warmup_ms);
    unsigned long long c0 = atomic_load(&count);
    uint64_t cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID), t0 = clock_ns(CLOCK_MONOTONIC);
    sleep_ms(window_ms);
    unsigned long long c1 = atomic_load(&count);
    uint64_t cpu1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID), t1 = clock_ns(CLOCK_MONOTONIC);
    printf("WINDOW %llu %llu %llu\n", c1 - c0, (unsigned long long)(t1 - t0), (unsigned long long)(cpu1 - cpu0));
    fflush(stdout);
}

static void await_stop(void) {
    char line[64];
    while (fgets(line, sizeof(line), stdin) != NULL) {
        if (strncmp(line, "STOP", 4) == 0) return;
    }
}

static int usage(void) {
    fprintf(stderr, "usage: udpref recv mrecv|grecv SIZE WARMUP_MS WINDOW_MS\n"
                    "       udpref flood msend|gsend SIZE PORT WARMUP_MS WINDOW_MS\n");
    return 2;
}

static int run_recv(long warmup_ms, long window_ms) {
    int gro = strcmp(mode, "grecv") == 0;
    if (!gro && strcmp(mode, "mrecv") != 0) return usage();
    sock = socket(AF_INET, SOCK_DGRAM, 0);
    if (sock < 0) fail("socket");
    int rcvbuf = 4 << 20, one = 1;
    if (setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) < 0) fail("SO_RCVBUF");
    if (gro && setsockopt(sock, SOL_UDP, UDP_GRO, &one, sizeof(one)) < 0) fail("UDP_GRO");
    struct sockaddr_in a = loopback(0);
    socklen_t len = sizeof(a);
    if (bind(sock, (struct sockaddr *)&a, sizeof(a)) < 0) fail("bind");
    if (getsockname(sock, (struct sockaddr *)&a, &len) < 0) fail("getsockname");
    pthread_t worker;
    if (pthread_create(&worker, NULL, gro ? receive_gro : receive_mmsg, NULL) != 0) fail("pthread_create");
    printf("READY %d\n", ntohs(a.sin_port));
    fflush(stdout);
    uint64_t deadline = clock_ns(CLOCK_MONOTONIC) + 30000000000ull;
    while (atomic_load(&count) == 0) {
        if (clock_ns(CLOCK_MONOTONIC) > deadline) {
            say("ERROR no datagram within 30000 ms");
            return 1;
        }
        sleep_ms(1);
    }
    window(warmup_ms, window_ms);
    await_stop();
    /* Drain: wait until nothing arrived for 200 ms (at most 5 s), then wake the worker with shutdown. */
    for (int i = 0; i < 25; i++) {
        unsigned long long before = atomic_load(&count);
        sleep_ms(200);
        if (atomic_load(&count) == before) break;
    }
    atomic_store(&stopping, 1);
    shutdown(sock, SHUT_RD); /* ENOTCONN on an unconnected socket, but it wakes the blocked receive */
    pthread_join(worker, NULL);
    printf("RESULT %llu\n", atomic_load(&count));
    fflush(stdout);
    close(sock);
    return 0;
}

static int run_flood(int port, long warmup_ms, long window_ms) {
    int gso = strcmp(mode, "gsend") == 0;
    if (!gso && strcmp(mode, "msend") != 0) return usage();
    if (size < 1 || size > MAX_GSO_BYTES) return usage();
    sock = socket(AF_INET, SOCK_DGRAM, 0);
    if (sock < 0) fail("socket");
    struct sockaddr_in a = loopback(port);
    if (connect(sock, (struct sockaddr *)&a, sizeof(a)) < 0) fail("connect");
    pthread_t worker;
    if (pthread_create(&worker, NULL, gso ? send_gso : send_mmsg, NULL) != 0) fail("pthread_create");
    say("READY 0");
    window(warmup_ms, window_ms);
    await_stop();
    atomic_store(&stopping, 1);
    pthread_join(worker, NULL);
    printf("RESULT %llu\n", atomic_load(&count));
    fflush(stdout);
    close(sock);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4) return usage();
    mode = argv[2];
    size = atoi(argv[3]);
    if (strcmp(argv[1], "recv") == 0 && argc == 6) return run_recv(atol(argv[4]), atol(argv[5]));
    if (strcmp(argv[1], "flood") == 0 && argc == 7) return run_flood(atoi(argv[4]), atol(argv[5]), atol(argv[6]));
    return usage();
}

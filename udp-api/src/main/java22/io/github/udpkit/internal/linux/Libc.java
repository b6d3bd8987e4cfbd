package io.github.udpkit.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The C library's socket calls, bound once through the FFM API. Every handle except {@code strerror} captures
 * {@code errno}: its first argument is a capture segment of {@link #CAPTURE_LAYOUT}, and {@link #errno} reads it.
 *
 * <p>Initialising this class calls restricted methods ({@link Linker#downcallHandle}); {@link LinuxNative} decides
 * first whether native access is enabled, so the JDK never prints its restricted-method warning. Constants are the
 * Linux values (x86_64 and aarch64 share them).
 */
final class Libc {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_BROADCAST = 6;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_REUSEPORT = 15;
    static final int IPPROTO_IP = 0;
    static final int IP_TOS = 1;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int IPV6_TCLASS = 67;
    static final int IPPROTO_UDP = 17;
    static final int UDP_SEGMENT = 103;
    static final int UDP_GRO = 104;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_WAITFORONE = 0x10000;
    static final int SHUT_RDWR = 2;
    static final int MSG_DONTWAIT = 0x40;
    static final short POLLIN = 0x1;
    static final int MSG_ERRQUEUE = 0x2000;

    // Per-datagram metadata and the error queue (<linux/in.h>, <linux/in6.h>, <asm-generic/socket.h>)
    static final int IP_TTL = 2;
    static final int IP_PKTINFO = 8;
    static final int IP_MTU_DISCOVER = 10;
    static final int IP_RECVERR = 11;
    static final int IP_RECVTTL = 12;
    static final int IP_RECVTOS = 13;
    static final int IP_MTU = 14;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MTU_DISCOVER = 23;
    static final int IPV6_MTU = 24;
    static final int IPV6_RECVERR = 25;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_RECVHOPLIMIT = 51;
    static final int IPV6_HOPLIMIT = 52;
    static final int IPV6_RECVTCLASS = 66;
    static final int SO_TIMESTAMPNS = 35;
    static final int SO_RXQ_OVFL = 40;
    static final int SO_MEMINFO = 55;
    /** {@code SK_MEMINFO_DROPS}: the index of the drop count in what {@code SO_MEMINFO} returns. */
    static final int SK_MEMINFO_DROPS = 8;
    /** {@code SK_MEMINFO_VARS}: the number of counters {@code SO_MEMINFO} returns. */
    static final int SK_MEMINFO_VARS = 9;
    static final int SO_EE_ORIGIN_LOCAL = 1;
    static final int SO_EE_ORIGIN_ICMP = 2;
    static final int SO_EE_ORIGIN_ICMP6 = 3;

    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int EPIPE = 32;
    static final int EMSGSIZE = 90;
    static final int ENOPROTOOPT = 92;
    static final int EOPNOTSUPP = 95;
    static final int ENOTCONN = 107;
    static final int ECONNREFUSED = 111;
    static final int EACCES = 13;
    static final int ENONET = 64;
    static final int EPROTO = 71;
    static final int ENETUNREACH = 101;
    static final int EHOSTDOWN = 112;
    static final int EHOSTUNREACH = 113;

    /** The layout of the segment that receives {@code errno}. */
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_INT));
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
            JAVA_INT));
    private static final MethodHandle CONNECT = bind("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
            JAVA_INT));
    private static final MethodHandle GETSOCKNAME = bind("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            ADDRESS, ADDRESS));
    private static final MethodHandle GETPEERNAME = bind("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT = bind("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = bind("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SHUTDOWN = bind("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            JAVA_INT));
    private static final MethodHandle SENDTO = bind("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
            JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDMSG = bind("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
            JAVA_INT));
    private static final MethodHandle SENDMMSG = bind("sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
            JAVA_INT, JAVA_INT));
    private static final MethodHandle RECVMSG = bind("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
            JAVA_INT));
    private static final MethodHandle RECVMMSG = bind("recvmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
            JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG,
            JAVA_INT));
    private static final MethodHandle STRERROR = strerrorHandle();

    private Libc() {
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, ERRNO);
    }

    @SuppressWarnings("restricted")
    private static MethodHandle strerrorHandle() {
        MemorySegment symbol = LIBC.find("strerror")
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no strerror"));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /**
     * Reads the {@code errno} a call left in its capture segment.
     *
     * @param capture the segment passed to the call
     * @return the error number
     */
    static int errno(MemorySegment capture) {
        return capture.get(JAVA_INT, ERRNO_OFFSET);
    }

    /**
     * The C library's text for an error number, with its symbolic name where known:
     * {@code "Address already in use (EADDRINUSE)"}.
     *
     * @param errno the error number
     * @return the message; never {@code null}
     */
    @SuppressWarnings("restricted")
    static String strerror(int errno) {
        String text;
        try {
            MemorySegment p = (MemorySegment) STRERROR.invokeExact(errno);
            text = p.equals(MemorySegment.NULL) ? "error " + errno : p.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw rethrow("strerror", t);
        }
        String name = ErrnoNames.name(errno);
        return name == null ? text + " (errno " + errno + ")" : text + " (" + name + ")";
    }

    static int socket(MemorySegment cs, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(cs, domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow("socket", t);
        }
    }

    static int bind(MemorySegment cs, int fd, MemorySegment addr, int len) {
        try {
            return (int) BIND.invokeExact(cs, fd, addr, len);
        } catch (Throwable t) {
            throw rethrow("bind", t);
        }
    }

    static int connect(MemorySegment cs, int fd, MemorySegment addr, int len) {
        try {
            return (int) CONNECT.invokeExact(cs, fd, addr, len);
        } catch (Throwable t) {
            throw rethrow("connect", t);
        }
    }

    static int getsockname(MemorySegment cs, int fd, MemorySegment addr, MemorySegment lenPtr) {
        try {
            return (int) GETSOCKNAME.invokeExact(cs, fd, addr, lenPtr);
        } catch (Throwable t) {
            throw rethrow("getsockname", t);
        }
    }

    static int getpeername(MemorySegment cs, int fd, MemorySegment addr, MemorySegment lenPtr) {
        try {
            return (int) GETPEERNAME.invokeExact(cs, fd, addr, lenPtr);
        } catch (Throwable t) {
            throw rethrow("getpeername", t);
        }
    }

    static int setsockopt(MemorySegment cs, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) SETSOCKOPT.invokeExact(cs, fd, level, name, value, len);
        } catch (Throwable t) {
            throw rethrow("setsockopt", t);
        }
    }

    static int getsockopt(MemorySegment cs, int fd, int level, int name, MemorySegment value, MemorySegment lenPtr) {
        try {
            return (int) GETSOCKOPT.invokeExact(cs, fd, level, name, value, lenPtr);
        } catch (Throwable t) {
            throw rethrow("getsockopt", t);
        }
    }

    static int close(MemorySegment cs, int fd) {
        try {
            return (int) CLOSE.invokeExact(cs, fd);
        } catch (Throwable t) {
            throw rethrow("close", t);
        }
    }

    static int shutdown(MemorySegment cs, int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(cs, fd, how);
        } catch (Throwable t) {
            throw rethrow("shutdown", t);
        }
    }

    static long sendto(MemorySegment cs, int fd, MemorySegment buf, long len, int flags, MemorySegment addr,
                       int addrLen) {
        try {
            return (long) SENDTO.invokeExact(cs, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow("sendto", t);
        }
    }

    static long sendmsg(MemorySegment cs, int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) SENDMSG.invokeExact(cs, fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow("sendmsg", t);
        }
    }

    static int sendmmsg(MemorySegment cs, int fd, MemorySegment mmsghdrs, int count, int flags) {
        try {
            return (int) SENDMMSG.invokeExact(cs, fd, mmsghdrs, count, flags);
        } catch (Throwable t) {
            throw rethrow("sendmmsg", t);
        }
    }

    static long recvmsg(MemorySegment cs, int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) RECVMSG.invokeExact(cs, fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow("recvmsg", t);
        }
    }

    static int recvmmsg(MemorySegment cs, int fd, MemorySegment mmsghdrs, int count, int flags) {
        try {
            return (int) RECVMMSG.invokeExact(cs, fd, mmsghdrs, count, flags, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow("recvmmsg", t);
        }
    }

    static int poll(MemorySegment cs, MemorySegment pollfds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(cs, pollfds, count, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow("poll", t);
        }
    }

    private static RuntimeException rethrow(String call, Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call " + call + " failed: " + t, t);
    }
}

package io.github.udpkit.internal.linux;

/** Symbolic names of the Linux error numbers a UDP socket can report, for messages. */
final class ErrnoNames {
    private static final String[] NAMES = new String[134];

    static {
        put(1, "EPERM");
        put(2, "ENOENT");
        put(4, "EINTR");
        put(5, "EIO");
        put(9, "EBADF");
        put(11, "EAGAIN");
        put(12, "ENOMEM");
        put(13, "EACCES");
        put(14, "EFAULT");
        put(22, "EINVAL");
        put(24, "EMFILE");
        put(32, "EPIPE");
        put(88, "ENOTSOCK");
        put(89, "EDESTADDRREQ");
        put(90, "EMSGSIZE");
        put(92, "ENOPROTOOPT");
        put(93, "EPROTONOSUPPORT");
        put(95, "EOPNOTSUPP");
        put(97, "EAFNOSUPPORT");
        put(98, "EADDRINUSE");
        put(99, "EADDRNOTAVAIL");
        put(100, "ENETDOWN");
        put(101, "ENETUNREACH");
        put(105, "ENOBUFS");
        put(106, "EISCONN");
        put(107, "ENOTCONN");
        put(111, "ECONNREFUSED");
        put(113, "EHOSTUNREACH");
    }

    private ErrnoNames() {
    }

    private static void put(int errno, String name) {
        NAMES[errno] = name;
    }

    /**
     * The symbolic name of an error number.
     *
     * @param errno the number
     * @return its name, such as {@code EADDRINUSE}, or {@code null} if this table does not know it
     */
    static String name(int errno) {
        return errno >= 0 && errno < NAMES.length ? NAMES[errno] : null;
    }
}

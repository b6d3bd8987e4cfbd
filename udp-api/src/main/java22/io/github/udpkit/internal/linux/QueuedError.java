package io.github.udpkit.internal.linux;

import java.net.InetSocketAddress;

/**
 * One entry of a socket's error queue, as the kernel reported it ({@code struct sock_extended_err}).
 *
 * @param errno the error ({@code ee_errno}), for example {@code ECONNREFUSED} for port unreachable
 * @param origin {@code SO_EE_ORIGIN_LOCAL} (1), {@code _ICMP} (2) or {@code _ICMP6} (3)
 * @param type the ICMP type ({@code ee_type})
 * @param code the ICMP code ({@code ee_code})
 * @param info the MTU for "fragmentation needed" and "packet too big" ({@code ee_info})
 * @param offender who reported it, or {@code null}
 * @param destination where the datagram that caused it was going, or {@code null}
 */
public record QueuedError(int errno, int origin, int type, int code, int info, InetSocketAddress offender,
                          InetSocketAddress destination) {
    /** {@code SO_EE_ORIGIN_LOCAL}. */
    public static final int ORIGIN_LOCAL = Libc.SO_EE_ORIGIN_LOCAL;
    /** {@code SO_EE_ORIGIN_ICMP}. */
    public static final int ORIGIN_ICMP = Libc.SO_EE_ORIGIN_ICMP;
    /** {@code SO_EE_ORIGIN_ICMP6}. */
    public static final int ORIGIN_ICMP6 = Libc.SO_EE_ORIGIN_ICMP6;
    /** {@code EMSGSIZE}: the datagram was larger than the path MTU. */
    public static final int EMSGSIZE = Libc.EMSGSIZE;

    /**
     * Tells whether a failed call's {@code errno} is one an ICMP error leaves pending on a socket with the error queue
     * on ({@code icmp_err_convert} and its IPv6 counterpart): such a failure reports an earlier datagram's error, which
     * the queue holds (or another thread already read from it).
     *
     * @param errno the failed call's error
     * @return {@code true} for port, host, network or protocol unreachable, prohibited, too big, time exceeded and
     *     parameter problem
     */
    public static boolean fromIcmp(int errno) {
        return errno == Libc.ECONNREFUSED || errno == Libc.EHOSTUNREACH || errno == Libc.ENETUNREACH
                || errno == Libc.EMSGSIZE || errno == Libc.EPROTO || errno == Libc.EACCES || errno == Libc.EHOSTDOWN
                || errno == Libc.ENONET || errno == Libc.ENOPROTOOPT;
    }

    /**
     * Returns the C library's text for the error, without its symbolic name ("Connection refused").
     *
     * @return the text
     */
    public String reason() {
        return Libc.strerror(errno).replaceFirst(" \\((E[A-Z0-9]+|errno -?[0-9]+)\\)$", "");
    }
}

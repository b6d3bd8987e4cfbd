package io.github.udpkit.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;

/**
 * Multicast options of a {@link NativeUdpSocket}: group membership always on a named interface, and the sending
 * interface, TTL (hop limit) and loopback. An IPv4 socket takes IPv4 groups ({@code IP_ADD_MEMBERSHIP} with
 * {@code struct ip_mreqn}: group, local address 0, interface index; 12 bytes); an IPv6 socket takes IPv6 groups
 * ({@code IPV6_ADD_MEMBERSHIP} with {@code struct ipv6_mreq}: group, interface index; 20 bytes). A group of the
 * other family is refused before the call, as udpkit refuses it on every platform. May be used from any thread.
 */
public final class Multicast {
    static final int IP_MULTICAST_IF = 32;
    static final int IP_MULTICAST_TTL = 33;
    static final int IP_MULTICAST_LOOP = 34;
    static final int IP_ADD_MEMBERSHIP = 35;
    static final int IP_DROP_MEMBERSHIP = 36;
    static final int IPV6_MULTICAST_IF = 17;
    static final int IPV6_MULTICAST_HOPS = 18;
    static final int IPV6_MULTICAST_LOOP = 19;
    static final int IPV6_ADD_MEMBERSHIP = 20;
    static final int IPV6_DROP_MEMBERSHIP = 21;
    private static final int IP_MREQN_SIZE = 12;
    private static final int IPV6_MREQ_SIZE = 20;

    private final NativeUdpSocket socket;

    Multicast(NativeUdpSocket socket) {
        this.socket = socket;
    }

    /**
     * Joins a group on an interface.
     *
     * @param group the group, of the socket's family
     * @param networkInterface the interface to receive it on
     * @throws NativeSocketException naming the group, the interface and the socket
     * @throws IllegalArgumentException if the group is not multicast or not of the socket's family
     */
    public void join(InetAddress group, NetworkInterface networkInterface) throws NativeSocketException {
        membership(group, networkInterface, true);
    }

    /**
     * Leaves a group joined on an interface.
     *
     * @param group the group
     * @param networkInterface the interface it was joined on
     * @throws NativeSocketException naming the group, the interface and the socket
     * @throws IllegalArgumentException if the group is not multicast or not of the socket's family
     */
    public void leave(InetAddress group, NetworkInterface networkInterface) throws NativeSocketException {
        membership(group, networkInterface, false);
    }

    private void membership(InetAddress group, NetworkInterface ni, boolean join) throws NativeSocketException {
        boolean v6 = socket.af() == Libc.AF_INET6;
        String what = (join ? "join " : "leave ") + group.getHostAddress() + " on " + ni.getName();
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(what + ": not a multicast address");
        }
        if (v6 != group instanceof Inet6Address) {
            throw new IllegalArgumentException(what + ": the group is " + (v6 ? "IPv4" : "IPv6") + " and the socket "
                    + (v6 ? "IPv6" : "IPv4"));
        }
        try (Arena arena = Arena.ofConfined()) {
            byte[] raw = group.getAddress();
            MemorySegment req = arena.allocate(v6 ? IPV6_MREQ_SIZE : IP_MREQN_SIZE, 4);
            MemorySegment.copy(raw, 0, req, JAVA_BYTE, 0, raw.length);
            req.set(JAVA_INT, v6 ? 16 : 8, ni.getIndex());
            int option = v6 ? (join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP)
                    : (join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP);
            socket.setBytes(v6 ? Libc.IPPROTO_IPV6 : Libc.IPPROTO_IP, option, req, what);
        }
    }

    /**
     * Sets the interface multicast datagrams leave from ({@code IP_MULTICAST_IF} with its index, or
     * {@code IPV6_MULTICAST_IF}).
     *
     * @param networkInterface the interface
     * @throws NativeSocketException naming the interface and the socket
     */
    public void setInterface(NetworkInterface networkInterface) throws NativeSocketException {
        String what = "set the multicast interface " + networkInterface.getName();
        if (socket.af() == Libc.AF_INET6) {
            socket.setInt(Libc.IPPROTO_IPV6, IPV6_MULTICAST_IF, networkInterface.getIndex(), "IPV6_MULTICAST_IF");
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment req = arena.allocate(IP_MREQN_SIZE, 4);
            // imr_address: the interface's IPv4 address, as the JDK passes it. With the index alone the kernel picks
            // the source by scope, and a loopback-only interface (host scope) then sends from 0.0.0.0.
            java.util.Collections.list(networkInterface.getInetAddresses()).stream()
                    .filter(a -> a instanceof java.net.Inet4Address).findFirst()
                    .ifPresent(a -> MemorySegment.copy(a.getAddress(), 0, req, JAVA_BYTE, 4, 4));
            req.set(JAVA_INT, 8, networkInterface.getIndex());
            socket.setBytes(Libc.IPPROTO_IP, IP_MULTICAST_IF, req, what);
        }
    }

    /**
     * Sets the multicast TTL ({@code IP_MULTICAST_TTL}) or hop limit ({@code IPV6_MULTICAST_HOPS}).
     *
     * @param ttl 0 to 255; 0 keeps datagrams on this host
     * @throws NativeSocketException naming the option and the socket
     */
    public void setTtl(int ttl) throws NativeSocketException {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl must be between 0 and 255, was " + ttl);
        }
        if (socket.af() == Libc.AF_INET6) {
            socket.setInt(Libc.IPPROTO_IPV6, IPV6_MULTICAST_HOPS, ttl, "IPV6_MULTICAST_HOPS");
        } else {
            socket.setInt(Libc.IPPROTO_IP, IP_MULTICAST_TTL, ttl, "IP_MULTICAST_TTL");
        }
    }

    /**
     * Sets whether this host's own sockets receive what this socket sends to a group.
     *
     * @param on the value
     * @throws NativeSocketException naming the option and the socket
     */
    public void setLoopback(boolean on) throws NativeSocketException {
        if (socket.af() == Libc.AF_INET6) {
            socket.setInt(Libc.IPPROTO_IPV6, IPV6_MULTICAST_LOOP, on ? 1 : 0, "IPV6_MULTICAST_LOOP");
        } else {
            socket.setInt(Libc.IPPROTO_IP, IP_MULTICAST_LOOP, on ? 1 : 0, "IP_MULTICAST_LOOP");
        }
    }
}

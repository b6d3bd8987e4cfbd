package io.github.udpkit.internal.linux;

/**
 * The options of a {@link NativeUdpSocket}, set and read back through {@code setsockopt} / {@code getsockopt}.
 * Failures name the option, the value and the socket: {@code "set SO_RCVBUF = 8388608 on /127.0.0.1:5005: ..."}.
 * May be used from any thread.
 */
public final class NativeSocketOptions {
    private final NativeUdpSocket socket;
    /** The traffic class last set; a per-datagram ECN codepoint keeps its upper six bits (the DSCP). */
    private volatile int trafficClass;

    NativeSocketOptions(NativeUdpSocket socket) {
        this.socket = socket;
    }

    /**
     * Sets {@code SO_RCVBUF} and reads back what the kernel granted (Linux doubles the request and clamps it to
     * {@code net.core.rmem_max}).
     *
     * @param bytes the size asked for
     * @return the effective size
     * @throws NativeSocketException naming the option and the socket
     */
    public int setReceiveBufferSize(int bytes) throws NativeSocketException {
        socket.setInt(Libc.SOL_SOCKET, Libc.SO_RCVBUF, bytes, "SO_RCVBUF");
        return receiveBufferSize();
    }

    /**
     * Returns {@code SO_RCVBUF}.
     *
     * @return the size
     * @throws NativeSocketException if it cannot be read
     */
    public int receiveBufferSize() throws NativeSocketException {
        return socket.getInt(Libc.SOL_SOCKET, Libc.SO_RCVBUF, "SO_RCVBUF");
    }

    /**
     * Sets {@code SO_SNDBUF} and reads back what the kernel granted.
     *
     * @param bytes the size asked for
     * @return the effective size
     * @throws NativeSocketException naming the option and the socket
     */
    public int setSendBufferSize(int bytes) throws NativeSocketException {
        socket.setInt(Libc.SOL_SOCKET, Libc.SO_SNDBUF, bytes, "SO_SNDBUF");
        return sendBufferSize();
    }

    /**
     * Returns {@code SO_SNDBUF}.
     *
     * @return the size
     * @throws NativeSocketException if it cannot be read
     */
    public int sendBufferSize() throws NativeSocketException {
        return socket.getInt(Libc.SOL_SOCKET, Libc.SO_SNDBUF, "SO_SNDBUF");
    }

    /**
     * Sets {@code SO_REUSEADDR}; call before {@link NativeUdpSocket#bind}.
     *
     * @param on the value
     * @throws NativeSocketException naming the option and the socket
     */
    public void setReuseAddress(boolean on) throws NativeSocketException {
        socket.setInt(Libc.SOL_SOCKET, Libc.SO_REUSEADDR, on ? 1 : 0, "SO_REUSEADDR");
    }

    /**
     * Sets {@code SO_REUSEPORT}; call before {@link NativeUdpSocket#bind}.
     *
     * @param on the value
     * @throws NativeSocketException naming the option and the socket
     */
    public void setReusePort(boolean on) throws NativeSocketException {
        socket.setInt(Libc.SOL_SOCKET, Libc.SO_REUSEPORT, on ? 1 : 0, "SO_REUSEPORT");
    }

    /**
     * Sets {@code SO_BROADCAST}.
     *
     * @param on the value
     * @throws NativeSocketException naming the option and the socket
     */
    public void setBroadcast(boolean on) throws NativeSocketException {
        socket.setInt(Libc.SOL_SOCKET, Libc.SO_BROADCAST, on ? 1 : 0, "SO_BROADCAST");
    }

    /**
     * Sets the traffic class: {@code IP_TOS} on an IPv4 socket; {@code IPV6_TCLASS} and, for IPv4 peers of a
     * dual-stack socket, {@code IP_TOS} on an IPv6 socket.
     *
     * @param trafficClass 0 to 255
     * @throws NativeSocketException naming the option and the socket
     */
    public void setTrafficClass(int trafficClass) throws NativeSocketException {
        if (trafficClass < 0 || trafficClass > 255) {
            throw new IllegalArgumentException("trafficClass must be between 0 and 255, was " + trafficClass);
        }
        if (socket.af() == Libc.AF_INET6) {
            socket.setInt(Libc.IPPROTO_IPV6, Libc.IPV6_TCLASS, trafficClass, "IPV6_TCLASS");
        }
        socket.setInt(Libc.IPPROTO_IP, Libc.IP_TOS, trafficClass, "IP_TOS");
        this.trafficClass = trafficClass;
    }

    /**
     * Returns the traffic class ({@code IPV6_TCLASS} on an IPv6 socket, {@code IP_TOS} otherwise).
     *
     * @return the value
     * @throws NativeSocketException if it cannot be read
     */
    public int trafficClass() throws NativeSocketException {
        return socket.af() == Libc.AF_INET6 ? socket.getInt(Libc.IPPROTO_IPV6, Libc.IPV6_TCLASS, "IPV6_TCLASS")
                : socket.getInt(Libc.IPPROTO_IP, Libc.IP_TOS, "IP_TOS");
    }

    /**
     * Turns {@code UDP_GRO} on or off: with it on, the kernel may hand several datagrams of one flow to one read, which
     * only a {@link ReceiveBatch#gro GRO batch} splits back. Receive into a GRO batch while it is on.
     *
     * @param on the value
     * @throws NativeSocketException naming the option and the socket; {@code ENOPROTOOPT} before Linux 5.0
     */
    public void setGro(boolean on) throws NativeSocketException {
        socket.setInt(Libc.IPPROTO_UDP, Libc.UDP_GRO, on ? 1 : 0, "UDP_GRO");
    }

    /**
     * Asks the kernel for the destination address and interface of every datagram ({@code IP_PKTINFO}; on an IPv6
     * socket also {@code IPV6_RECVPKTINFO}, as an IPv4-mapped datagram carries the IPv4 message).
     *
     * @throws NativeSocketException if the kernel refuses
     */
    public void setReceivePacketInfo() throws NativeSocketException {
        both(Libc.IP_PKTINFO, "IP_PKTINFO", Libc.IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO", 1);
    }

    /**
     * Asks for the TTL or hop limit of every datagram ({@code IP_RECVTTL}, {@code IPV6_RECVHOPLIMIT}).
     *
     * @throws NativeSocketException if the kernel refuses
     */
    public void setReceiveTtl() throws NativeSocketException {
        both(Libc.IP_RECVTTL, "IP_RECVTTL", Libc.IPV6_RECVHOPLIMIT, "IPV6_RECVHOPLIMIT", 1);
    }

    /**
     * Asks for the TOS byte or traffic class of every datagram ({@code IP_RECVTOS}, {@code IPV6_RECVTCLASS}).
     *
     * @throws NativeSocketException if the kernel refuses
     */
    public void setReceiveTrafficClass() throws NativeSocketException {
        both(Libc.IP_RECVTOS, "IP_RECVTOS", Libc.IPV6_RECVTCLASS, "IPV6_RECVTCLASS", 1);
    }

    /**
     * Asks for the kernel's arrival time of every datagram, to the nanosecond ({@code SO_TIMESTAMPNS}).
     *
     * @throws NativeSocketException if the kernel refuses
     */
    public void setReceiveTimestamps() throws NativeSocketException {
        socket.setInt(Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS");
    }

    /**
     * Asks for the socket's drop count with every datagram ({@code SO_RXQ_OVFL}).
     *
     * @throws NativeSocketException if the kernel refuses
     */
    public void setReceiveDropCount() throws NativeSocketException {
        socket.setInt(Libc.SOL_SOCKET, Libc.SO_RXQ_OVFL, 1, "SO_RXQ_OVFL");
    }

    /**
     * Turns the error queue on ({@code IP_RECVERR}, {@code IPV6_RECVERR}): ICMP errors for unconnected sends are then
     * reported too, queued for {@link NativeUdpSocket#drainErrors}, and pending errors fail the next receive or send.
     *
     * @throws NativeSocketException if the kernel refuses
     */
    public void setReceiveErrors() throws NativeSocketException {
        both(Libc.IP_RECVERR, "IP_RECVERR", Libc.IPV6_RECVERR, "IPV6_RECVERR", 1);
        socket.receivesErrors = true;
    }

    /**
     * Sets the TTL or hop limit of unicast datagrams ({@code IP_TTL}, {@code IPV6_UNICAST_HOPS}).
     *
     * @param hops 1 to 255
     * @throws NativeSocketException if the kernel refuses
     * @throws IllegalArgumentException if {@code hops} is out of range
     */
    public void setTtl(int hops) throws NativeSocketException {
        if (hops < 1 || hops > 255) {
            throw new IllegalArgumentException("ttl must be between 1 and 255, was " + hops);
        }
        both(Libc.IP_TTL, "IP_TTL", Libc.IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS", hops);
    }

    /**
     * Sets path MTU discovery ({@code IP_MTU_DISCOVER}, {@code IPV6_MTU_DISCOVER}).
     *
     * @param mode {@code IP_PMTUDISC_DONT} (0), {@code _WANT} (1), {@code _DO} (2) or {@code _PROBE} (3)
     * @throws NativeSocketException if the kernel refuses
     */
    public void setPathMtuDiscovery(int mode) throws NativeSocketException {
        if (mode < 0 || mode > 3) {
            throw new IllegalArgumentException("mode must be between 0 and 3, was " + mode);
        }
        both(Libc.IP_MTU_DISCOVER, "IP_MTU_DISCOVER", Libc.IPV6_MTU_DISCOVER, "IPV6_MTU_DISCOVER", mode);
    }

    /**
     * Returns the path MTU of a connected socket ({@code IP_MTU}, {@code IPV6_MTU}).
     *
     * @return the MTU in bytes of IP packet
     * @throws NativeSocketException if the socket is not connected ({@code ENOTCONN}) or the kernel refuses
     */
    public int pathMtu() throws NativeSocketException {
        return socket.af() == Libc.AF_INET6 ? socket.getInt(Libc.IPPROTO_IPV6, Libc.IPV6_MTU, "IPV6_MTU")
                : socket.getInt(Libc.IPPROTO_IP, Libc.IP_MTU, "IP_MTU");
    }

    /**
     * Returns how many datagrams the kernel dropped for this socket since it opened ({@code SO_MEMINFO}), exact and
     * without reading {@code /proc}.
     *
     * @return the drop count, an unsigned 32-bit counter
     * @throws NativeSocketException if the kernel refuses
     */
    public long drops() throws NativeSocketException {
        return socket.memInfo(Libc.SK_MEMINFO_DROPS);
    }

    /**
     * Returns the traffic class last set with {@link #setTrafficClass}, without a system call.
     *
     * @return 0 to 255; 0 if never set
     */
    public int lastTrafficClass() {
        return trafficClass;
    }

    /** Sets the IPv4 option and, on an IPv6 socket, the IPv6 one too: dual-stack sockets carry both kinds. */
    private void both(int ipv4, String ipv4Name, int ipv6, String ipv6Name, int value) throws NativeSocketException {
        if (socket.af() == Libc.AF_INET6) {
            socket.setInt(Libc.IPPROTO_IPV6, ipv6, value, ipv6Name);
        }
        socket.setInt(Libc.IPPROTO_IP, ipv4, value, ipv4Name);
    }
}

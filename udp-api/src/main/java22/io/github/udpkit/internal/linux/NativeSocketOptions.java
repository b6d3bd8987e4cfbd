package io.github.udpkit.internal.linux;

/**
 * The options of a {@link NativeUdpSocket}, set and read back through {@code setsockopt} / {@code getsockopt}.
 * Failures name the option, the value and the socket: {@code "set SO_RCVBUF = 8388608 on /127.0.0.1:5005: ..."}.
 * May be used from any thread.
 */
public final class NativeSocketOptions {
    private final NativeUdpSocket socket;

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
}

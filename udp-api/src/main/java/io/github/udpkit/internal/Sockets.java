package io.github.udpkit.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Socket set-up shared by senders and receivers: families, options read back, interfaces. */
public final class Sockets {
    /** Reads and writes a socket's options, whatever engine the socket runs on. */
    public interface OptionAccess {
        /**
         * Sets an option.
         *
         * @param <T> the option's type
         * @param option the option
         * @param value its value
         * @throws IOException if the operating system refuses it
         * @throws UnsupportedOperationException if the engine does not support it
         */
        <T> void set(SocketOption<T> option, T value) throws IOException;

        /**
         * Reads an option.
         *
         * @param <T> the option's type
         * @param option the option
         * @return its value as the JDK reports it
         * @throws IOException if it cannot be read
         */
        <T> T get(SocketOption<T> option) throws IOException;
    }

    private Sockets() {
    }

    /**
     * The protocol family of an address.
     *
     * @param address an address
     * @return INET6 for an IPv6 address, INET otherwise
     */
    public static ProtocolFamily family(InetAddress address) {
        return address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /**
     * "IPv4" or "IPv6".
     *
     * @param address an address
     * @return the family's name
     */
    public static String familyName(InetAddress address) {
        return address instanceof Inet6Address ? "IPv6" : "IPv4";
    }

    /**
     * Sets a socket buffer size, reads back what the operating system granted and logs a warning naming the kernel
     * setting to raise when it granted less than asked. On Linux a request is clamped to {@code net.core.rmem_max} or
     * {@code wmem_max} and then usually doubled, so "less than asked" is decided against that setting where it can be
     * read, and against the size read back elsewhere.
     *
     * @param channel the socket
     * @param option {@code SO_RCVBUF} or {@code SO_SNDBUF}
     * @param requested the size the user asked for, or 0 if they did not ask
     * @param fallback the size to ask for silently when the user did not, or 0 to keep the operating system's default
     * @param optionName the builder option's name, for the warning
     * @param log where the warning goes
     * @return the effective size
     * @throws IOException if the option cannot be set or read
     */
    public static int bufferSize(OptionAccess channel, SocketOption<Integer> option, int requested, int fallback,
                                 String optionName, System.Logger log) throws IOException {
        int asked = requested > 0 ? requested : fallback;
        if (asked > 0) {
            channel.set(option, asked);
        }
        int effective = channel.get(option);
        if (requested > 0) {
            String sysctl = option == StandardSocketOptions.SO_RCVBUF ? "net.core.rmem_max" : "net.core.wmem_max";
            long max = KernelUdpTable.sysctl(sysctl);
            boolean clamped = max > 0 ? requested > max : effective < requested;
            if (clamped) {
                log.log(Level.WARNING, () -> optionName + " " + requested + " was clamped by the operating system to "
                        + effective + " bytes; on Linux raise " + sysctl + " (sysctl -w " + sysctl + "=" + requested
                        + ") to get the size asked for");
            }
        }
        return effective;
    }

    /**
     * Finds a network interface by name.
     *
     * @param name the interface's name, such as {@code lo} or {@code eth0}
     * @param parameter the parameter's name for errors
     * @return the interface
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException naming the parameter, the value and the interfaces that exist
     */
    public static NetworkInterface interfaceNamed(String name, String parameter) {
        Args.notNull(name, parameter);
        NetworkInterface found;
        try {
            found = NetworkInterface.getByName(name);
        } catch (SocketException e) {
            throw new IllegalArgumentException(parameter + " cannot be looked up, was '" + name + "'", e);
        }
        if (found == null) {
            throw new IllegalArgumentException(parameter + " names no network interface of this machine, was '" + name
                    + "'; available: " + interfaceNames());
        }
        return found;
    }

    private static String interfaceNames() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .map(NetworkInterface::getName).sorted().collect(Collectors.joining(", "));
        } catch (SocketException e) {
            return "(cannot be listed: " + e.getMessage() + ")";
        }
    }

    /**
     * Checks that an address is a multicast group.
     *
     * @param group the address
     * @param parameter the parameter's name
     * @return the group
     * @throws NullPointerException if {@code group} is null
     * @throws IllegalArgumentException naming the parameter and the value if it is not a multicast address
     */
    public static InetAddress multicastGroup(InetAddress group, String parameter) {
        Args.notNull(group, parameter);
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(parameter + " must be a multicast address (224.0.0.0/4 or ff00::/8), "
                    + "was " + group.getHostAddress());
        }
        return group;
    }

    /**
     * Checks that an interface can carry multicast for a group's family.
     *
     * @param networkInterface the interface
     * @param group the group
     * @return the interface
     * @throws NullPointerException if {@code networkInterface} is null
     * @throws IllegalArgumentException saying what is missing
     */
    public static NetworkInterface multicastInterface(NetworkInterface networkInterface, InetAddress group) {
        Args.notNull(networkInterface, "networkInterface");
        try {
            if (!networkInterface.supportsMulticast()) {
                throw new IllegalArgumentException("networkInterface " + networkInterface.getName()
                        + " does not support multicast (its MULTICAST flag is off; on Linux: ip link set "
                        + networkInterface.getName() + " multicast on)");
            }
            if (!networkInterface.isUp()) {
                throw new IllegalArgumentException("networkInterface " + networkInterface.getName() + " is down");
            }
        } catch (SocketException e) {
            throw new IllegalArgumentException("networkInterface " + networkInterface.getName()
                    + " cannot be inspected: " + e.getMessage(), e);
        }
        if (group instanceof Inet4Address && Collections.list(networkInterface.getInetAddresses()).stream()
                .noneMatch(a -> a instanceof Inet4Address)) {
            throw new IllegalArgumentException("networkInterface " + networkInterface.getName()
                    + " has no IPv4 address, so it cannot join the IPv4 group " + group.getHostAddress());
        }
        return networkInterface;
    }

    /**
     * Refuses to join a group of one family on a socket of the other.
     *
     * @param group the group
     * @param bound the socket's local address
     * @throws IllegalArgumentException saying which address to bind instead
     */
    public static void sameFamily(InetAddress group, InetAddress bound) {
        if (family(group) == family(bound)) {
            return;
        }
        String groupFamily = familyName(group);
        String wildcard = group instanceof Inet6Address ? "::" : "0.0.0.0";
        throw new IllegalArgumentException("cannot join " + groupFamily + " group " + group.getHostAddress() + " on an "
                + familyName(bound) + " socket (bound to " + bound.getHostAddress() + "): bind an " + groupFamily
                + " address such as " + wildcard + " or the group itself to receive " + groupFamily + " multicast");
    }

    /**
     * The broadcast addresses of this machine's interfaces, plus 255.255.255.255.
     *
     * @return the addresses; never empty
     */
    public static Set<InetAddress> broadcastAddresses() {
        Set<InetAddress> result = new HashSet<>();
        try {
            result.add(InetAddress.getByAddress(new byte[] {-1, -1, -1, -1}));
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                ni.getInterfaceAddresses().stream().map(java.net.InterfaceAddress::getBroadcast)
                        .filter(java.util.Objects::nonNull).forEach(result::add);
            }
        } catch (IOException e) {
            // the limited broadcast address alone still protects the common case
        }
        return result;
    }

    /**
     * Looks up {@code jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT}, which exists from JDK 19.
     *
     * @return the option
     * @throws UnsupportedOperationException on JDK 17 and 18, saying so
     */
    @SuppressWarnings("unchecked")
    public static SocketOption<Boolean> dontFragmentOption() {
        try {
            return (SocketOption<Boolean>) Class.forName("jdk.net.ExtendedSocketOptions")
                    .getField("IP_DONTFRAGMENT").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UnsupportedOperationException("dontFragment needs JDK 19 or later "
                    + "(jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT); this is Java "
                    + Runtime.version().feature(), e);
        }
    }
}

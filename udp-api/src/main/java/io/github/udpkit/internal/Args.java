package io.github.udpkit.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Argument checks whose messages name the parameter and echo the rejected value, for example
 * {@code "maxDatagramSize must be between 1 and 65527, was 70000"}.
 */
public final class Args {
    private Args() {
    }

    /**
     * Checks that a value is not null.
     *
     * @param value the value
     * @param name the parameter's name
     * @param <T> the value's type
     * @return the value
     * @throws NullPointerException naming the parameter if the value is null
     */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /**
     * Checks that an int lies in a closed range.
     *
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param name the parameter's name
     * @return the value
     * @throws IllegalArgumentException naming the parameter, the range and the value if it is outside
     */
    public static int inRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /**
     * Checks a port number (0 to 65535; 0 asks the operating system for a free port when binding).
     *
     * @param port the port
     * @param name the parameter's name
     * @return the port
     * @throws IllegalArgumentException naming the parameter and value if it is out of range
     */
    public static int port(int port, String name) {
        return inRange(port, 0, 65_535, name);
    }

    /**
     * Checks a duration that must be positive (greater than zero).
     *
     * @param value the duration
     * @param name the parameter's name
     * @return the duration
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException naming the parameter and value if it is zero or negative
     */
    public static Duration positive(Duration value, String name) {
        notNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * Returns a positive duration in nanoseconds, saturated: a duration too long to count in nanoseconds (about 292
     * years, for example {@code Duration.ofSeconds(Long.MAX_VALUE)}) is {@link Long#MAX_VALUE}, which callers read as
     * "no time limit". Never throws {@link ArithmeticException}.
     *
     * @param value a duration, not negative
     * @return its nanoseconds, or {@code Long.MAX_VALUE}
     */
    public static long saturatedNanos(Duration value) {
        if (value.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        return value.toNanos();
    }

    /**
     * Resolves a host name or literal address.
     *
     * @param host the host name or literal
     * @param name the parameter's name
     * @return the resolved address
     * @throws NullPointerException if the host is null
     * @throws IllegalArgumentException naming the parameter and value if it is blank or cannot be resolved
     */
    public static InetAddress host(String host, String name) {
        notNull(host, name);
        if (host.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, was '" + host + "'");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(name + " cannot be resolved, was '" + host + "'", e);
        }
    }

    /**
     * Resolves a host and checks a port, giving a socket address.
     *
     * @param host the host name or literal
     * @param port the port
     * @param hostName the host parameter's name
     * @param portName the port parameter's name
     * @return the resolved socket address
     * @throws NullPointerException if the host is null
     * @throws IllegalArgumentException if the host cannot be resolved or the port is out of range
     */
    public static InetSocketAddress socketAddress(String host, int port, String hostName, String portName) {
        port(port, portName);
        return new InetSocketAddress(host(host, hostName), port);
    }

    /**
     * Checks that a socket address is not null and is resolved.
     *
     * @param address the address
     * @param name the parameter's name
     * @return the address
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException naming the parameter and value if it is unresolved
     */
    public static InetSocketAddress resolved(InetSocketAddress address, String name) {
        notNull(address, name);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(name + " must be a resolved address, was " + address);
        }
        return address;
    }

    /**
     * Checks a destination: resolved, and a port other than 0 (no datagram can be sent to port 0).
     *
     * @param address the destination
     * @param name the parameter's name
     * @return the address
     * @throws NullPointerException if {@code address} is null
     * @throws IllegalArgumentException naming the parameter if it is unresolved or its port is 0
     */
    public static InetSocketAddress destination(InetSocketAddress address, String name) {
        resolved(address, name);
        if (address.getPort() == 0) {
            throw new IllegalArgumentException(name + " port must be between 1 and 65535, was 0");
        }
        return address;
    }

    /**
     * Resolves a destination host and checks its port, 1 to 65535.
     *
     * @param host a host name or literal address
     * @param port the port
     * @return the socket address
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException naming {@code host} or {@code port} with the value
     */
    public static InetSocketAddress destination(String host, int port) {
        inRange(port, 1, 65_535, "port");
        return socketAddress(host, port, "host", "port");
    }

    /**
     * Checks an array slice.
     *
     * @param array the array
     * @param offset the slice's start
     * @param length the slice's length
     * @param name the array parameter's name
     * @throws NullPointerException if the array is null
     * @throws IndexOutOfBoundsException naming the values if the slice is not inside the array
     */
    public static void slice(byte[] array, int offset, int length, String name) {
        notNull(array, name);
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + " and length " + length
                    + " do not fit " + name + " of length " + array.length);
        }
    }
}

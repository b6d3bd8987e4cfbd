package io.github.udpkit.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict IP address literals that never reach the name service. {@link InetAddress#getByName(String)} resolves
 * anything it does not read as a literal (so {@code "cafe"} becomes a DNS query) and reads old BSD forms
 * ({@code "1.2.3"} as {@code 1.2.0.3}); this accepts only the four-part dotted decimal IPv4 form, without signs or
 * leading zeros, and IPv6 text forms (RFC 4291 section 2.2, IPv4 suffix included), without a scope.
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    /**
     * Parses a literal address.
     *
     * @param text the text
     * @return the address, or {@code null} if {@code text} is not a strict literal
     */
    public static InetAddress parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            return ipv6(text);
        }
        byte[] bytes = ipv4(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }

    /**
     * Parses a literal address or refuses it.
     *
     * @param text the text
     * @param name the parameter's name in the message
     * @return the address
     * @throws NullPointerException if {@code text} is {@code null}
     * @throws IllegalArgumentException if {@code text} is not a strict literal
     */
    public static InetAddress require(String text, String name) {
        Args.notNull(text, name);
        InetAddress address = parse(text);
        if (address == null) {
            throw new IllegalArgumentException(name + " must be a literal IPv4 or IPv6 address such as 239.1.2.3 or "
                    + "ff12::1234 (host names are not looked up), was '" + text + "'");
        }
        return address;
    }

    private static byte[] ipv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return null;
                }
                bytes[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // a leading zero: octal to some parsers, decimal to others
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? bytes : null;
    }

    private static InetAddress ipv6(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!hex && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            // With a ':' and nothing but hex digits, ':' and '.', the JDK parses a literal and never looks it up.
            InetAddress address = InetAddress.getByName(text);
            int lastColon = text.lastIndexOf(':');
            String tail = text.substring(lastColon + 1);
            if (tail.indexOf('.') >= 0 && ipv4(tail) == null) {
                return null;
            }
            return address; // an Inet4Address for an IPv4-mapped literal such as ::ffff:127.0.0.1
        } catch (UnknownHostException e) {
            return null;
        }
    }
}

package io.github.udpkit.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The senders a receiver accepts: any datagram whose source matches one rule (an address, a subnet or a predicate)
 * is accepted. IPv4-mapped IPv6 sources are compared as IPv4.
 */
public final class SourceFilter implements Predicate<InetSocketAddress> {
    private final List<Predicate<InetSocketAddress>> rules;

    private SourceFilter(List<Predicate<InetSocketAddress>> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Collects rules; not thread-safe. */
    public static final class Rules {
        private final List<Predicate<InetSocketAddress>> rules = new ArrayList<>();

        /**
         * Adds a rule.
         *
         * @param rule accepts a source
         */
        public void add(Predicate<InetSocketAddress> rule) {
            rules.add(rule);
        }

        /**
         * Tells whether any rule was added.
         *
         * @return {@code true} if a filter is configured
         */
        public boolean isEmpty() {
            return rules.isEmpty();
        }

        /**
         * Makes the immutable filter.
         *
         * @return the filter, or {@code null} if no rule was added (everything accepted)
         */
        public SourceFilter build() {
            return rules.isEmpty() ? null : new SourceFilter(rules);
        }
    }

    @Override
    public boolean test(InetSocketAddress source) {
        for (Predicate<InetSocketAddress> rule : rules) {
            if (rule.test(source)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A rule that accepts one address, any port.
     *
     * @param address the address
     * @return the rule
     */
    public static Predicate<InetSocketAddress> address(InetAddress address) {
        byte[] wanted = normalize(address);
        return source -> Arrays.equals(wanted, normalize(source.getAddress()));
    }

    /**
     * Parses a subnet in CIDR notation ({@code 127.0.0.0/8}, {@code ::1/128}) into a rule.
     *
     * @param cidr the subnet
     * @param name the parameter's name for errors
     * @return the rule
     * @throws NullPointerException if {@code cidr} is null
     * @throws IllegalArgumentException naming the parameter and the value if it is not a literal address and prefix
     */
    public static Predicate<InetSocketAddress> subnet(String cidr, String name) {
        Args.notNull(cidr, name);
        int slash = cidr.indexOf('/');
        if (slash <= 0 || slash == cidr.length() - 1 || cidr.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException(name + " must be an address and a prefix length such as 127.0.0.0/8, "
                    + "was '" + cidr + "'");
        }
        String host = cidr.substring(0, slash);
        InetAddress address = IpLiteral.parse(host);
        if (address == null) {
            throw new IllegalArgumentException(name + " must be a literal IP address and a prefix length such as "
                    + "127.0.0.0/8 (host names are not looked up), was '" + cidr + "'");
        }
        String digits = cidr.substring(slash + 1);
        if (!digits.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException(name + " prefix length must be a decimal number, was '" + cidr + "'");
        }
        int prefix = Integer.parseInt(digits);
        boolean mapped = host.indexOf(':') >= 0 && !(address instanceof Inet6Address);
        byte[] network = normalize(address);
        int min = mapped ? 96 : 0;
        int max = mapped || network.length == 16 ? 128 : 32;
        if (prefix < min || prefix > max) {
            throw new IllegalArgumentException(name + " prefix length must be between " + min + " and " + max
                    + (mapped ? " for an IPv4-mapped address (it matches IPv4 senders)" : network.length == 16
                    ? " for an IPv6 address" : " for an IPv4 address") + ", was '" + cidr + "'");
        }
        int bits = mapped ? prefix - 96 : prefix;
        return source -> inSubnet(normalize(source.getAddress()), network, bits);
    }

    private static boolean inSubnet(byte[] address, byte[] network, int prefix) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    /** IPv4-mapped IPv6 addresses become their 4 IPv4 bytes. */
    private static byte[] normalize(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && bytes.length == 16) {
            boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
            }
        }
        return bytes;
    }
}

package io.github.udpkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.udpkit.internal.IpLiteral;
import io.github.udpkit.internal.SourceFilter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Address literals are parsed strictly and never handed to the name service. */
class LiteralParsingTest {

    @ParameterizedTest
    @ValueSource(strings = {"cafe", "beef.dead", "1.2.3", "1.2.3.4.5", "+1.2.3.4", "1.2.3.+4", "01.2.3.4",
        "1.2.3.256", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "0x7f.0.0.1", "127.1", "localhost", "::g", "1:2:3:4:5:6:7:8:9",
        "fe80::1%lo", "::1.2.3", "", "1.2.3.4/8"})
    void notStrictLiterals_areRefusedWithoutALookUp(String text) {
        assertThat(IpLiteral.parse(text)).as("'%s'", text).isNull();
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,127.0.0.1", "0.0.0.0,0.0.0.0", "255.255.255.255,255.255.255.255",
        "::1,0:0:0:0:0:0:0:1", "ff12::1234,ff12:0:0:0:0:0:0:1234", "::ffff:127.0.0.1,127.0.0.1",
        "2001:db8::1.2.3.4,2001:db8:0:0:0:0:102:304"})
    void strictLiterals_areParsed(String text, String expected) {
        InetAddress address = IpLiteral.parse(text);
        assertThat(address).isNotNull();
        assertThat(address.getHostAddress()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cafe/8|cidr must be a literal IP address and a prefix length such as 127.0.0.0/8 (host names are not looked "
            + "up), was 'cafe/8'",
        "1.2.3/8|cidr must be a literal IP address and a prefix length such as 127.0.0.0/8 (host names are not looked "
            + "up), was '1.2.3/8'",
        "1.2.3.4/+8|cidr prefix length must be a decimal number, was '1.2.3.4/+8'",
        "1.2.3.4/8/8|cidr must be an address and a prefix length such as 127.0.0.0/8, was '1.2.3.4/8/8'",
        "::1/129|cidr prefix length must be between 0 and 128 for an IPv6 address, was '::1/129'",
        "::ffff:127.0.0.1/95|cidr prefix length must be between 96 and 128 for an IPv4-mapped address (it matches "
            + "IPv4 senders), was '::ffff:127.0.0.1/95'"})
    void badSubnets_areRefusedNamingTheParameterAndEchoingTheValue(String cidr, String message) {
        assertThatThrownBy(() -> UdpReceiver.builder().acceptFromSubnet(cidr))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void anIpv4MappedSubnet_isTheIpv4SubnetItMaps() {
        Predicate<InetSocketAddress> mapped = SourceFilter.subnet("::ffff:127.0.0.1/120", "cidr");
        assertThat(mapped.test(new InetSocketAddress(IpLiteral.parse("127.0.0.77"), 1))).isTrue();
        assertThat(mapped.test(new InetSocketAddress(IpLiteral.parse("127.0.1.1"), 1))).isFalse();
        assertThat(mapped.test(new InetSocketAddress(IpLiteral.parse("::1"), 1))).isFalse();
    }

    @Test
    void joinGroup_takesLiteralsOnly() {
        assertThatThrownBy(() -> UdpReceiver.builder().joinGroup("cafe", "lo"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("group must be a literal IPv4 or IPv6 address such as 239.1.2.3 or ff12::1234 (host names "
                        + "are not looked up), was 'cafe'");
    }
}

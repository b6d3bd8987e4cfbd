package io.github.udpkit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.udpkit.testkit.UdpPeer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    static List<String> commands() {
        return List.copyOf(Main.commands());
    }

    @Test
    void help_listsEverySample() {
        assertThat(Main.run(new String[] {"--help"}, out, err)).isZero();
        assertThat(Main.commands()).containsExactly("hello", "hello-demo", "hello-server", "hello-client",
                "echo-server", "echo-client", "udpcat", "statsd", "syslog", "multicast", "dns-server", "dns-query");
        String[] lines = out().split("\n");
        assertThat(lines[0]).isEqualTo("usage: java -jar udp-samples.jar <sample> [options]   (<sample> --help "
                + "explains its options)");
        for (String command : Main.commands()) {
            assertThat(out()).containsPattern("(?m)^  " + command + " +\\S");
        }
        assertThat(err()).isEmpty();
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void everySubCommand_explainsItsOptions(String command) {
        assertThat(Main.run(new String[] {command, "--help"}, out, err)).isZero();
        assertThat(out()).startsWith("usage: ").contains("--help");
        assertThat(out().lines().count()).isGreaterThan(3);
        assertThat(err()).isEmpty();
    }

    @Test
    void unknownSample_isAUsageError() {
        assertThat(Main.run(new String[] {"ping"}, out, err)).isEqualTo(2);
        assertThat(err()).startsWith("unknown sample 'ping'\nusage: java -jar udp-samples.jar");
        assertThat(out()).isEmpty();
    }

    @Test
    void badOption_isAUsageError_namingTheSampleAndTheProblem() {
        assertThat(Main.run(new String[] {"udpcat", "listen"}, out, err)).isEqualTo(2);
        assertThat(err()).isEqualTo("udpcat: listen needs --port P (0 for any free port)\n"
                + "try: java -jar udp-samples.jar udpcat --help\n");
        errBytes.reset();
        assertThat(Main.run(new String[] {"echo-client", "--attempts", "0"}, out, err)).isEqualTo(2);
        assertThat(err()).isEqualTo("echo-client: --attempts must be a number from 1 to 100, was '0'\n"
                + "try: java -jar udp-samples.jar echo-client --help\n");
    }

    /** For each sample, the arguments that give it a bad port: {@code --port P} or, for a client, {@code --to}. */
    static List<Arguments> badPorts() {
        return List.of(
                Arguments.of("hello", List.of("--port", "70000")),
                Arguments.of("hello-demo", List.of("--port", "70000")),
                Arguments.of("hello-server", List.of("--port", "70000")),
                Arguments.of("hello-client", List.of("--port", "70000")),
                Arguments.of("echo-server", List.of("--port", "70000")),
                Arguments.of("echo-client", List.of("--to", "127.0.0.1:70000")),
                Arguments.of("udpcat", List.of("listen", "--port", "70000")),
                Arguments.of("udpcat", List.of("send", "--to", "127.0.0.1:70000", "hi")),
                Arguments.of("statsd", List.of("--to", "127.0.0.1:70000", "count:orders=1")),
                Arguments.of("syslog", List.of("--port", "70000")),
                Arguments.of("multicast", List.of("--port", "70000", "--interface", "lo")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badPorts")
    void badPort_saysTheSameInEverySample_andExits2(String sample, List<String> args) {
        String[] command = concat(sample, args);
        assertThat(Main.run(command, out, err)).isEqualTo(2);
        assertThat(err()).isEqualTo(sample + ": --port must be a number from 0 to 65535, was '70000'\n"
                + "try: java -jar udp-samples.jar " + sample + " --help\n");
        assertThat(out()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} (with =)")
    @MethodSource("badPorts")
    void badPort_inTheEqualsForm_isReadTheSame(String sample, List<String> args) {
        List<String> joined = new ArrayList<>(args);
        int option = joined.indexOf(joined.contains("--port") ? "--port" : "--to");
        joined.set(option, joined.get(option) + "=" + joined.remove(option + 1));
        assertThat(Main.run(concat(sample, joined), out, err)).isEqualTo(2);
        assertThat(err()).isEqualTo(sample + ": --port must be a number from 0 to 65535, was '70000'\n"
                + "try: java -jar udp-samples.jar " + sample + " --help\n");
    }

    static List<Arguments> unknownOptions() {
        return Main.commands().stream()
                .map(sample -> Arguments.of(sample, sample.equals("udpcat") ? List.of("listen") : List.of()))
                .toList();
    }

    @ParameterizedTest(name = "{0} --verbose")
    @MethodSource("unknownOptions")
    void unknownOption_isNamed_inEverySample(String sample, List<String> before) {
        List<String> args = new ArrayList<>(before);
        args.add("--verbose");
        assertThat(Main.run(concat(sample, args), out, err)).isEqualTo(2);
        assertThat(err()).isEqualTo(sample + ": unknown option --verbose\n"
                + "try: java -jar udp-samples.jar " + sample + " --help\n");
        assertThat(out()).isEmpty();
        errBytes.reset();
        args.set(args.size() - 1, "--verbose=2");
        assertThat(Main.run(concat(sample, args), out, err)).isEqualTo(2);
        assertThat(err()).isEqualTo(sample + ": unknown option --verbose\n"
                + "try: java -jar udp-samples.jar " + sample + " --help\n");
    }

    /** A server's --port=P reaches the bind: a port that is taken fails with the message only, and status 1. */
    @ParameterizedTest(name = "{0} --port=TAKEN")
    @ValueSource(strings = {"hello-server", "echo-server", "syslog", "udpcat"})
    void aPortInUse_isReportedWithoutTheExceptionsClass(String sample) throws Exception {
        try (UdpPeer taken = UdpPeer.start()) {
            String[] args = sample.equals("udpcat") ? new String[] {sample, "listen", "--port=" + taken.port()}
                    : new String[] {sample, "--port=" + taken.port()};
            assertThat(Main.run(args, out, err)).isEqualTo(1);
            assertThat(err()).isEqualTo(sample + ": cannot bind UDP socket to 127.0.0.1:" + taken.port()
                    + ": Address already in use\n");
        }
    }

    private static String[] concat(String sample, List<String> args) {
        List<String> all = new ArrayList<>();
        all.add(sample);
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    @Test
    void noArguments_printsTheListAndExits2() {
        assertThat(Main.run(new String[0], out, err)).isEqualTo(2);
        assertThat(out()).startsWith("usage: java -jar udp-samples.jar");
    }
}

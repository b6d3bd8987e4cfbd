package io.github.udpkit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

    @Test
    void noArguments_printsTheListAndExits2() {
        assertThat(Main.run(new String[0], out, err)).isEqualTo(2);
        assertThat(out()).startsWith("usage: java -jar udp-samples.jar");
    }
}

package io.github.udpkit.samples.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.udpkit.samples.syslog.SyslogMessage.Format;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Property: no input makes the parser throw, every result keeps the raw bytes, and the parser's time stays linear on
 * adversarial input. The seed of a failing case is in the assertion message; {@code -Dsyslog.seed=N} re-runs one.
 */
@Timeout(120)
class SyslogParserPropertyTest {
    private static final long BASE_SEED = Long.getLong("syslog.seed", 3164_5424L);
    private static final int CASES = Long.getLong("syslog.seed") != null ? 1 : 5000;

    private static final List<String> VALID = List.of(
            "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed",
            "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" "
                    + "eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"] msg",
            "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
            "<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!",
            "<30>Oct  9 22:33:20 hlfedora auditd[1787]: The audit daemon is exiting.");

    private static void parsesWithoutThrowing(long seed, byte[] input) {
        SyslogMessage[] result = new SyslogMessage[1];
        assertThatCode(() -> result[0] = SyslogParser.parse(input)).as("seed %d", seed).doesNotThrowAnyException();
        SyslogMessage m = result[0];
        assertThat(m).as("seed %d", seed).isNotNull();
        assertThat(m.raw()).as("seed %d: raw bytes kept", seed).isEqualTo(input);
        if (m.format() == Format.UNPARSED) {
            assertThat(m.problem()).as("seed %d", seed).isNotBlank();
        } else {
            assertThat(m.facility()).as("seed %d", seed).isBetween(0, 23);
            assertThat(m.severity()).as("seed %d", seed).isBetween(0, 7);
            assertThat(m.message()).as("seed %d", seed).isNotNull();
            assertThat(m.problem()).as("seed %d", seed).isNull();
            assertThatCode(m::dateTime).as("seed %d", seed).doesNotThrowAnyException();
        }
        assertThatCode(() -> SyslogServer.line(m)).as("seed %d", seed).doesNotThrowAnyException();
        assertThat(SyslogServer.line(m)).as("seed %d: one line", seed).doesNotContain("\n", "\r");
    }

    @Test
    void randomBytes_neverMakeTheParserThrow() {
        for (int n = 0; n < CASES; n++) {
            long seed = BASE_SEED + n;
            Random random = new Random(seed);
            byte[] input = new byte[random.nextInt(n % 100 == 0 ? 65_507 : 300)];
            random.nextBytes(input);
            if (input.length > 0 && random.nextBoolean()) {
                input[0] = '<'; // get past the first check more often
            }
            parsesWithoutThrowing(seed, input);
        }
    }

    @Test
    void mutatedValidMessages_neverMakeTheParserThrow() {
        String alphabet = "<>[]=\"\\ -:0123456789TZ.+1aZ\u00ff\n";
        for (int n = 0; n < CASES; n++) {
            long seed = BASE_SEED + 100_000 + n;
            Random random = new Random(seed);
            byte[] input = VALID.get(random.nextInt(VALID.size())).getBytes(StandardCharsets.UTF_8);
            int mutations = 1 + random.nextInt(4);
            for (int i = 0; i < mutations; i++) {
                int at = random.nextInt(input.length);
                switch (random.nextInt(3)) {
                    case 0 -> input[at] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
                    case 1 -> input = java.util.Arrays.copyOf(input, at); // cut short
                    default -> input[at] = (byte) random.nextInt(256);
                }
                if (input.length == 0) {
                    break;
                }
            }
            parsesWithoutThrowing(seed, input);
        }
    }

    @Test
    void adversarialInput_isParsedInLinearTime() {
        List<byte[]> adversarial = List.of(
                ("<1>1 - - - - - " + "[a".repeat(32_000)).getBytes(StandardCharsets.US_ASCII),
                ("<1>1 - - - - - [a b=\"" + "\\\"".repeat(32_000)).getBytes(StandardCharsets.US_ASCII),
                ("<1>1 - - - - - " + "[a b=\"c\"]".repeat(6_500)).getBytes(StandardCharsets.US_ASCII),
                ("<1>1 - - - - - [a" + " b=\"c\"".repeat(9_000)).getBytes(StandardCharsets.US_ASCII),
                ("<1>" + "Oct 11 22:14:15 ".repeat(4_000)).getBytes(StandardCharsets.US_ASCII),
                ("<1>" + "a[".repeat(32_000)).getBytes(StandardCharsets.US_ASCII),
                ("<1>1 " + "9".repeat(65_000)).getBytes(StandardCharsets.US_ASCII),
                "<".repeat(65_507).getBytes(StandardCharsets.US_ASCII));
        // Well over 10 MB of the worst shapes above: a quadratic parser would need hours, a linear one well under
        // a second (the bound is generous for a loaded CI machine).
        long start = System.nanoTime();
        for (int round = 0; round < 20; round++) {
            for (byte[] input : adversarial) {
                parsesWithoutThrowing(round, input);
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
}

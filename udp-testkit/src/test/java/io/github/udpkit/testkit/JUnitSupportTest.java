package io.github.udpkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.udpkit.testkit.internal.JUnitSupport;
import io.github.udpkit.testkit.internal.RandomPayloadsProvider;
import io.github.udpkit.testkit.internal.RandomTextProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JUnit version check, with a faked "class missing" condition (this suite runs on 5.13 and 6.x only), and on the
 * real class path, where it must pass.
 */
class JUnitSupportTest {

    @Test
    void aMissingMarker_isReportedNamingTheMinimumTheArtifactTheVersionAndTheType() {
        List<String> asked = new ArrayList<>();
        String problem = JUnitSupport.problem("junit-jupiter-params", JUnitSupport.PARAMS_MARKER, name -> {
            asked.add(name);
            return false;
        }, "5.12.2");
        assertThat(asked).containsExactly("org.junit.jupiter.params.support.ParameterDeclarations");
        assertThat(problem).isEqualTo("udp-testkit needs JUnit Jupiter 5.13 or later (6.x works too), but the test "
                + "class path has junit-jupiter-params 5.12.2, which lacks "
                + "org.junit.jupiter.params.support.ParameterDeclarations. Upgrade JUnit, for example by importing "
                + "org.junit:junit-bom:5.13.4 or later.");
        assertThat(JUnitSupport.problem("junit-jupiter-api", JUnitSupport.API_MARKER, name -> false, null))
                .isEqualTo("udp-testkit needs JUnit Jupiter 5.13 or later (6.x works too), but the test class path "
                        + "has junit-jupiter-api of an unknown version, which lacks "
                        + "org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider. Upgrade JUnit, for "
                        + "example by importing org.junit:junit-bom:5.13.4 or later.");
    }

    @Test
    void aPresentMarker_isNoProblem() {
        assertThat(JUnitSupport.problem("junit-jupiter-api", JUnitSupport.API_MARKER, name -> true, "5.13.4"))
                .isNull();
    }

    @Test
    void onThisClassPath_bothMarkersArePresent_andTheChecksPass() throws ClassNotFoundException {
        Class.forName(JUnitSupport.API_MARKER);
        Class.forName(JUnitSupport.PARAMS_MARKER);
        assertThatCode(JUnitSupport::requireApi).doesNotThrowAnyException();
        assertThatCode(JUnitSupport::requireParams).doesNotThrowAnyException();
        assertThatCode(RandomPayloadsProvider::new).doesNotThrowAnyException();
        assertThatCode(RandomTextProvider::new).doesNotThrowAnyException();
    }
}

package io.github.udpkit.reliability;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.function.Executable;

/**
 * A table of rows, each naming one public member (as {@code Type#name(ParamType,...)}, nested types as
 * {@code Outer.Inner}, constructors as {@code Type#<init>(...)}) and one case of its misuse or contract, with the
 * check that proves it. {@link MatrixCompletenessTest} fails when a public member has no row.
 */
final class Matrix {
    /** One row: the member, the case, and the check (which throws when the contract does not hold). */
    record Row(String member, String scenario, Executable check) {
        @Override
        public String toString() {
            return member + " | " + scenario;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    /** The rows, in the order added. */
    List<Row> rows() {
        return List.copyOf(rows);
    }

    /**
     * Adds a row whose call must throw exactly {@code type} with exactly {@code message}.
     */
    Matrix rejects(String member, String scenario, ThrowingCallable call, Class<? extends Throwable> type,
                   String message) {
        rows.add(new Row(member, scenario, () -> assertThatThrownBy(call).isExactlyInstanceOf(type)
                .hasMessage(message)));
        return this;
    }

    /**
     * Adds a row whose call must throw exactly {@code type} with a message naming the parameter and echoing the value
     * (and any further parts given), for messages that also carry run-specific text such as an OS error.
     */
    Matrix rejectsNaming(String member, String scenario, ThrowingCallable call, Class<? extends Throwable> type,
                         String parameter, String value, String... more) {
        rows.add(new Row(member, scenario, () -> {
            var thrown = assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessageContaining(parameter)
                    .hasMessageContaining(value);
            if (more.length > 0) {
                thrown.hasMessageContainingAll(more);
            }
        }));
        return this;
    }

    /** Adds a row whose check asserts the contract itself (valid use, idempotence, a call from a callback...). */
    Matrix holds(String member, String scenario, Executable check) {
        rows.add(new Row(member, scenario, check));
        return this;
    }
}

package io.github.udpkit.reliability;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The bad-input matrix: every public member of udp-api and udp-testkit with its misuse (null, empty, negative, zero,
 * out of range, wrong address family, unresolvable host, closed object, called twice, called from inside a callback)
 * or, where there is nothing to misuse, its contract. One dynamic test per row.
 */
@Timeout(300)
class BadInputMatrixTest {

    /** All rows, udp-api first. */
    static List<Matrix.Row> rows() {
        Matrix matrix = new Matrix();
        ApiMatrix.addTo(matrix);
        ViewMatrix.addTo(matrix);
        CombinationMatrix.addTo(matrix);
        EngineMatrix.addTo(matrix);
        MetadataMatrix.addTo(matrix);
        ClientMatrix.addTo(matrix);
        TestkitMatrix.addTo(matrix);
        return matrix.rows();
    }

    @TestFactory
    Stream<DynamicTest> matrix() {
        return rows().stream().map(row -> DynamicTest.dynamicTest(row.toString(), row.check()));
    }
}

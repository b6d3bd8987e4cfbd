package io.github.udpkit;

import io.github.udpkit.internal.linux.LinuxNative;
import java.io.IOException;
import java.net.ProtocolFamily;

/**
 * The way from the base code to the native engine. This is the base version, for JDK 17 to 21: the engine is in
 * {@code META-INF/versions/22} of the same jar, where this class opens a {@code NativeEngineSocket}; here it cannot,
 * and {@link EngineSocket#resolve} never asks it to ({@link LinuxNative#isAvailable()} is {@code false}). Both
 * versions have the same methods.
 */
final class NativeEngine {
    private NativeEngine() {
    }

    /**
     * Opens a native socket.
     *
     * @param family the address family
     * @return never, on this JDK
     * @throws IOException never
     * @throws IllegalStateException always, saying that the native engine needs JDK 22
     */
    static EngineSocket open(ProtocolFamily family) throws IOException {
        LinuxNative.requireAvailable();
        throw new AssertionError("requireAvailable returned on JDK " + Runtime.version().feature());
    }
}

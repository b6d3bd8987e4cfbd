package io.github.udpkit;

import io.github.udpkit.internal.linux.LinuxNative;
import io.github.udpkit.internal.linux.NativeUdpSocket;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;

/**
 * The way from the base code to the native engine, JDK 22 version: opens a {@link NativeEngineSocket} over a
 * {@link NativeUdpSocket}. The base version (JDK 17 to 21) has the same methods and refuses.
 */
final class NativeEngine {
    private NativeEngine() {
    }

    /**
     * Opens a native socket.
     *
     * @param family the address family, or {@code null} for a dual-stack IPv6 socket, as
     *     {@code DatagramChannel.open()} makes
     * @return the socket, unbound
     * @throws IOException if the operating system refuses a socket
     * @throws IllegalStateException if the native engine cannot run here (the caller checked it already)
     */
    static EngineSocket open(ProtocolFamily family) throws IOException {
        LinuxNative.requireAvailable();
        return new NativeEngineSocket(NativeUdpSocket.open(family == null ? StandardProtocolFamily.INET6 : family));
    }
}

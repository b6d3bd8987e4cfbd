package io.github.udpkit;

/**
 * Receives datagrams together with the running {@link UdpReceiver}, so that a server can answer from its own port:
 * {@code .onRequest((request, receiver) -> receiver.reply(request, answer))}. Set it with
 * {@link UdpReceiver.Builder#onRequest(RequestListener)} instead of {@code onDatagram}. It is called even for a
 * datagram that arrives before {@link UdpReceiver.Builder#start()} has returned, which a listener holding the receiver
 * in a variable of its own cannot do.
 *
 * <p>Called like a {@link DatagramListener}: on the receive thread, in arrival order, unless an executor is set; a
 * listener that throws is reported and the receiver goes on.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RequestListener {
    /**
     * Handles one datagram.
     *
     * @param request the datagram; an immutable value the listener may keep
     * @param receiver the receiver that read it, for {@link UdpReceiver#reply(Datagram, byte[])} and
     *     {@link UdpReceiver#sendTo(java.net.InetSocketAddress, byte[])}
     */
    void onRequest(Datagram request, UdpReceiver receiver);
}

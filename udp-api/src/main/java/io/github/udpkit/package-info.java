/**
 * UDP for Java, pleasant and honest: {@link io.github.udpkit.UdpSender} sends datagrams,
 * {@link io.github.udpkit.UdpReceiver} receives them on its own thread and hands each to a listener as an immutable
 * {@link io.github.udpkit.Datagram}.
 *
 * <p>What udpkit adds to {@link java.nio.channels.DatagramChannel}: datagrams larger than the receiver's limit are
 * reported as truncated instead of silently cut; payloads larger than UDP allows fail before any system call with
 * {@link io.github.udpkit.DatagramTooLargeException}; every datagram read is accounted for in
 * {@link io.github.udpkit.ReceiverStats}; and closing is prompt and leaves no thread behind.
 *
 * <p>Misuse is reported with {@link java.lang.NullPointerException}, {@link java.lang.IllegalArgumentException} and
 * {@link java.lang.IllegalStateException} whose messages name the parameter and echo the value; I/O failures with the
 * unchecked {@link io.github.udpkit.UdpException} and its subclasses, keeping the {@link java.io.IOException} as cause.
 *
 * @since 0.1
 */
package io.github.udpkit;

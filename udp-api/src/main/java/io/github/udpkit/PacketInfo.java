package io.github.udpkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What the kernel told about one received datagram besides its sender and bytes (see {@link DatagramMetadata}); each
 * field holds its "unknown" value (null or -1) when it was not asked for or the engine cannot tell. Immutable.
 *
 * @param destination the address and port the datagram was sent to, or {@code null}
 * @param replySource the local address a reply should leave from ({@code ipi_spec_dst}), or {@code null} to let the
 *     kernel choose
 * @param interfaceIndex the index of the interface it arrived on, or -1
 * @param ttl the TTL or hop limit it arrived with, or -1
 * @param trafficClass the TOS byte or traffic class it arrived with, or -1
 * @param kernelDrops the socket's drop count when it was queued, or -1
 * @param kernelTimestamp whether the receive time is the kernel's
 */
record PacketInfo(InetSocketAddress destination, InetAddress replySource, int interfaceIndex, int ttl,
                  int trafficClass, long kernelDrops, boolean kernelTimestamp) {

    /** Only the destination: a receiver bound to one address, which every datagram it gets was sent to. */
    static PacketInfo destinationOnly(InetSocketAddress destination) {
        return new PacketInfo(Objects.requireNonNull(destination), null, -1, -1, -1, -1, false);
    }

    /**
     * Reads one datagram's metadata from an inbound batch.
     *
     * @param in the batch
     * @param index the datagram
     * @param fixed the receiver's fixed metadata (its bound address), or {@code null}
     * @return the metadata; {@code fixed} when the batch reads none
     */
    static PacketInfo read(EngineSocket.Inbound in, int index, PacketInfo fixed) {
        if (!in.hasMetadata()) {
            return fixed;
        }
        InetSocketAddress destination = in.destination(index);
        if (destination == null && fixed != null) {
            destination = fixed.destination();
        }
        return new PacketInfo(destination, in.replySource(index), in.interfaceIndex(index), in.ttl(index),
                in.trafficClass(index), in.kernelDrops(index), in.kernelTimeNanos(index) >= 0);
    }
}

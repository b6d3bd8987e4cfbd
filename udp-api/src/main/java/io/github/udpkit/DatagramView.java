package io.github.udpkit;

import io.github.udpkit.internal.Args;
import io.github.udpkit.internal.Payloads;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A received datagram seen in place: a read-only view of the receiver's buffer, handed to a
 * {@link DatagramViewListener} without copying the payload and without allocating anything.
 *
 * <p><b>Valid only during the callback.</b> The receiver reuses this object and its buffer for the next datagram as
 * soon as the listener returns. After that, every method of the view throws {@link IllegalStateException}, and a
 * {@link ByteBuffer} obtained from {@link #buffer()} shows whatever the receiver reads next: do not keep either. To
 * keep a datagram, copy it with {@link #toDatagram()} or {@link #payload()} inside the callback.
 *
 * <p>Not thread-safe: use it on the receiver's thread, inside the callback, only.
 *
 * @since 0.1
 */
public final class DatagramView {
    private ByteBuffer view;
    private InetSocketAddress sender;
    private int length;
    private boolean open;

    DatagramView() {
    }

    /**
     * Shows one datagram until {@link #close()}.
     *
     * @param readOnlyBuffer the engine's read-only view of the datagram, its first byte at index 0
     */
    void open(ByteBuffer readOnlyBuffer, InetSocketAddress from, int bytes) {
        this.view = readOnlyBuffer;
        this.sender = from;
        this.length = bytes;
        this.open = true;
    }

    void close() {
        this.open = false;
        this.sender = null;
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("a DatagramView is valid only during the onDatagramView callback that "
                    + "received it; copy it with toDatagram() or payload() to keep it");
        }
    }

    /**
     * Returns the address of the socket that sent this datagram.
     *
     * @return the sender's IP address and port
     * @throws IllegalStateException if called after the callback returned
     */
    public InetSocketAddress sender() {
        checkOpen();
        return sender;
    }

    /**
     * Returns the payload length in bytes.
     *
     * @return the number of payload bytes
     * @throws IllegalStateException if called after the callback returned
     */
    public int length() {
        checkOpen();
        return length;
    }

    /**
     * Returns the payload as a read-only buffer over the receiver's own memory, positioned at 0 with the payload
     * length as limit. Every call returns the same buffer object, rewound: reading from it moves its position, so
     * call this again to start over. Absolute reads ({@code getInt(0)}, ...) leave it as it is. The buffer must not be
     * used after the callback returns: it then shows the next datagram's bytes.
     *
     * @return a read-only view of the payload, valid during the callback only
     * @throws IllegalStateException if called after the callback returned
     */
    public ByteBuffer buffer() {
        checkOpen();
        view.limit(length).position(0);
        return view;
    }

    /**
     * Returns one byte of the payload.
     *
     * @param index the byte's index, 0 to {@code length() - 1}
     * @return the byte
     * @throws IndexOutOfBoundsException if {@code index} is outside the payload
     * @throws IllegalStateException if called after the callback returned
     */
    public byte get(int index) {
        checkOpen();
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index must be between 0 and " + (length - 1) + ", was " + index);
        }
        return view.get(index);
    }

    /**
     * Returns a copy of the payload, which stays valid after the callback. Allocates an array of {@link #length()}.
     *
     * @return the payload bytes
     * @throws IllegalStateException if called after the callback returned
     */
    public byte[] payload() {
        checkOpen();
        byte[] copy = new byte[length];
        view.get(0, copy, 0, length);
        return copy;
    }

    /**
     * Decodes the payload as UTF-8. Malformed bytes become U+FFFD.
     *
     * @return the payload as text
     * @throws IllegalStateException if called after the callback returned
     */
    public String text() {
        return text(StandardCharsets.UTF_8);
    }

    /**
     * Decodes the payload with a charset. Malformed bytes become the charset's replacement.
     *
     * @param charset the charset to decode with
     * @return the payload as text
     * @throws NullPointerException if {@code charset} is {@code null}
     * @throws IllegalStateException if called after the callback returned
     */
    public String text(Charset charset) {
        Args.notNull(charset, "charset");
        return new String(payload(), charset);
    }

    /**
     * Copies the view into an immutable {@link Datagram} that may be kept and shared. Its receive time is the time of
     * this call (views carry no time stamp, so the zero-copy path reads no clock).
     *
     * @return a complete ({@code truncated() == false}) datagram with a copy of the payload
     * @throws IllegalStateException if called after the callback returned
     */
    public Datagram toDatagram() {
        checkOpen();
        Instant now = Instant.now();
        return Datagram.adopt(sender, payload(), now.getEpochSecond(), now.getNano(), false);
    }

    /**
     * Describes the view with at most 64 bytes of its payload, escaped, like {@link Datagram#toString()}.
     *
     * @return for example {@code DatagramView[from=/127.0.0.1:40000, length=13, payload="Hello, World!"]}, or
     *     {@code DatagramView[released]} after the callback
     */
    @Override
    public String toString() {
        if (!open) {
            return "DatagramView[released]";
        }
        return "DatagramView[from=" + sender + ", length=" + length + ", payload="
                + Payloads.preview(view.duplicate().limit(length).position(0), Payloads.PREVIEW_BYTES) + "]";
    }
}

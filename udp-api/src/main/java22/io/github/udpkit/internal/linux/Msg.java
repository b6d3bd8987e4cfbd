package io.github.udpkit.internal.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The message structures of {@code sendmsg}, {@code recvmsg}, {@code sendmmsg} and {@code recvmmsg} for Linux LP64
 * (tested on x86_64; aarch64 declares the same layouts), and the {@code CMSG_*} arithmetic.
 *
 * <pre>
 * struct iovec   { void *iov_base; size_t iov_len; }                                  16 bytes
 * struct msghdr  { void *msg_name; socklen_t msg_namelen; (4 pad) struct iovec *msg_iov; size_t msg_iovlen;
 *                  void *msg_control; size_t msg_controllen; int msg_flags; (4 pad) }  56 bytes
 * struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; (4 pad) }              64 bytes
 * struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; data... }          16 bytes + data
 * </pre>
 */
final class Msg {
    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len"));
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));
    static final StructLayout MMSGHDR = MemoryLayout.structLayout(
            MSGHDR.withName("msg_hdr"),
            JAVA_INT.withName("msg_len"),
            MemoryLayout.paddingLayout(4));
    static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type"));

    static final long IOV_BASE = IOVEC.byteOffset(groupElement("iov_base"));
    static final long IOV_LEN = IOVEC.byteOffset(groupElement("iov_len"));
    static final long NAME = MSGHDR.byteOffset(groupElement("msg_name"));
    static final long NAMELEN = MSGHDR.byteOffset(groupElement("msg_namelen"));
    static final long IOV = MSGHDR.byteOffset(groupElement("msg_iov"));
    static final long IOVLEN = MSGHDR.byteOffset(groupElement("msg_iovlen"));
    static final long CONTROL = MSGHDR.byteOffset(groupElement("msg_control"));
    static final long CONTROLLEN = MSGHDR.byteOffset(groupElement("msg_controllen"));
    static final long FLAGS = MSGHDR.byteOffset(groupElement("msg_flags"));
    /** Offset of {@code msg_len} in {@code struct mmsghdr}; {@code msg_hdr} is at 0. */
    static final long MSG_LEN = MMSGHDR.byteOffset(groupElement("msg_len"));
    static final long CMSG_LEN_FIELD = CMSGHDR.byteOffset(groupElement("cmsg_len"));
    static final long CMSG_LEVEL = CMSGHDR.byteOffset(groupElement("cmsg_level"));
    static final long CMSG_TYPE = CMSGHDR.byteOffset(groupElement("cmsg_type"));

    /** {@code CMSG_SPACE(sizeof(int))}: room for one control message carrying an {@code int}. */
    static final long CMSG_SPACE_INT = cmsgSpace(Integer.BYTES);
    /** {@code CMSG_SPACE(sizeof(uint16_t))}: the {@code UDP_SEGMENT} control message. */
    static final long CMSG_SPACE_U16 = cmsgSpace(Short.BYTES);

    private Msg() {
    }

    /**
     * {@code CMSG_ALIGN}: rounds up to the alignment of {@code size_t}.
     *
     * @param length a length
     * @return the aligned length
     */
    static long cmsgAlign(long length) {
        return (length + Long.BYTES - 1) & ~(long) (Long.BYTES - 1);
    }

    /**
     * {@code CMSG_LEN}: the header plus {@code dataLength}, unpadded.
     *
     * @param dataLength the data's length
     * @return the value of {@code cmsg_len}
     */
    static long cmsgLen(long dataLength) {
        return cmsgAlign(CMSGHDR.byteSize()) + dataLength;
    }

    /**
     * {@code CMSG_SPACE}: the header plus {@code dataLength}, padded.
     *
     * @param dataLength the data's length
     * @return the room the message takes
     */
    static long cmsgSpace(long dataLength) {
        return cmsgAlign(CMSGHDR.byteSize()) + cmsgAlign(dataLength);
    }

    /**
     * Writes a {@code UDP_SEGMENT} control message.
     *
     * @param controls the control buffers
     * @param at where this one starts, {@link #CMSG_SPACE_U16} bytes
     * @param segmentSize the segment size
     */
    static void writeSegmentSize(MemorySegment controls, long at, int segmentSize) {
        controls.set(JAVA_LONG, at + CMSG_LEN_FIELD, cmsgLen(Short.BYTES));
        controls.set(JAVA_INT, at + CMSG_LEVEL, Libc.IPPROTO_UDP);
        controls.set(JAVA_INT, at + CMSG_TYPE, Libc.UDP_SEGMENT);
        long data = at + cmsgAlign(CMSGHDR.byteSize());
        controls.set(JAVA_LONG, data, 0); // the data and its padding
        controls.set(java.lang.foreign.ValueLayout.JAVA_SHORT, data, (short) segmentSize);
    }
}

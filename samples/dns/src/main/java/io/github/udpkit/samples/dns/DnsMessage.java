package io.github.udpkit.samples.dns;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The minimal subset of RFC 1035 a stub resolver needs: a query for one name's A records, and the response with its
 * A records. Decoding never throws anything but {@link DnsFormatException}, whatever the bytes, and follows at most
 * 16 compression pointers per name, so a hostile packet cannot loop it.
 */
public final class DnsMessage {
    /** Resource record type A: an IPv4 address. */
    public static final int TYPE_A = 1;
    /** Class IN: the internet. */
    public static final int CLASS_IN = 1;
    /** Response code: no error. */
    public static final int NOERROR = 0;
    /** Response code: the query could not be parsed. */
    public static final int FORMERR = 1;
    /** Response code: the name does not exist. */
    public static final int NXDOMAIN = 3;
    static final int HEADER = 12;
    private static final int QR = 0x8000;
    private static final int AA = 0x0400;
    private static final int RD = 0x0100;
    private static final int MAX_POINTERS = 16;

    private DnsMessage() {
    }

    /** A question: the query's id, flags, name (lower case, no trailing dot), type and class. */
    public record Question(int id, int flags, String name, int type, int qclass) {
    }

    /** An A record of a response. */
    public record ARecord(Inet4Address address, long ttl) {
    }

    /** A response: its id, response code, question name and the A records that answer it. */
    public record Response(int id, int rcode, String name, List<ARecord> answers) {
        /**
         * Copies the answers.
         *
         * @param id the id of the query answered
         * @param rcode the response code
         * @param name the question's name
         * @param answers the A records
         */
        public Response {
            answers = List.copyOf(answers);
        }
    }

    /**
     * Encodes a recursive query for the A records of a name.
     *
     * @param id the query id, 0 to 65535
     * @param name the name, for example {@code example.com} (a trailing dot is allowed)
     * @return the datagram's bytes
     * @throws IllegalArgumentException if the id is out of range or the name is not a valid DNS name
     */
    public static byte[] query(int id, String name) {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("id must be between 0 and 65535, was " + id);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + name.length() + 6);
        writeShort(out, id);
        writeShort(out, RD);
        writeShort(out, 1); // QDCOUNT
        writeShort(out, 0);
        writeShort(out, 0);
        writeShort(out, 0);
        writeName(out, name);
        writeShort(out, TYPE_A);
        writeShort(out, CLASS_IN);
        return out.toByteArray();
    }

    /**
     * Encodes the response to a question: the question again, then one A record per address, each naming the
     * question by a compression pointer.
     *
     * @param question what was asked
     * @param rcode the response code
     * @param addresses the answers (none for an error or another type)
     * @param ttl the records' time to live, in seconds
     * @return the datagram's bytes
     */
    public static byte[] response(Question question, int rcode, List<Inet4Address> addresses, long ttl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        writeShort(out, question.id());
        writeShort(out, QR | AA | (question.flags() & RD) | (rcode & 0xF));
        writeShort(out, 1);
        writeShort(out, addresses.size());
        writeShort(out, 0);
        writeShort(out, 0);
        writeName(out, question.name());
        writeShort(out, question.type());
        writeShort(out, question.qclass());
        for (Inet4Address address : addresses) {
            writeShort(out, 0xC000 | HEADER); // the question's name
            writeShort(out, TYPE_A);
            writeShort(out, CLASS_IN);
            writeShort(out, (int) (ttl >>> 16));
            writeShort(out, (int) ttl);
            writeShort(out, 4);
            out.writeBytes(address.getAddress());
        }
        return out.toByteArray();
    }

    /**
     * Returns a message's id: its first two bytes.
     *
     * @param message the bytes
     * @return the id, or -1 if the message is shorter than a header
     */
    public static int id(byte[] message) {
        return message.length < HEADER ? -1 : (message[0] & 0xFF) << 8 | message[1] & 0xFF;
    }

    /**
     * Decodes the first question of a query.
     *
     * @param message the query's bytes
     * @return the question
     * @throws DnsFormatException if the bytes are not a query with a question
     */
    public static Question parseQuery(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message);
        try {
            int id = in.getShort() & 0xFFFF;
            int flags = in.getShort() & 0xFFFF;
            int questions = in.getShort() & 0xFFFF;
            in.position(HEADER);
            if ((flags & QR) != 0 || questions < 1) {
                throw new DnsFormatException("not a query with a question (flags " + Integer.toHexString(flags)
                        + ", " + questions + " questions)");
            }
            String name = readName(in, message);
            return new Question(id, flags, name, in.getShort() & 0xFFFF, in.getShort() & 0xFFFF);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw e instanceof DnsFormatException f ? f : new DnsFormatException("query cut short at byte "
                    + in.position());
        }
    }

    /**
     * Decodes a response: its header, its question's name and its A records of class IN (other records, such as
     * CNAMEs, are skipped).
     *
     * @param message the response's bytes
     * @return the response
     * @throws DnsFormatException if the bytes are not a DNS response
     */
    public static Response parseResponse(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message);
        try {
            int id = in.getShort() & 0xFFFF;
            int flags = in.getShort() & 0xFFFF;
            int questions = in.getShort() & 0xFFFF;
            int answers = in.getShort() & 0xFFFF;
            in.position(HEADER);
            if ((flags & QR) == 0) {
                throw new DnsFormatException("not a response: the QR bit is 0");
            }
            String name = "";
            for (int q = 0; q < questions; q++) {
                String n = readName(in, message);
                name = q == 0 ? n : name;
                in.position(in.position() + 4);
            }
            List<ARecord> records = new ArrayList<>();
            for (int a = 0; a < answers; a++) {
                readName(in, message);
                int type = in.getShort() & 0xFFFF;
                int rclass = in.getShort() & 0xFFFF;
                long ttl = in.getInt() & 0xFFFFFFFFL;
                int length = in.getShort() & 0xFFFF;
                byte[] data = new byte[length];
                in.get(data);
                if (type == TYPE_A && rclass == CLASS_IN && length == 4) {
                    records.add(new ARecord((Inet4Address) InetAddress.getByAddress(data), ttl));
                }
            }
            return new Response(id, flags & 0xF, name, records);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw e instanceof DnsFormatException f ? f
                    : new DnsFormatException("response cut short or malformed at byte " + in.position());
        } catch (UnknownHostException e) {
            throw new DnsFormatException("bad address: " + e.getMessage()); // not reached for 4 bytes
        }
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8 & 0xFF);
        out.write(value & 0xFF);
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            throw new IllegalArgumentException("name must be 1 to 253 characters, was '" + name + "'");
        }
        for (String label : n.split("\\.", -1)) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            if (bytes.length == 0 || bytes.length > 63 || !label.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException("name must be labels of 1 to 63 printable ASCII characters "
                        + "between dots, was '" + name + "'");
            }
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
    }

    /** Reads a name at the buffer's position, following compression pointers; leaves the position after it. */
    private static String readName(ByteBuffer in, byte[] message) {
        StringBuilder name = new StringBuilder();
        int at = in.position();
        int pointers = 0;
        int resume = -1;
        while (true) {
            int length = message[at] & 0xFF;
            if ((length & 0xC0) == 0xC0) {
                if (++pointers > MAX_POINTERS) {
                    throw new DnsFormatException("more than " + MAX_POINTERS + " compression pointers in a name");
                }
                if (resume < 0) {
                    resume = at + 2;
                }
                at = (length & 0x3F) << 8 | message[at + 1] & 0xFF;
                continue;
            }
            if ((length & 0xC0) != 0) {
                throw new DnsFormatException("bad label length " + length + " at byte " + at);
            }
            if (length == 0) {
                in.position(resume >= 0 ? resume : at + 1);
                String n = name.toString().toLowerCase(Locale.ROOT);
                return n.isEmpty() ? "." : n;
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(message, at + 1, length, StandardCharsets.US_ASCII));
            if (name.length() > 253) {
                throw new DnsFormatException("name longer than 253 characters");
            }
            at += 1 + length;
        }
    }
}

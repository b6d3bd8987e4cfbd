import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Not part of the build: the flooder of {@code flood.sh}. Sends COUNT datagrams of SIZE bytes (default 1,472) to
 * 127.0.0.1:PORT, paced at RATE per second and stopped after 60 seconds at most, then prints what it sent.
 * {@code java Flood.java PORT COUNT RATE letters|controls|binary [SIZE]}
 */
public class Flood {
    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        int count = Integer.parseInt(a[1]);
        int rate = Integer.parseInt(a[2]);
        String kind = a[3];
        int size = a.length > 4 ? Integer.parseInt(a[4]) : 1472;
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = switch (kind) {
                case "letters" -> (byte) ('a' + i % 26);               // udpbench's payload
                case "controls" -> (byte) (i % 4 == 0 ? 0x01 : 'a' + i % 26); // ASCII, one control byte in four
                case "binary" -> (byte) i;                              // every byte value: controls, invalid UTF-8
                default -> throw new IllegalArgumentException(kind);
            };
        }
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(new InetSocketAddress("127.0.0.1", port));
            ByteBuffer buf = ByteBuffer.wrap(payload);
            long start = System.nanoTime();
            long deadline = start + 60_000_000_000L; // bounded in time as well as in count
            int sent = 0;
            while (sent < count && System.nanoTime() < deadline) {
                long due = start + (long) sent * 1_000_000_000L / rate;
                if (System.nanoTime() < due) {
                    Thread.onSpinWait();
                    continue;
                }
                buf.clear();
                if (ch.write(buf) == size) {
                    sent++;
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("sent=%d secs=%.3f pps=%.0f%n", sent, secs, sent / secs);
        }
    }
}

package io.github.udpkit.testkit;

import io.github.udpkit.UdpException;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy's clients, as a NAT keeps them: each client address gets its own upstream socket towards the target, so
 * the target's answers go back to the client that caused them; NAT rebinding moves a client to a new socket. Only the
 * receive thread adds or rebinds clients; {@link #closeAll()} runs after it has ended.
 */
final class ProxyClients {
    private static final int BUFFER_BYTES = 4 * 1024 * 1024;

    private final Map<InetSocketAddress, Client> clients = new HashMap<>();
    private final List<DatagramChannel> retired = new ArrayList<>();
    private final Selector selector;
    private final InetSocketAddress target;
    private final long rebindAfter;
    private final long rebindAtNanos;
    private final LinkStage events;

    /** A client and its upstream socket; only the receive thread changes it. */
    static final class Client {
        final int number;
        final InetSocketAddress address;
        DatagramChannel upstream;
        InetSocketAddress upstreamAddress;
        long datagrams;
        boolean rebound;

        Client(int number, InetSocketAddress address, DatagramChannel upstream) throws IOException {
            this.number = number;
            this.address = address;
            this.upstream = upstream;
            this.upstreamAddress = (InetSocketAddress) upstream.getLocalAddress();
        }
    }

    ProxyClients(Selector selector, InetSocketAddress target, long rebindAfter, long rebindAtNanos,
                 LinkStage events) {
        this.selector = selector;
        this.target = target;
        this.rebindAfter = rebindAfter;
        this.rebindAtNanos = rebindAtNanos;
        this.events = events;
    }

    /**
     * Returns the client for an address, opening its upstream socket on first contact, and rebinds it first when a
     * rebinding is due.
     *
     * @param from the client's address
     * @param now nanoseconds from the proxy's start
     * @param nextSequence the sequence number the datagram will get, for the rebinding event
     */
    Client from(InetSocketAddress from, long now, long nextSequence) throws IOException {
        Client client = clients.get(from);
        if (client == null) {
            DatagramChannel upstream = open(new InetSocketAddress(loopbackFor(target), 0));
            client = new Client(clients.size() + 1, from, upstream);
            upstream.register(selector, SelectionKey.OP_READ, client);
            clients.put(from, client);
        }
        boolean due = !client.rebound && ((rebindAfter > 0 && client.datagrams == rebindAfter)
                || (rebindAtNanos >= 0 && now >= rebindAtNanos));
        client.datagrams++;
        if (due) {
            rebind(client, now, nextSequence);
        }
        return client;
    }

    /** The client's next datagram leaves from a new port; replies to the old one are no longer read. */
    private void rebind(Client client, long now, long nextSequence) throws IOException {
        client.rebound = true;
        DatagramChannel old = client.upstream;
        DatagramChannel fresh = open(new InetSocketAddress(loopbackFor(target), 0));
        fresh.register(selector, SelectionKey.OP_READ, client);
        SelectionKey oldKey = old.keyFor(selector);
        if (oldKey != null) {
            oldKey.cancel();
        }
        synchronized (retired) {
            retired.add(old); // still sends what was already scheduled on it; closed with the proxy
        }
        client.upstream = fresh;
        client.upstreamAddress = (InetSocketAddress) fresh.getLocalAddress();
        Duration at = Duration.ofNanos(now);
        events.add(new LinkEvent(at, Direction.TO_TARGET, nextSequence, LinkEvent.Kind.REBOUND, at, "client "
                + client.number + ": port " + ((InetSocketAddress) old.getLocalAddress()).getPort() + " -> "
                + client.upstreamAddress.getPort()));
    }

    /** Closes every upstream socket, current and retired; call once the receive thread has ended. */
    void closeAll() {
        for (Client client : List.copyOf(clients.values())) {
            closeQuietly(client.upstream);
        }
        synchronized (retired) {
            retired.forEach(ProxyClients::closeQuietly);
        }
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing left to do with a socket that fails to close
        }
    }

    static InetAddress loopbackFor(InetSocketAddress target) {
        try {
            return target.getAddress() instanceof Inet6Address
                    ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new UdpException("cannot resolve the loopback address: " + e.getMessage(), e);
        }
    }

    /** A non-blocking channel with 4 MiB buffers, bound to {@code bind}. */
    static DatagramChannel open(InetSocketAddress bind) throws IOException {
        DatagramChannel channel = DatagramChannel.open(bind.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER_BYTES);
            channel.bind(bind);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
}

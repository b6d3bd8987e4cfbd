package io.github.udpkit.benchmarks.harness;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.1 with one event loop thread, NIO or native epoll. Receive buffers are set to 64 KiB
 * ({@link FixedRecvByteBufAllocator}): Netty's UDP default of 2,048 bytes would silently truncate larger datagrams.
 */
@SuppressWarnings("deprecation") // NioEventLoopGroup / EpollEventLoopGroup: the 4.1 way; 4.2's IoHandler API is new
final class NettyTransport implements Transport {
    private final boolean epoll;

    NettyTransport(boolean epoll) {
        this.epoll = epoll;
    }

    private Bootstrap bootstrap(EventLoopGroup group, ChannelHandler handler) {
        return new Bootstrap()
                .group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(handler);
    }

    private EventLoopGroup group() {
        return epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    }

    private static void shutdown(Channel channel, EventLoopGroup group) {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static int port(Channel channel) {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public Receiving receive(int size) throws Exception {
        EventLoopGroup group = group();
        Counter count = new Counter();
        Channel channel = bootstrap(group, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                count.increment();
                ReferenceCountUtil.release(msg);
            }
        }).bind("127.0.0.1", 0).sync().channel();
        return Transport.receiving(NettyTransport.port(channel), count::get, () -> shutdown(channel, group));
    }

    @Override
    public Flooding flood(InetSocketAddress target, int size) throws Exception {
        EventLoopGroup group = group();
        Counter count = new Counter();
        Channel channel = bootstrap(group, new ChannelInboundHandlerAdapter())
                .connect(target).sync().channel();
        ByteBuf payload = Unpooled.directBuffer(size).writeZero(size);
        // On the event loop: write a batch while the channel takes it, flush (epoll sends a batch with sendmmsg),
        // then yield to the loop and come back.
        Runnable pump = new Runnable() {
            @Override
            public void run() {
                if (!channel.isActive()) {
                    return;
                }
                for (int i = 0; i < 32 && channel.isWritable(); i++) {
                    channel.write(new DatagramPacket(payload.retainedDuplicate(), target), channel.voidPromise());
                    count.increment();
                }
                channel.flush();
                channel.eventLoop().execute(this);
            }
        };
        channel.eventLoop().execute(pump);
        return Transport.flooding(count::get, () -> shutdown(channel, group));
    }

    @Override
    public Running echo() throws Exception {
        EventLoopGroup group = group();
        Channel channel = bootstrap(group, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                DatagramPacket packet = (DatagramPacket) msg;
                ctx.writeAndFlush(new DatagramPacket(packet.content(), packet.sender()), ctx.voidPromise());
            }
        }).bind("127.0.0.1", 0).sync().channel();
        return Transport.running(NettyTransport.port(channel), () -> shutdown(channel, group));
    }

    @Override
    public Pinging ping(InetSocketAddress target, int size, Latencies latencies) throws Exception {
        EventLoopGroup group = group();
        ByteBuf payload = Unpooled.directBuffer(size).writeZero(size);
        Channel channel = bootstrap(group, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                if (latencies.received()) {
                    latencies.sending();
                    ctx.writeAndFlush(new DatagramPacket(payload.retainedDuplicate(), target), ctx.voidPromise());
                }
            }
        }).bind("127.0.0.1", 0).sync().channel();
        Runnable send = () -> {
            latencies.sending();
            channel.writeAndFlush(new DatagramPacket(payload.retainedDuplicate(), target), channel.voidPromise());
        };
        channel.eventLoop().execute(send); // the first ping; each reply sends the next
        return new Pinging() {
            @Override
            public void kick() {
                channel.eventLoop().execute(send);
            }

            @Override
            public int port() {
                return NettyTransport.port(channel);
            }

            @Override
            public void close() {
                shutdown(channel, group);
            }
        };
    }
}

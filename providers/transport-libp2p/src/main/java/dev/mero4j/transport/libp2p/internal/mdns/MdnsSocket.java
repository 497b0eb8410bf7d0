package dev.mero4j.transport.libp2p.internal.mdns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.function.Consumer;

/** The real mDNS carrier: UDP 5353 joined to 224.0.0.251 on every multicast-capable interface. */
public final class MdnsSocket implements MdnsHandler.Link, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(MdnsSocket.class.getName());

  private final DatagramChannel channel;
  private final InetSocketAddress group;

  private MdnsSocket(DatagramChannel channel, InetSocketAddress group) {
    this.channel = channel;
    this.group = group;
  }

  public static MdnsSocket open(EventLoopGroup loops, Consumer<byte[]> receiver)
      throws SocketException {
    InetSocketAddress group;
    try {
      group =
          new InetSocketAddress(InetAddress.getByName(MdnsProtocol.GROUP_IPV4), MdnsProtocol.PORT);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("bad mDNS group literal", e);
    }
    Bootstrap b =
        new Bootstrap()
            .group(loops)
            .channelFactory(() -> new NioDatagramChannel(SocketProtocolFamily.INET))
            .option(ChannelOption.SO_REUSEADDR, true)
            .handler(
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                    if (p.content().readableBytes() <= MdnsProtocol.MAX_PACKET) {
                      receiver.accept(ByteBufUtil.getBytes(p.content()));
                    }
                  }
                });
    DatagramChannel ch =
        (DatagramChannel) b.bind(MdnsProtocol.PORT).syncUninterruptibly().channel();
    int joined = 0;
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp() && nif.supportsMulticast() && !nif.isLoopback()) {
        // An interface without an IPv4 address (a bare bridge port) refuses the group: skip it.
        Throwable failure = ch.joinGroup(group, nif).awaitUninterruptibly().cause();
        if (failure == null) {
          joined++;
        } else {
          LOG.log(Level.DEBUG, "mDNS skips {0}: {1}", nif.getName(), failure.toString());
        }
      }
    }
    if (joined == 0) {
      ch.close().syncUninterruptibly();
      throw new SocketException("no network interface accepts the mDNS group");
    }
    return new MdnsSocket(ch, group);
  }

  @Override
  public void send(byte[] packet) {
    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet), group));
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}

package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.PeerUnreachableException;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Opens outbound TCP connections; with port reuse on (NAT traversal), dials from the listen port so
 * that NATs map every connection to the same external port, which identify reports and hole
 * punching dials (SO_REUSEADDR and SO_REUSEPORT on the listener and on each dialing socket).
 */
final class TcpDialer {
  private final Libp2pHost host;
  private final EventLoopGroup group;
  private volatile boolean reusePort;
  private volatile InetSocketAddress listenV4;

  TcpDialer(Libp2pHost host, EventLoopGroup group) {
    this.host = host;
    this.group = group;
  }

  /** True when this platform lets a dialing socket share the listen port (Linux, macOS). */
  static boolean portReuseSupported() {
    try (SocketChannel s = SocketChannel.open();
        ServerSocketChannel l = ServerSocketChannel.open()) {
      return s.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)
          && l.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  void enablePortReuse() {
    reusePort = portReuseSupported();
  }

  boolean reusePort() {
    return reusePort;
  }

  /** Lets {@code b} share its port with dialing sockets, when port reuse is on. */
  <B extends AbstractBootstrap<B, ?>> B listenOptions(B b) {
    if (reusePort) {
      b.option(ChannelOption.SO_REUSEADDR, true)
          .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
    }
    return b;
  }

  /**
   * Remembers an IPv4 listen address as the source of later dials. A wildcard {@code /ip4/0.0.0.0}
   * listener reports the dual-stack {@code ::} as its bound address; dials then come from the
   * wildcard address and the listen port too (the kernel picks the interface address).
   */
  void listening(Multiaddr requested, InetSocketAddress bound) {
    if (!reusePort || listenV4 != null) {
      return;
    }
    if (bound.getAddress().getAddress().length == 4) {
      listenV4 = bound;
    } else if (bound.getAddress().isAnyLocalAddress() && requested.value("ip4").isPresent()) {
      listenV4 = new InetSocketAddress(bound.getPort());
    }
  }

  /**
   * Connects to {@code address}; {@code client} is the role in the upgrade (the dialer's, unless
   * hole punching makes this node the server of a simultaneous open).
   */
  void dial(
      Multiaddr address, PeerId expected, boolean client, CompletableFuture<Connection> result) {
    InetSocketAddress target;
    try {
      target = address.socketAddress();
    } catch (IllegalArgumentException e) {
      result.completeExceptionally(new PeerUnreachableException("cannot dial " + address, e));
      return;
    }
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) host.limits().handshakeTimeout().toMillis())
            .handler(new Upgrader(host, client, expected, result));
    InetSocketAddress local = listenV4;
    boolean bindLocal = local != null && address.value("ip4").isPresent();
    ChannelFuture f;
    if (bindLocal) {
      listenOptions(b);
      f = b.connect(target, new InetSocketAddress(local.getAddress(), local.getPort()));
    } else {
      f = b.connect(target);
    }
    f.addListener(
        (ChannelFuture done) -> {
          if (done.isSuccess() || result.isDone()) {
            return;
          }
          if (bindLocal) {
            // The 4-tuple may be taken (a second connection to one address, or the peer's own
            // punch already arrived): try again from any port.
            b.connect(target)
                .addListener((ChannelFuture again) -> failIfNot(again, address, result));
            return;
          }
          failIfNot(done, address, result);
        });
  }

  private static void failIfNot(
      ChannelFuture f, Multiaddr address, CompletableFuture<Connection> result) {
    if (!f.isSuccess()) {
      result.completeExceptionally(
          new PeerUnreachableException("cannot connect to " + address, f.cause()));
    }
  }
}

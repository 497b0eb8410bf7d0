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
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Opens outbound TCP connections; with port reuse on (NAT traversal), dials from the listen port so
 * that NATs map every connection to the same external port, which identify reports and hole
 * punching dials (SO_REUSEADDR and SO_REUSEPORT on the listener and on each dialing socket), for
 * IPv4 and IPv6 alike.
 */
final class TcpDialer {
  private final Libp2pHost host;
  private final EventLoopGroup group;
  private volatile boolean reusePort;
  private volatile InetSocketAddress listenV4;
  private volatile InetSocketAddress listenV6;

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
   * Remembers the first listen address of each IP family as the source of later dials of that
   * family. A wildcard {@code /ip4/0.0.0.0} listener reports the dual-stack {@code ::} as its bound
   * address: it accepts both families, so dials of both then come from the wildcard address and the
   * listen port (the kernel picks the interface address).
   */
  void listening(Multiaddr requested, InetSocketAddress bound) {
    if (!reusePort) {
      return;
    }
    InetAddress ip = bound.getAddress();
    boolean v6 = ip instanceof Inet6Address;
    if (!ip.isAnyLocalAddress()) {
      remember(v6, bound);
    } else if (requested.value("ip4").isPresent()) {
      remember(false, new InetSocketAddress(bound.getPort()));
      if (v6) {
        remember(true, bound);
      }
    } else if (v6) {
      remember(true, bound);
    }
  }

  private void remember(boolean v6, InetSocketAddress local) {
    if (v6 && listenV6 == null) {
      listenV6 = local;
    } else if (!v6 && listenV4 == null) {
      listenV4 = local;
    }
  }

  /** The address to dial {@code target} from: the listen port of its family, or null (any). */
  private InetSocketAddress source(Multiaddr target) {
    if (target.value("ip4").isPresent()) {
      return listenV4;
    }
    return target.value("ip6").isPresent() ? listenV6 : null;
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
    InetSocketAddress local = source(address);
    boolean bindLocal = local != null;
    // From the listen port, the first attempt gets its own future: when its connect fails (the
    // 4-tuple may be taken: a second connection to one address, or the peer's own punch already
    // arrived), its closing channel must not fail the dial that the retry from any port completes.
    CompletableFuture<Connection> first = bindLocal ? new CompletableFuture<>() : result;
    Bootstrap b = bootstrap(new Upgrader(host, client, expected, first));
    ChannelFuture f;
    if (bindLocal) {
      listenOptions(b);
      f = b.connect(target, local);
    } else {
      f = b.connect(target);
    }
    f.addListener(
        (ChannelFuture done) -> {
          if (!bindLocal) {
            failIfNot(done, address, result);
          } else if (done.isSuccess()) {
            first.whenComplete(
                (c, e) -> {
                  if (e != null) {
                    result.completeExceptionally(e);
                  } else if (!result.complete(c)) {
                    c.abort();
                  }
                });
          } else if (!result.isDone()) {
            bootstrap(new Upgrader(host, client, expected, result))
                .connect(target)
                .addListener((ChannelFuture again) -> failIfNot(again, address, result));
          }
        });
  }

  private Bootstrap bootstrap(Upgrader upgrader) {
    return new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(
            ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) host.limits().handshakeTimeout().toMillis())
        .handler(upgrader);
  }

  private static void failIfNot(
      ChannelFuture f, Multiaddr address, CompletableFuture<Connection> result) {
    if (!f.isSuccess()) {
      result.completeExceptionally(
          new PeerUnreachableException("cannot connect to " + address, f.cause()));
    }
  }
}

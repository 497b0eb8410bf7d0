package dev.mero4j.transport.libp2p.internal.conn;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The threads of one transport: Netty's event loops and the pool running application handlers. */
public final class TransportThreads {
  /** Threads running request handlers, so slow handlers never stall the network threads. */
  public static final int APP_THREADS = 8;

  private TransportThreads() {}

  /** {@code count} daemon NIO event loops. */
  public static EventLoopGroup eventLoops(int count) {
    return new MultiThreadIoEventLoopGroup(
        count, new DefaultThreadFactory("mero4j-libp2p", true), NioIoHandler.newFactory());
  }

  /** A pool of {@link #APP_THREADS} daemon threads that time out when idle. */
  public static ExecutorService appExecutor() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            APP_THREADS,
            APP_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new DefaultThreadFactory("mero4j-libp2p-app", true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}

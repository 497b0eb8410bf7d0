package dev.mero4j.it.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code bin/mero4j run} processes over real libp2p: a node killed with SIGKILL while it holds
 * a peer's delta whose event handler has not run yet runs that handler after its restart, and every
 * handler of every delta runs exactly once. The kill is aimed, not timed: the receiver is frozen
 * with SIGSTOP, a copy of its store is read, and it is killed only when the copy holds a queued
 * handler job (else it runs on and is frozen again), so the kill acts on exactly that state.
 */
class HandlerJobKill9ProcessTest {
  /** The runtime's keyspace of queued handler jobs ({@code ContextStore.HANDLERS}). */
  private static final String HANDLER_JOBS = "ctx-handlers";

  private static final Duration CONVERGE = Duration.ofSeconds(90);

  @TempDir Path dir;

  private final ExecutorService writerThread = Executors.newSingleThreadExecutor();
  private ReplicaNode writer;
  private ReplicaNode receiver;

  @AfterEach
  void stop() {
    writerThread.shutdownNow();
    Stream.of(receiver, writer).filter(n -> n != null).forEach(ReplicaNode::close);
  }

  @Test
  void aHandlerJobPendingAtAKill9RunsAfterTheRestartAndEveryHandlerRunsOnce() throws Exception {
    writer = ReplicaNode.init("writer", dir.resolve("writer"), "plain");
    receiver = ReplicaNode.init("receiver", dir.resolve("receiver"), "osgi");
    writer.start();
    writer.awaitReady();
    receiver.bootstrap(List.of(writer));
    receiver.start();
    receiver.awaitReady();
    Path wasm = NodeProcess.DIST.resolve("apps/event-handlers.wasm");
    String app = writer.install(wasm);
    receiver.install(wasm);
    String ctx = writer.createContext(app);
    assertThat(receiver.join(writer.invite(ctx))).isEqualTo(ctx);

    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    Future<?> stream =
        writerThread.submit(
            () -> {
              while (writing.get()) {
                writer.call(ctx, "add_item", "{\"item\":\"item-" + written.get() + "\"}");
                written.incrementAndGet();
              }
            });
    long pendingAtKill = freezeWhileAHandlerJobIsPending(receiver);
    receiver.kill();
    writing.set(false);
    stream.get(60, TimeUnit.SECONDS);
    assertThat(pendingAtKill).as("handler jobs in the store the kill left").isPositive();

    receiver.start();
    receiver.awaitReady();
    int total = written.get();
    await("every handler ran on the restarted receiver")
        .atMost(CONVERGE)
        .until(
            () -> {
              long received = receiver.call(ctx, "received", "{}").asLong();
              assertThat(received)
                  .as("handler runs (never more than the deltas)")
                  .isLessThanOrEqualTo(total);
              return received == total;
            });
    assertThat(receiver.call(ctx, "items", "{}").size()).isEqualTo(total);
    assertThat(writer.call(ctx, "received", "{}").asLong())
        .as("the writer runs no handler of its own events")
        .isZero();
  }

  /**
   * Freezes {@code node} at a moment its store holds a queued handler job and returns how many it
   * holds; between looks the node runs on for the time two {@code kill} commands take.
   */
  private long freezeWhileAHandlerJobIsPending(ReplicaNode node) {
    AtomicInteger looks = new AtomicInteger();
    long[] pending = new long[1];
    await("a moment with a handler job queued on " + node.name)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              node.pause();
              pending[0] = queuedHandlerJobs(node, dir.resolve("look-" + looks.incrementAndGet()));
              if (pending[0] == 0) {
                node.resume();
              }
              return pending[0] > 0;
            });
    return pending[0];
  }

  /**
   * Copies the paused node's MapDB files, counts the handler jobs the copy holds (opening it as the
   * restarted node would open the originals) and deletes the copy.
   */
  private static long queuedHandlerJobs(ReplicaNode node, Path copy) {
    copyTree(node.home.resolve("data").resolve(MapDbStorageProvider.NAME), copy);
    long count = 0;
    try (StorageEngine engine = new MapDbStorageProvider().open(StorageConfig.at(copy));
        KeyValueCursor jobs = engine.keyspace(HANDLER_JOBS).range(null, null)) {
      while (jobs.hasNext()) {
        jobs.next();
        count++;
      }
    }
    deleteTree(copy);
    return count;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.mero4j.storage.tck;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageLockedException;
import dev.mero4j.storage.api.StorageProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL 50 times on the same store and checks after each kill that
 * every acknowledged batch survived and that no batch survived in part; while the first child runs,
 * the store must be locked against this process. A provider's test supplies the provider and a
 * {@code main} class that calls {@link StorageCrashChild#run}.
 */
public abstract class StorageCrashContractTest {
  private static final int KILLS = 50;
  private static final int MIN_DELAY_MS = 50;
  private static final int MAX_DELAY_MS = 400;

  /**
   * Every this many rounds (and in the last) the whole store is checked; the rounds in between
   * check only the batches from the previous round's end on, which keeps fast engines' test short.
   */
  private static final int FULL_CHECK_EVERY = 10;

  /** Holds the store, the children's output files and {@link #childEnvironment} scratch space. */
  @TempDir protected Path dir;

  /** The provider under test, used to verify the store after each kill. */
  protected abstract StorageProvider provider();

  /** A class whose {@code main} calls {@link StorageCrashChild#run} with the same provider. */
  protected abstract Class<?> childMain();

  /** The config of both the children and the verification; its durability reaches the child. */
  protected StorageConfig config(Path store) {
    return StorageConfig.at(store);
  }

  /** Extra environment for the child JVMs (such as where a native library is extracted). */
  protected Map<String, String> childEnvironment(Path scratch) {
    return Map.of();
  }

  @Test
  void everyAcknowledgedBatchSurvivesSigkillAndNoBatchIsTorn() throws Exception {
    String name = getClass().getSimpleName();
    long seed = Long.getLong("mero4j.crash.seed", System.nanoTime());
    System.out.println(name + " seed " + seed + " (rerun with -Dmero4j.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    Path store = dir.resolve("store");
    long next = 0;
    long acknowledged = 0;
    for (int round = 0; round < KILLS; round++) {
      Child child = startChild(store, next, round);
      await("child " + round + " ready")
          .atMost(60, SECONDS)
          .until(() -> child.ready() || !child.process.isAlive());
      assertThat(child.ready())
          .as("child %d opened the store (seed %d), see %s", round, seed, child.stderr)
          .isTrue();
      if (round == 0) {
        assertThatThrownBy(() -> provider().open(config(store)).close())
            .as("a store open in another process is locked")
            .isInstanceOf(StorageLockedException.class);
      }
      Thread.sleep(MIN_DELAY_MS + random.nextInt(MAX_DELAY_MS - MIN_DELAY_MS + 1));
      child.process.destroyForcibly();
      await("child " + round + " dead").atMost(30, SECONDS).until(() -> !child.process.isAlive());

      long lastAck = child.lastAck();
      boolean full = round % FULL_CHECK_EVERY == FULL_CHECK_EVERY - 1 || round == KILLS - 1;
      long lastPresent =
          verify(store, full ? 0 : next, lastAck, "round " + round + " seed " + seed);
      acknowledged += lastAck < next ? 0 : lastAck - next + 1;
      next = lastPresent + 1;
    }
    System.out.println(
        name
            + ": "
            + KILLS
            + " kills, "
            + acknowledged
            + " acked batches, "
            + next
            + " batches stored");
    assertThat(acknowledged).as("the children acknowledged batches at all").isGreaterThan(KILLS);
  }

  /**
   * Checks batches {@code from..last} are all complete and no other batch from {@code from} on is
   * stored; returns last.
   */
  private long verify(Path store, long from, long lastAck, String context) {
    TreeMap<Long, List<KeyValue>> batches = new TreeMap<>();
    try (StorageEngine engine = provider().open(config(store))) {
      for (String keyspace : List.of(CrashWorkload.EVEN, CrashWorkload.ODD)) {
        try (KeyValueCursor cursor =
            engine.keyspace(keyspace).range(CrashWorkload.key(from, 0), null)) {
          cursor.forEachRemaining(
              kv ->
                  batches
                      .computeIfAbsent(CrashWorkload.batchOf(kv.key()), b -> new ArrayList<>())
                      .add(kv));
        }
      }
    }
    long last = batches.isEmpty() ? from - 1 : batches.lastKey();
    assertThat(last)
        .as("%s: last stored batch covers the last ack", context)
        .isGreaterThanOrEqualTo(lastAck);
    assertThat(batches.size())
        .as("%s: batches %d..%d all present", context, from, last)
        .isEqualTo(last - from + 1);
    batches.forEach(
        (batch, entries) -> {
          assertThat(entries)
              .as("%s: batch %d complete", context, batch)
              .hasSize(CrashWorkload.keysIn(batch));
          for (KeyValue kv : entries) {
            int index = CrashWorkload.indexOf(kv.key());
            assertThat(kv.value())
                .as("%s: value of batch %d key %d", context, batch, index)
                .isEqualTo(CrashWorkload.value(batch, index));
          }
        });
    return last;
  }

  private Child startChild(Path store, long first, int round) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        List.of(
            java,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            childMain().getName(),
            store.toString(),
            Long.toString(first),
            config(store).durability().name());
    Path stdout = dir.resolve("child-" + round + ".out");
    Path stderr = dir.resolve("child-" + round + ".err");
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().putAll(childEnvironment(scratch));
    return new Child(builder.start(), stdout, stderr);
  }

  /**
   * A running child. Its stdout goes to a file, not a pipe: reading the pipe of a process that is
   * being killed races with the JDK draining it ("Stream closed").
   */
  private static final class Child {
    final Process process;
    final Path stdout;
    final Path stderr;

    Child(Process process, Path stdout, Path stderr) {
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    boolean ready() {
      return completeLines().contains("ready");
    }

    /** The last acknowledged batch, or -1; call once the process is dead. */
    long lastAck() {
      long last = -1;
      for (String line : completeLines()) {
        if (line.startsWith("ack ")) {
          last = Long.parseLong(line.substring(4));
        }
      }
      return last;
    }

    private List<String> completeLines() {
      try {
        String text = Files.readString(stdout, StandardCharsets.UTF_8);
        return List.of(text.substring(0, text.lastIndexOf('\n') + 1).split("\n"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

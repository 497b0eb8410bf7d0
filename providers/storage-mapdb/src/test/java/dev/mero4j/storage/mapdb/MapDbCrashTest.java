package dev.mero4j.storage.mapdb;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mero4j.storage.api.KeyValue;
import dev.mero4j.storage.api.KeyValueCursor;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL 50 times on the same store and checks after each kill
 * that every acknowledged batch survived and that no batch survived in part.
 */
class MapDbCrashTest {
  private static final int KILLS = 50;
  private static final int MIN_DELAY_MS = 50;
  private static final int MAX_DELAY_MS = 400;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedBatchSurvivesSigkillAndNoBatchIsTorn() throws Exception {
    long seed = Long.getLong("mero4j.crash.seed", System.nanoTime());
    System.out.println("MapDbCrashTest seed " + seed + " (rerun with -Dmero4j.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    Path store = dir.resolve("store");
    long next = 0;
    long acknowledged = 0;
    for (int round = 0; round < KILLS; round++) {
      Child child = Child.start(store, next, dir, round);
      await("child " + round + " ready").atMost(60, SECONDS).until(() -> child.ready() || !child.process.isAlive());
      assertThat(child.ready()).as("child %d opened the store (seed %d), see %s", round, seed, child.stderr).isTrue();
      Thread.sleep(MIN_DELAY_MS + random.nextInt(MAX_DELAY_MS - MIN_DELAY_MS + 1));
      child.process.destroyForcibly();
      await("child " + round + " dead").atMost(30, SECONDS).until(() -> !child.process.isAlive());

      long lastAck = child.lastAck();
      long lastPresent = verify(store, lastAck, "round " + round + " seed " + seed);
      acknowledged += lastAck < next ? 0 : lastAck - next + 1;
      next = lastPresent + 1;
    }
    System.out.println("MapDbCrashTest: " + KILLS + " kills, " + acknowledged + " acked batches, " + next + " batches stored");
    assertThat(acknowledged).as("the children acknowledged batches at all").isGreaterThan(KILLS);
  }

  /** Checks batches 0..last are all complete and nothing else is stored; returns last. */
  private static long verify(Path store, long lastAck, String context) {
    TreeMap<Long, List<KeyValue>> batches = new TreeMap<>();
    try (StorageEngine engine = new MapDbStorageProvider().open(StorageConfig.at(store))) {
      for (String keyspace : List.of(CrashWorkload.EVEN, CrashWorkload.ODD)) {
        try (KeyValueCursor cursor = engine.keyspace(keyspace).range(null, null)) {
          cursor.forEachRemaining(kv -> batches.computeIfAbsent(CrashWorkload.batchOf(kv.key()), b -> new ArrayList<>()).add(kv));
        }
      }
    }
    long last = batches.isEmpty() ? -1 : batches.lastKey();
    assertThat(last).as("%s: last stored batch covers the last ack", context).isGreaterThanOrEqualTo(lastAck);
    assertThat(batches.size()).as("%s: batches 0..%d all present", context, last).isEqualTo(last + 1);
    batches.forEach((batch, entries) -> {
      assertThat(entries).as("%s: batch %d complete", context, batch).hasSize(CrashWorkload.keysIn(batch));
      for (KeyValue kv : entries) {
        int index = CrashWorkload.indexOf(kv.key());
        assertThat(kv.value()).as("%s: value of batch %d key %d", context, batch, index)
            .isEqualTo(CrashWorkload.value(batch, index));
      }
    });
    return last;
  }

  /**
   * A running {@link MapDbCrashChild}. Its stdout goes to a file, not a pipe: reading the pipe of a
   * process that is being killed races with the JDK draining it ("Stream closed").
   */
  private static final class Child {
    final Process process;
    final Path stdout;
    final Path stderr;

    private Child(Process process, Path stdout, Path stderr) {
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    static Child start(Path store, long first, Path logs, int round) throws IOException {
      String java = ProcessHandle.current().info().command()
          .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      List<String> command = List.of(
          java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx256m",
          "-cp", System.getProperty("java.class.path"),
          MapDbCrashChild.class.getName(), store.toString(), Long.toString(first));
      Path stdout = logs.resolve("child-" + round + ".out");
      Path stderr = logs.resolve("child-" + round + ".err");
      Process process = new ProcessBuilder(command)
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile())
          .start();
      return new Child(process, stdout, stderr);
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

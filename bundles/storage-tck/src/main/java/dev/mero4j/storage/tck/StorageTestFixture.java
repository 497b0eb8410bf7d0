package dev.mero4j.storage.tck;

import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.StorageProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The provider hooks and engine lifecycle shared by the storage contract tests. */
public abstract class StorageTestFixture {
  /** A fresh directory per test; the engine under test lives in it. */
  @TempDir protected Path directory;

  /** The engine under test, opened on {@link #directory} before each test. */
  protected StorageEngine engine;

  private final List<StorageEngine> opened = new ArrayList<>();

  /** The provider under test. */
  protected abstract StorageProvider provider();

  /** Whether data survives {@link StorageEngine#close()} and a new {@code open} of the same dir. */
  protected boolean durable() {
    return true;
  }

  /** The config used to open {@code dir}; override to test other durability settings. */
  protected StorageConfig config(Path dir) {
    return StorageConfig.at(dir);
  }

  @BeforeEach
  void openEngine() {
    engine = open(directory);
  }

  @AfterEach
  void closeEngines() {
    opened.forEach(StorageEngine::close);
    opened.clear();
  }

  /** Opens an engine on {@code dir}; it is closed after the test. */
  protected StorageEngine open(Path dir) {
    StorageEngine opened = provider().open(config(dir));
    this.opened.add(opened);
    return opened;
  }

  /** Closes {@link #engine} and opens the same directory again. */
  protected StorageEngine reopen() {
    engine.close();
    engine = open(directory);
    return engine;
  }

  static Path newTempDirectory() {
    try {
      return Files.createTempDirectory("mero4j-storage-tck");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

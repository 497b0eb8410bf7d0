package dev.mero4j.storage.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how a storage engine keeps its data.
 *
 * @param directory the directory that holds the engine's files (ignored by in-memory engines)
 * @param durability how far an acknowledged write is guaranteed to survive
 * @param cacheBytes a hint for the engine's cache size; 0 lets the engine choose
 */
public record StorageConfig(Path directory, Durability durability, long cacheBytes) {
  public StorageConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(durability, "durability");
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("cacheBytes must be >= 0");
    }
  }

  /** A config with the default durability ({@link Durability#PROCESS_CRASH}). */
  public static StorageConfig at(Path directory) {
    return new StorageConfig(directory, Durability.PROCESS_CRASH, 0);
  }

  /** How far an acknowledged write survives. */
  public enum Durability {
    /** Survives a crash of the JVM (kill -9); the OS may still lose it on power failure. */
    PROCESS_CRASH,
    /** Survives a crash of the machine: every batch is fsynced before it is acknowledged. */
    MACHINE_CRASH
  }
}

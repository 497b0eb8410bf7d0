package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ApplicationId;
import java.util.Optional;

/**
 * Applications travelling between nodes: the modules a member serves (only those of contexts it
 * holds) and the chunks of a download in progress, kept so a fetch resumes after a failure or a
 * restart. Thread-safe.
 */
public interface ApplicationTransfer {
  /** The module of {@code application} when a context held here runs it; empty otherwise. */
  Optional<byte[]> servedModule(ApplicationId application);

  /** The bytes of {@code application} downloaded so far, contiguous from offset 0. */
  byte[] partialDownload(ApplicationId application);

  /** Keeps {@code chunk}, which starts at {@code offset} of the module. */
  void saveChunk(ApplicationId application, long offset, byte[] chunk);

  /** Forgets the chunks of {@code application} (done, or they did not hash to its id). */
  void discardDownload(ApplicationId application);
}

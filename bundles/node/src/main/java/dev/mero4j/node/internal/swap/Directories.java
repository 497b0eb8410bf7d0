package dev.mero4j.node.internal.swap;

import dev.mero4j.node.SwapFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removal of a store's directory: a migration always starts from an empty one. */
final class Directories {
  private Directories() {}

  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path path : paths) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new SwapFailedException(
          "cannot clear " + directory + " for the new store: " + e.getMessage(), e);
    }
  }
}

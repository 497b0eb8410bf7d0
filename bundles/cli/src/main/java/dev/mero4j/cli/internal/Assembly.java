package dev.mero4j.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node assembly file: the bundles to install, one jar name (relative to {@code lib/}) per line,
 * in start order. Blank lines, {@code #} comments and provider choices ({@link AssemblyFile}) are
 * ignored.
 */
public record Assembly(Path file, List<Path> bundles) {
  public Assembly {
    bundles = List.copyOf(bundles);
  }

  /** Reads the assembly and checks that every listed jar exists. */
  public static Assembly read(Path file, Path lib) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new LaunchException("cannot read assembly " + file + ": " + e.getMessage(), e);
    }
    List<Path> bundles = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || AssemblyFile.isProviderLine(line)) {
        continue;
      }
      Path jar = lib.resolve(line).normalize();
      if (!Files.isRegularFile(jar)) {
        throw new LaunchException(
            file + " line " + (i + 1) + ": bundle " + line + " is not in " + lib);
      }
      bundles.add(jar);
    }
    if (bundles.isEmpty()) {
      throw new LaunchException("assembly " + file + " lists no bundles");
    }
    return new Assembly(file, bundles);
  }
}

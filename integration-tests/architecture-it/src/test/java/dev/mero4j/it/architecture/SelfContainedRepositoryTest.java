package dev.mero4j.it.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No tracked file points outside the repository: a user's clone has nothing beside it. */
class SelfContainedRepositoryTest {
  /** Paths that exist only on a developer's machine: a sibling workspace folder, home folders. */
  static final Pattern OUTSIDE =
      Pattern.compile(
          "\\.\\./"
              + "shared\\b"
              + "|(?<![\\w.~-])/"
              + "work/"
              + "|(?<![\\w.~-])/"
              + "root/"
              + "|(?<![\\w.~-])/"
              + "home/[a-z][\\w-]*/"
              + "|(?<![\\w.~-])/"
              + "Users/[A-Za-z]");

  private static final long MAX_TEXT_BYTES = 2_000_000;

  @Test
  void noTrackedFileRefersToAPathOutsideTheRepository() throws Exception {
    Path root = Path.of("../..").toAbsolutePath().normalize();
    List<String> offenders = new ArrayList<>();
    for (Path file : trackedFiles(root)) {
      String text = textOf(file);
      if (text == null) {
        continue;
      }
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Matcher m = OUTSIDE.matcher(lines[i]);
        if (m.find()) {
          offenders.add(root.relativize(file) + ":" + (i + 1) + ": " + m.group());
        }
      }
    }
    assertThat(offenders).as("files that point outside the repository").isEmpty();
  }

  @Test
  void thePatternCatchesWhatItIsFor() {
    assertThat(OUTSIDE.matcher("read ../" + "shared/data/x").find()).isTrue();
    assertThat(OUTSIDE.matcher("cd /" + "work/main").find()).isTrue();
    assertThat(OUTSIDE.matcher("PATH=/" + "root/.cargo/bin").find()).isTrue();
    assertThat(OUTSIDE.matcher("/" + "home/alice/mero4j").find()).isTrue();
    assertThat(OUTSIDE.matcher("mero4j init --home ~/.mero4j/node1").find()).isFalse();
    assertThat(OUTSIDE.matcher("src/main/work/x and a/root/b").find()).isFalse();
    assertThat(OUTSIDE.matcher("https://example.org/home/x/").find()).isFalse();
  }

  /** The files git tracks, or every file outside build output when the tree is not a git clone. */
  private static List<Path> trackedFiles(Path root) throws Exception {
    if (Files.isDirectory(root.resolve(".git")) || Files.isRegularFile(root.resolve(".git"))) {
      Process git = new ProcessBuilder("git", "ls-files", "-z").directory(root.toFile()).start();
      byte[] out = git.getInputStream().readAllBytes();
      if (git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0) {
        List<Path> files = new ArrayList<>();
        for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
          if (!name.isEmpty() && Files.isRegularFile(root.resolve(name))) {
            files.add(root.resolve(name));
          }
        }
        return files;
      }
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              p -> !root.relativize(p).toString().matches("(.*/)?(target|node_modules|\\.git)/.*"))
          .toList();
    }
  }

  /** The file as UTF-8 text, or null for binary and very large files. */
  private static String textOf(Path file) {
    try {
      if (Files.size(file) > MAX_TEXT_BYTES) {
        return null;
      }
      byte[] bytes = Files.readAllBytes(file);
      for (byte b : bytes) {
        if (b == 0) {
          return null;
        }
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

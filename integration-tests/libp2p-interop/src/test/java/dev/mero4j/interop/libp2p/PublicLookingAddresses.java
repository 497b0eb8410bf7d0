package dev.mero4j.interop.libp2p;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv6 addresses on this machine that js-libp2p counts as public: addresses from the documentation
 * prefix {@code 3fff::/20} (RFC 9637, never routed on the internet, and absent from js-libp2p's
 * private ranges) on a veth pair the test makes, removed again on close.
 *
 * <p>js-libp2p's DCUtR dials only addresses it finds public, so on loopback it refuses every
 * address a peer offers it. Needs root and {@code ip}: skips the test otherwise, unless the
 * environment variable CI is set, which makes it fail instead.
 */
final class PublicLookingAddresses implements AutoCloseable {
  /** Prefix of every link this class makes, followed by the PID of the JVM that made it. */
  private static final String PREFIX = "m4jdc";

  private static final Pattern LINK = Pattern.compile("^\\d+: (" + PREFIX + "(\\d+))a[@:]");
  private static final long COMMAND_TIMEOUT_SECONDS = 30;

  private final String link;
  private final String network;

  private PublicLookingAddresses(String link, String network) {
    this.link = link;
    this.network = network;
  }

  /**
   * Makes the link with {@code hosts} addresses {@code 3fff:4d34:P:P::1} to {@code ::hosts}, P
   * being this JVM's PID, after removing links left by JVMs that are gone.
   */
  static PublicLookingAddresses create(int hosts) {
    requireTools();
    removeStale();
    long pid = ProcessHandle.current().pid();
    String link = PREFIX + pid;
    String network = String.format("3fff:4d34:%x:%x::", pid >> 16, pid & 0xffff);
    run("ip", "link", "add", link + "a", "type", "veth", "peer", "name", link + "b");
    PublicLookingAddresses made = new PublicLookingAddresses(link, network);
    try {
      for (int i = 1; i <= hosts; i++) {
        run("ip", "-6", "addr", "add", network + i + "/128", "dev", link + "a", "nodad");
      }
      run("ip", "link", "set", link + "b", "up");
      run("ip", "link", "set", link + "a", "up");
    } catch (RuntimeException e) {
      made.close();
      throw e;
    }
    return made;
  }

  /** Address {@code host} (from 1). */
  String ip(int host) {
    return network + host;
  }

  /** Address {@code host} (from 1) as a TCP listen multiaddr with port 0. */
  String listen(int host) {
    return "/ip6/" + ip(host) + "/tcp/0";
  }

  @Override
  public void close() {
    run("ip", "link", "del", link + "a");
  }

  private static void removeStale() {
    for (String line : run("ip", "-o", "link", "show").lines().toList()) {
      Matcher m = LINK.matcher(line);
      if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
        run("ip", "link", "del", m.group(1) + "a");
      }
    }
  }

  private static void requireTools() {
    Optional<String> missing = Optional.empty();
    if (ip().isEmpty()) {
      missing = Optional.of("`ip` (apt-get install iproute2)");
    } else if (!run("id", "-u").strip().equals("0")) {
      missing = Optional.of("root to add a network link");
    }
    if (missing.isPresent()) {
      String message = "the DCUtR interop tests need " + missing.get();
      if (System.getenv("CI") != null) {
        fail(message + " (the environment variable CI is set, so this fails instead of skipping)");
      }
      assumeTrue(false, message);
    }
  }

  private static Optional<Path> ip() {
    for (String dir : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "ip");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Runs {@code command} to completion; throws with its output unless it exits 0. */
  private static String run(String... command) {
    List<String> resolved = new ArrayList<>(List.of(command));
    if (resolved.get(0).equals("ip")) {
      resolved.set(0, ip().orElseThrow().toString());
    }
    try {
      Process p = new ProcessBuilder(resolved).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("`" + String.join(" ", command) + "` hangs");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "`" + String.join(" ", command) + "` exited " + p.exitValue() + ": " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run `" + String.join(" ", command) + "`", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command[0], e);
    }
  }
}

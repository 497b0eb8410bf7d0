package dev.mero4j.it.nat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One Linux network namespace the test made ({@code ip netns add}), with loopback up; commands run
 * inside it with {@code ip netns exec}. Closing it ends its agent and every process still inside
 * and deletes it, which also removes its links, routes, nftables rules and sysctls.
 */
final class NetNs implements AutoCloseable {
  private static final Pattern WORDS = Pattern.compile("\\s+");

  private final String name;
  private volatile Agent agent;

  private NetNs(String name) {
    this.name = name;
  }

  /** Creates the namespace and brings its loopback up. */
  static NetNs create(String name) {
    Shell.run("ip", "netns", "add", name);
    NetNs ns = new NetNs(name);
    ns.ip("link", "set", "lo", "up");
    return ns;
  }

  String name() {
    return name;
  }

  /** Runs {@code ip ARGS} in this namespace ({@code ip -n NAME ...}); throws unless it exits 0. */
  String ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "-n", name));
    command.addAll(List.of(args));
    return Shell.run("", command);
  }

  /** Runs {@code command} inside this namespace; throws unless it exits 0. */
  String exec(String... command) {
    return execWithInput("", command);
  }

  /** Runs {@code command} inside this namespace with {@code stdin}; throws unless it exits 0. */
  String execWithInput(String stdin, String... command) {
    return Shell.run(stdin, inside(command));
  }

  /** The command line that runs {@code command} inside this namespace. */
  List<String> inside(String... command) {
    String ip = Shell.which("ip").map(Object::toString).orElse("ip");
    List<String> full = new ArrayList<>(List.of(ip, "netns", "exec", name));
    full.addAll(List.of(command));
    return full;
  }

  /** Starts {@code command} inside this namespace without waiting for it. */
  Process start(ProcessBuilder builder) throws IOException {
    builder.command(inside(builder.command().toArray(String[]::new)));
    builder.environment().put("PATH", Shell.searchPath());
    return builder.start();
  }

  /**
   * Remote "ip:port" of the established TCP connections in this namespace ({@code ss}), optionally
   * narrowed by an {@code ss} filter such as {@code ( sport = :2428 )}.
   */
  List<String> tcpPeers(String... filter) {
    List<String> command = new ArrayList<>(List.of("ss", "-Htn", "state", "established"));
    command.addAll(List.of(filter));
    return exec(command.toArray(String[]::new))
        .lines()
        .filter(line -> !line.isBlank())
        .map(
            line ->
                WORDS.splitAsStream(line.strip()).reduce((first, second) -> second).orElseThrow())
        // a dual-stack socket lists an IPv4 peer as [::ffff:a.b.c.d]:port
        .map(peer -> peer.replaceFirst("^\\[::ffff:([0-9.]+)]", "$1"))
        .toList();
  }

  /** The agent acting inside this namespace, started on first use. */
  synchronized Agent agent() {
    if (agent == null) {
      agent = Agent.start(this);
    }
    return agent;
  }

  @Override
  public void close() {
    Agent running = agent;
    if (running != null) {
      running.close();
    }
    remove(name);
  }

  /** Ends every process inside namespace {@code name} and deletes it; no-op if it is gone. */
  static void remove(String name) {
    if (!exists(name)) {
      return;
    }
    Shell.Result pids = Shell.attempt("", List.of("ip", "netns", "pids", name));
    for (String pid : WORDS.splitAsStream(pids.out()).toList()) {
      if (!pid.isBlank()) {
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid));
        process.ifPresent(ProcessHandle::destroyForcibly);
        process.ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
      }
    }
    Shell.run("ip", "netns", "del", name);
  }

  /** The names of all namespaces on this machine. */
  static List<String> list() {
    List<String> names = new ArrayList<>();
    for (String line : Shell.run("ip", "netns", "list").lines().toList()) {
      if (!line.isBlank()) {
        names.add(WORDS.splitAsStream(line.strip()).findFirst().orElseThrow());
      }
    }
    return names;
  }

  private static boolean exists(String name) {
    return list().contains(name);
  }
}

package dev.mero4j.it.nat;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small internet in network namespaces: an "internet" namespace holding only the bridge {@code
 * br0} of {@code 10.77.0.0/24}; on it a "public" host namespace at {@value #PUBLIC_HOST} (where the
 * relay and bootstrap node runs) and, for each home network {@code 192.168.i.0/24}, a router
 * namespace that masquerades the home's host namespace towards the bridge with nftables and drops
 * unsolicited inbound packets, as a home router does.
 *
 * <pre>
 *   internet (br0) --- eth0 10.77.0.1  public
 *     |-- wan 10.77.0.11  router1  lan 192.168.1.1 -- eth0 192.168.1.2  host1
 *     '-- wan 10.77.0.12  router2  lan 192.168.2.1 -- eth0 192.168.2.2  host2
 * </pre>
 *
 * Names are {@code m4jnat-PID-ROLE}, PID being this JVM's: namespaces of a JVM that is gone are
 * removed before a new topology is built. Closing the topology removes everything it made; the
 * host's own network, links and sysctls are never touched.
 */
final class NatTopology implements AutoCloseable {
  /** Prefix of every namespace this test makes. */
  static final String PREFIX = "m4jnat-";

  static final String PUBLIC_HOST = "10.77.0.1";

  /** Homes are numbered 1 to 9: router {@code 10.77.0.1i}, network {@code 192.168.i.0/24}. */
  static final int MAX_HOMES = 9;

  private static final Pattern PACKETS = Pattern.compile("packets (\\d+)");

  private final List<NetNs> namespaces = new ArrayList<>();
  private final NetNs internet;
  private final NetNs publicNet;
  private final List<Home> homes = new ArrayList<>();

  /** How a router maps the ports of outgoing connections. */
  enum Nat {
    /**
     * Endpoint-independent mapping: plain masquerade keeps the source port, so every destination
     * sees the same public address and port (a "cone" NAT; hole punching can work).
     */
    ENDPOINT_INDEPENDENT("masquerade"),
    /** Symmetric: a new random public port for every connection, so hole punching cannot work. */
    SYMMETRIC("masquerade fully-random");

    final String rule;

    Nat(String rule) {
      this.rule = rule;
    }
  }

  /** One home network: the router's public address and the host namespace behind it. */
  record Home(NetNs router, String routerAddress, NetNs host, String hostAddress) {}

  private NatTopology(List<Nat> nats) {
    String base = PREFIX + ProcessHandle.current().pid() + "-";
    try {
      internet = add(base + "inet");
      internet.ip("link", "add", "br0", "type", "bridge");
      internet.ip("link", "set", "br0", "up");
      // The bridge and its ports live apart from the public host: a node joins mDNS on every
      // multicast interface, and fails to start on a bridge port without an address.
      publicNet = add(base + "pub");
      publicNet.ip(
          "link", "add", "eth0", "type", "veth", "peer", "name", "pub", "netns", internet.name());
      internet.ip("link", "set", "pub", "master", "br0", "up");
      publicNet.ip("addr", "add", PUBLIC_HOST + "/24", "dev", "eth0");
      publicNet.ip("link", "set", "eth0", "up");
      // Nothing lies beyond this network, so no default route; mDNS sends need a multicast one.
      publicNet.ip("route", "add", "224.0.0.0/4", "dev", "eth0");
      for (int i = 0; i < nats.size(); i++) {
        homes.add(home(base, i + 1, nats.get(i), nats.size()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Builds the topology with the given NAT behaviours, after removing namespaces left by earlier
   * runs whose JVM is gone. Skips the test when this machine cannot (not root, no {@code ip} or
   * {@code nft}); fails it instead when the environment variable CI is set.
   */
  static NatTopology build(Nat... homes) {
    if (homes.length < 1 || homes.length > MAX_HOMES) {
      throw new IllegalArgumentException("1 to " + MAX_HOMES + " homes, not " + homes.length);
    }
    requireTools();
    removeStale();
    return new NatTopology(List.of(homes));
  }

  NetNs publicNet() {
    return publicNet;
  }

  /** Home {@code i}, counting from 1: network {@code 192.168.i.0/24}. */
  Home home(int i) {
    return homes.get(i - 1);
  }

  /**
   * Packets that opened (or retried opening) a connection from home {@code from} to the router of
   * home {@code to}: hole-punching attempts, whether or not they got through.
   */
  long dials(int from, int to) {
    String counter = home(from).router().exec("nft", "list", "counter", "ip", "home", counter(to));
    Matcher packets = PACKETS.matcher(counter);
    if (!packets.find()) {
      throw new IllegalStateException("no packet count in: " + counter);
    }
    return Long.parseLong(packets.group(1));
  }

  private NetNs add(String name) {
    NetNs ns = NetNs.create(name);
    namespaces.add(ns);
    return ns;
  }

  /** Router {@code 10.77.0.1i} on the bridge, host {@code 192.168.i.2} behind it. */
  private Home home(String base, int i, Nat nat, int homes) {
    NetNs router = add(base + "r" + i);
    NetNs host = add(base + "h" + i);
    String wan = routerAddress(i);
    String lanNet = "192.168." + i + ".";
    // Each veth is created inside one namespace with its peer in the other: no link ever exists in
    // the host's own namespace.
    router.ip(
        "link", "add", "wan", "type", "veth", "peer", "name", "wan" + i, "netns", internet.name());
    internet.ip("link", "set", "wan" + i, "master", "br0", "up");
    router.ip("addr", "add", wan + "/24", "dev", "wan");
    router.ip("link", "set", "wan", "up");
    host.ip("link", "add", "eth0", "type", "veth", "peer", "name", "lan", "netns", router.name());
    router.ip("addr", "add", lanNet + "1/24", "dev", "lan");
    router.ip("link", "set", "lan", "up");
    host.ip("addr", "add", lanNet + "2/24", "dev", "eth0");
    host.ip("link", "set", "eth0", "up");
    host.ip("route", "add", "default", "via", lanNet + "1");
    router.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    router.execWithInput(ruleset(nat, i, homes), "nft", "-f", "-");
    return new Home(router, wan, host, lanNet + "2");
  }

  /**
   * A home router's rules: hosts on the LAN reach out through {@code wan} with their source
   * rewritten; from outside only replies to those connections come in, everything else is dropped
   * (not refused), which is what lets simultaneous-open hole punching work. A counter per other
   * home counts the packets that open connections to that home's router: hole-punching attempts.
   */
  private static String ruleset(Nat nat, int self, int homes) {
    StringBuilder counters = new StringBuilder();
    StringBuilder counting = new StringBuilder();
    for (int other = 1; other <= homes; other++) {
      if (other != self) {
        counters.append("  counter %s {\n  }\n".formatted(counter(other)));
        counting.append(
            "    iifname \"lan\" oifname \"wan\" ip daddr %s ct state new counter name %s\n"
                .formatted(routerAddress(other), counter(other)));
      }
    }
    return """
        table ip home {
        %s  chain postrouting {
            type nat hook postrouting priority srcnat; policy accept;
            oifname "wan" %s
          }
          chain forward {
            type filter hook forward priority filter; policy drop;
        %s    iifname "lan" oifname "wan" accept
            iifname "wan" oifname "lan" ct state established,related accept
          }
          chain input {
            type filter hook input priority filter; policy accept;
            iifname "wan" ct state established,related accept
            iifname "wan" drop
          }
        }
        """
        .formatted(counters, nat.rule, counting);
  }

  private static String counter(int home) {
    return "dials_to_home_" + home;
  }

  private static String routerAddress(int home) {
    return "10.77.0.1" + home;
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      try {
        namespaces.get(i).close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    namespaces.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** Removes namespaces with this test's prefix whose creating JVM no longer runs. */
  static void removeStale() {
    for (String name : NetNs.list()) {
      if (name.startsWith(PREFIX)) {
        String rest = name.substring(PREFIX.length());
        String pid = rest.substring(0, Math.max(0, rest.indexOf('-')));
        boolean alive =
            pid.chars().allMatch(Character::isDigit)
                && !pid.isEmpty()
                && ProcessHandle.of(Long.parseLong(pid)).isPresent();
        if (!alive) {
          NetNs.remove(name);
        }
      }
    }
  }

  private static void requireTools() {
    String missing = missingRequirement().orElse(null);
    if (missing == null) {
      return;
    }
    String message = "real-NAT tests need " + missing;
    if (System.getenv("CI") != null) {
      fail(message + " (the environment variable CI is set, so this fails instead of skipping)");
    }
    assumeTrue(false, message);
  }

  private static Optional<String> missingRequirement() {
    if (Shell.which("ip").isEmpty()) {
      return Optional.of("`ip` (apt-get install iproute2)");
    }
    if (Shell.which("nft").isEmpty()) {
      return Optional.of("`nft` (apt-get install nftables)");
    }
    String uid = Shell.run("id", "-u").strip();
    if (!uid.equals("0")) {
      return Optional.of("root to create network namespaces (running as uid " + uid + ")");
    }
    return Optional.empty();
  }
}

package dev.mero4j.crdt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random operations over every collection type, each committed as its own delta. */
final class RandomWorkload {
  private static final String[] KEYS = {"a", "b", "c", "d"};

  private RandomWorkload() {}

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Performs one random operation on {@code peer}; returns its delta or null. */
  static Delta step(Peer peer, Random random) {
    int kind = random.nextInt(14);
    String key = KEYS[random.nextInt(KEYS.length)];
    byte[] value = {(byte) random.nextInt(256)};
    return peer.commit(
        tx -> {
          MapHandle root = tx.root();
          switch (kind) {
            case 0, 1 -> root.put(b("reg-" + key), value);
            case 2 -> root.remove(b("reg-" + key));
            case 3 -> root.map(b("m")).put(b(key), value);
            case 4 -> root.map(b("m")).map(b("inner-" + key)).put(b("x"), value);
            case 5 -> root.remove(b("m"));
            case 6 -> root.pnCounter(b("pn")).increment(random.nextInt(7) - 3);
            case 7 -> root.gCounter(b("g")).increment(random.nextInt(5));
            case 8, 9 -> {
              TextHandle text = root.text(b("t"));
              String chars = random.nextBoolean() ? "x" : "yz";
              text.insert(random.nextInt(text.length() + 1), chars);
            }
            case 10 -> {
              TextHandle text = root.text(b("t"));
              if (text.length() > 0) {
                int at = random.nextInt(text.length());
                text.delete(at, Math.min(1 + random.nextInt(2), text.length() - at));
              }
            }
            case 11 -> {
              VectorHandle v = root.vector(b("v"));
              int op = random.nextInt(3);
              if (op == 0 || v.size() == 0) {
                v.insert(random.nextInt(v.size() + 1), value);
              } else if (op == 1) {
                v.set(random.nextInt(v.size()), value);
              } else {
                v.remove(random.nextInt(v.size()));
              }
            }
            case 12 -> {
              MapHandle set = root.sortedSet(b("s"));
              if (random.nextBoolean()) {
                set.add(b(key));
              } else {
                set.remove(b(key));
              }
            }
            default -> root.userStorage(b("u")).put(value);
          }
        });
  }

  /** Runs {@code steps} operations on random peers, delivering randomly in between. */
  static List<Delta> run(List<Peer> peers, ManualClock clock, Random random, int steps) {
    List<Delta> all = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      clock.advance(random.nextInt(3));
      Peer peer = peers.get(random.nextInt(peers.size()));
      Delta d = step(peer, random);
      if (d != null) {
        all.add(d);
      }
      if (!all.isEmpty() && random.nextInt(3) == 0) {
        Delta some = all.get(random.nextInt(all.size()));
        peers.get(random.nextInt(peers.size())).receive(some);
      }
    }
    return all;
  }
}

package dev.mero4j.transport.libp2p.internal.pubsub;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Control;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Graft;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.IHave;
import dev.mero4j.transport.libp2p.internal.pubsub.PubsubFrame.Prune;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The gossipsub overlay of one router: mesh and fanout peers per topic, prune backoffs, and the
 * heartbeat that keeps each mesh between D_lo and D_hi and emits IHAVE gossip. Not thread-safe: the
 * router calls it under its lock.
 */
final class Mesh {
  /** Sends a control message to a peer. */
  interface Sender {
    void control(PeerId peer, Control control);
  }

  private final GossipParams params;
  private final Random random;
  private final LongSupplier clock;
  private final Map<PeerId, GossipPeer> peers;
  private final Map<String, Set<PeerId>> mesh = new HashMap<>();
  private final Map<String, Set<PeerId>> fanout = new HashMap<>();
  private final Map<String, Long> fanoutLastPublish = new HashMap<>();
  private final Map<String, Map<PeerId, Long>> backoff = new HashMap<>();

  Mesh(GossipParams params, Random random, LongSupplier clock, Map<PeerId, GossipPeer> peers) {
    this.params = params;
    this.random = random;
    this.clock = clock;
    this.peers = peers;
  }

  static Control graft(String topic) {
    return new Control(List.of(), List.of(), List.of(new Graft(topic)), List.of());
  }

  static Control prune(String topic, long backoffSeconds) {
    return new Control(List.of(), List.of(), List.of(), List.of(new Prune(topic, backoffSeconds)));
  }

  boolean joined(String topic) {
    return mesh.containsKey(topic);
  }

  Set<PeerId> peers(String topic) {
    return mesh.getOrDefault(topic, Set.of());
  }

  /** Where a received message goes on: the mesh, or the fanout of a topic we only publish to. */
  Set<PeerId> forwardTargets(String topic) {
    return mesh.getOrDefault(topic, fanout.getOrDefault(topic, Set.of()));
  }

  /** Joins a topic: adopts its fanout, fills up to D and grafts the new members. */
  void join(String topic, Sender send) {
    Set<PeerId> m = new HashSet<>(fanout.getOrDefault(topic, Set.of()));
    fanout.remove(topic);
    fanoutLastPublish.remove(topic);
    mesh.put(topic, m);
    fill(topic, m);
    m.forEach(p -> send.control(p, graft(topic)));
  }

  /** Leaves a topic, pruning every mesh member with the default backoff. */
  void leave(String topic, Sender send) {
    Set<PeerId> m = mesh.remove(topic);
    if (m != null) {
      m.forEach(p -> send.control(p, prune(topic, params.pruneBackoff().toSeconds())));
    }
  }

  /** Targets of our own publish when flood publishing is off: the mesh, or a fanout set. */
  Set<PeerId> publishTargets(String topic) {
    Set<PeerId> m = mesh.get(topic);
    if (m == null) {
      m = fanout.computeIfAbsent(topic, t -> new HashSet<>());
      fill(topic, m);
      fanoutLastPublish.put(topic, clock.getAsLong());
    }
    return m;
  }

  /** A peer announced a topic we are in: graft it at once while the mesh is below D. */
  void peerJoined(String topic, PeerId peer, Sender send) {
    Set<PeerId> m = mesh.get(topic);
    if (m != null && m.size() < params.d() && !inBackoff(topic, peer) && m.add(peer)) {
      send.control(peer, graft(topic));
    }
  }

  void peerLeft(String topic, PeerId peer) {
    Set<PeerId> m = mesh.get(topic);
    if (m != null) {
      m.remove(peer);
    }
  }

  void removePeer(PeerId peer) {
    mesh.values().forEach(s -> s.remove(peer));
    fanout.values().forEach(s -> s.remove(peer));
  }

  /** Handles a GRAFT; returns the PRUNE to answer with, or null when accepted. */
  Prune onGraft(String topic, PeerId peer) {
    if (topic == null || !mesh.containsKey(topic) || inBackoff(topic, peer)) {
      return new Prune(topic, params.pruneBackoff().toSeconds());
    }
    mesh.get(topic).add(peer);
    return null;
  }

  void onPrune(Prune p, PeerId peer) {
    if (p.topic() != null && mesh.containsKey(p.topic())) {
      mesh.get(p.topic()).remove(peer);
      setBackoff(
          p.topic(),
          peer,
          p.backoffSeconds() > 0 ? p.backoffSeconds() : params.pruneBackoff().toSeconds());
    }
  }

  /** Mesh maintenance, fanout and backoff expiry, and IHAVE gossip from {@code cache}. */
  void heartbeat(MessageCache cache, Sender send) {
    long now = clock.getAsLong();
    for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
      String topic = e.getKey();
      Set<PeerId> m = e.getValue();
      m.removeIf(p -> !peers.containsKey(p) || !peers.get(p).topics.contains(topic));
      if (m.size() < params.dLo()) {
        Set<PeerId> before = new HashSet<>(m);
        fill(topic, m);
        m.stream().filter(p -> !before.contains(p)).forEach(p -> send.control(p, graft(topic)));
      } else if (m.size() > params.dHi()) {
        pruneExcess(topic, m, send);
      }
    }
    fanoutLastPublish
        .entrySet()
        .removeIf(
            e -> {
              boolean expired = now - e.getValue() > params.fanoutTtl().toNanos();
              if (expired) {
                fanout.remove(e.getKey());
              }
              return expired;
            });
    emitGossip(cache, send);
    backoff.values().forEach(b -> b.values().removeIf(until -> until < now));
  }

  /** Prunes down to D at random, keeping at least D_out outbound peers. */
  private void pruneExcess(String topic, Set<PeerId> m, Sender send) {
    List<PeerId> shuffled = new ArrayList<>(m);
    Collections.shuffle(shuffled, random);
    List<PeerId> keep = new ArrayList<>();
    shuffled.stream().filter(p -> peers.get(p).outbound).limit(params.dOut()).forEach(keep::add);
    for (PeerId p : shuffled) {
      if (keep.size() >= params.d()) {
        break;
      }
      if (!keep.contains(p)) {
        keep.add(p);
      }
    }
    for (PeerId p : shuffled) {
      if (!keep.contains(p)) {
        m.remove(p);
        setBackoff(topic, p, params.pruneBackoff().toSeconds());
        send.control(p, prune(topic, params.pruneBackoff().toSeconds()));
      }
    }
  }

  private void emitGossip(MessageCache cache, Sender send) {
    Set<String> topics = new HashSet<>(mesh.keySet());
    topics.addAll(fanout.keySet());
    for (String topic : topics) {
      List<byte[]> ids = cache.gossipIds(topic);
      if (ids.isEmpty()) {
        continue;
      }
      if (ids.size() > PubsubProtocol.MAX_IHAVE_LENGTH) {
        ids = ids.subList(ids.size() - PubsubProtocol.MAX_IHAVE_LENGTH, ids.size());
      }
      Set<PeerId> exclude = forwardTargets(topic);
      List<PeerId> candidates = new ArrayList<>();
      peers
          .values()
          .forEach(
              p -> {
                if (p.topics.contains(topic) && !exclude.contains(p.id)) {
                  candidates.add(p.id);
                }
              });
      Collections.shuffle(candidates, random);
      Control ihave = new Control(List.of(new IHave(topic, ids)), List.of(), List.of(), List.of());
      candidates.stream().limit(params.dLazy()).forEach(p -> send.control(p, ihave));
    }
  }

  private void fill(String topic, Set<PeerId> m) {
    List<PeerId> candidates = new ArrayList<>();
    peers
        .values()
        .forEach(
            p -> {
              if (p.topics.contains(topic)
                  && !m.contains(p.id)
                  && !p.unsupported
                  && !inBackoff(topic, p.id)) {
                candidates.add(p.id);
              }
            });
    Collections.shuffle(candidates, random);
    for (PeerId p : candidates) {
      if (m.size() >= params.d()) {
        break;
      }
      m.add(p);
    }
  }

  private boolean inBackoff(String topic, PeerId peer) {
    Long until = backoff.getOrDefault(topic, Map.of()).get(peer);
    return until != null && until > clock.getAsLong();
  }

  private void setBackoff(String topic, PeerId peer, long seconds) {
    backoff
        .computeIfAbsent(topic, t -> new HashMap<>())
        .put(peer, clock.getAsLong() + seconds * 1_000_000_000L);
  }
}

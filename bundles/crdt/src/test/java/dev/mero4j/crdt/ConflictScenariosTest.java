package dev.mero4j.crdt;

import static dev.mero4j.crdt.RandomWorkload.b;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConflictScenariosTest {
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final Peer alice = new Peer(1, clock);
  private final Peer bob = new Peer(2, clock);
  private final Peer carol = new Peer(3, clock);

  private void exchange(Peer... peers) {
    for (Peer from : peers) {
      for (Peer to : peers) {
        from.history().forEach(to::receive);
      }
    }
    for (Peer p : peers) {
      assertThat(p.state.rootHash()).isEqualTo(peers[0].state.rootHash());
      assertThat(p.dump()).isEqualTo(peers[0].dump());
    }
  }

  private static String text(Peer p) {
    return p.state.read().root().text(b("t")).read();
  }

  @Test
  void concurrentInsertsAtOneTextPositionBothSurviveInTheSameOrderEverywhere() {
    alice.commit(tx -> tx.root().text(b("t")).insert(0, "ac"));
    exchange(alice, bob);
    alice.commit(tx -> tx.root().text(b("t")).insert(1, "X"));
    bob.commit(tx -> tx.root().text(b("t")).insert(1, "Y"));
    exchange(alice, bob);
    assertThat(text(alice)).isIn("aXYc", "aYXc").isEqualTo(text(bob));
  }

  @Test
  void concurrentInsertsWithEqualCountersOrderByReplicaKey() {
    alice.commit(tx -> tx.root().text(b("t")).insert(0, "A"));
    bob.commit(tx -> tx.root().text(b("t")).insert(0, "B"));
    exchange(alice, bob);
    boolean aliceFirst = alice.key.publicKey().compareTo(bob.key.publicKey()) > 0;
    assertThat(text(alice)).isEqualTo(aliceFirst ? "AB" : "BA");
  }

  @Test
  void typingContinuesAfterAConcurrentInsertWithoutInterleavingWords() {
    alice.commit(tx -> tx.root().text(b("t")).insert(0, "."));
    exchange(alice, bob);
    alice.commit(tx -> tx.root().text(b("t")).insert(0, "hello"));
    bob.commit(tx -> tx.root().text(b("t")).insert(0, "world"));
    exchange(alice, bob);
    assertThat(text(alice)).isIn("helloworld.", "worldhello.");
  }

  @Test
  void putVersusRemoveOfOneKeyIsDecidedByTheLaterStamp() {
    alice.commit(tx -> tx.root().put(b("k"), b("v0")));
    exchange(alice, bob);
    alice.commit(tx -> tx.root().put(b("k"), b("v1")));
    clock.advance(1);
    bob.commit(tx -> tx.root().remove(b("k")));
    exchange(alice, bob);
    assertThat(alice.state.read().root().get(b("k"))).isEmpty();

    alice.commit(tx -> tx.root().remove(b("k")));
    clock.advance(1);
    bob.commit(tx -> tx.root().put(b("k"), b("v2")));
    exchange(alice, bob);
    assertThat(alice.state.read().root().get(b("k"))).contains(b("v2"));
  }

  @Test
  void countersIncrementedOnThreeReplicasSumAllIncrements() {
    alice.commit(tx -> tx.root().pnCounter(b("c")).increment(5));
    bob.commit(tx -> tx.root().pnCounter(b("c")).increment(-2));
    carol.commit(tx -> tx.root().pnCounter(b("c")).increment(10));
    carol.commit(tx -> tx.root().pnCounter(b("c")).increment(1));
    exchange(alice, bob, carol);
    assertThat(bob.state.read().root().pnCounter(b("c")).value()).isEqualTo(14);
  }

  @Test
  void nestedMapCreatedConcurrentlyOnTwoReplicasKeepsEntriesFromBoth() {
    alice.commit(tx -> tx.root().map(b("m")).put(b("x"), b("1")));
    bob.commit(tx -> tx.root().map(b("m")).put(b("y"), b("2")));
    exchange(alice, bob);
    MapHandle m = alice.state.read().root().map(b("m"));
    assertThat(m.get(b("x"))).contains(b("1"));
    assertThat(m.get(b("y"))).contains(b("2"));
  }

  @Test
  void deleteOfAnEntryWhoseChildIsConcurrentlyUpdatedKeepsOnlyWritesNewerThanTheDelete() {
    alice.commit(
        tx -> {
          MapHandle m = tx.root().map(b("m"));
          m.put(b("old"), b("1"));
          m.put(b("child"), b("1"));
        });
    exchange(alice, bob);
    alice.commit(tx -> tx.root().remove(b("m")));
    clock.advance(1);
    bob.commit(tx -> tx.root().map(b("m")).put(b("child"), b("2")));
    exchange(alice, bob);
    MapHandle m = alice.state.read().root().map(b("m"));
    assertThat(m.get(b("child"))).contains(b("2"));
    assertThat(m.get(b("old"))).isEmpty();
  }

  @Test
  void concurrentVectorInsertsAtOneIndexBothSurvive() {
    alice.commit(tx -> tx.root().vector(b("v")).push(b("a")));
    exchange(alice, bob);
    alice.commit(tx -> tx.root().vector(b("v")).insert(1, b("x")));
    bob.commit(tx -> tx.root().vector(b("v")).insert(1, b("y")));
    bob.commit(tx -> tx.root().vector(b("v")).set(0, b("A")));
    exchange(alice, bob);
    VectorHandle v = alice.state.read().root().vector(b("v"));
    assertThat(v.size()).isEqualTo(3);
    assertThat(v.get(0)).contains(b("A"));
  }

  @Test
  void vectorOfMapsMergesFieldsOfOneElement() {
    alice.commit(tx -> tx.root().vector(b("v")).insertMap(0).put(b("name"), b("n")));
    exchange(alice, bob);
    alice.commit(tx -> tx.root().vector(b("v")).mapAt(0).put(b("a"), b("1")));
    bob.commit(tx -> tx.root().vector(b("v")).mapAt(0).put(b("b"), b("2")));
    exchange(alice, bob);
    MapHandle element = bob.state.read().root().vector(b("v")).mapAt(0);
    assertThat(element.keys()).hasSize(3);
  }

  @Test
  void sortedMapAnswersRangePrefixAndPageInByteOrder() {
    alice.commit(
        tx -> {
          MapHandle m = tx.root().sortedMap(b("s"));
          for (String k : new String[] {"b2", "a1", "b1", "c1", "b3"}) {
            m.put(b(k), b(k));
          }
        });
    MapHandle m = alice.state.read().root().sortedMap(b("s"));
    assertThat(m.prefix(b("b"), 10))
        .extracting(e -> new String(e.getKey()))
        .containsExactly("b1", "b2", "b3");
    assertThat(m.range(b("a2"), b("b3"), 10))
        .extracting(e -> new String(e.getKey()))
        .containsExactly("b1", "b2");
    assertThat(m.page(1, 2)).extracting(e -> new String(e.getKey())).containsExactly("b1", "b2");
  }

  @Test
  void userStorageAcceptsOnlyTheOwnersWrites() {
    alice.commit(tx -> tx.root().userStorage(b("u")).put(b("mine")));
    exchange(alice, bob);
    bob.commit(tx -> tx.root().userStorage(b("u")).put(b("bob's")));
    exchange(alice, bob);
    UserStorageHandle u = alice.state.read().root().userStorage(b("u"));
    assertThat(u.get(alice.key.publicKey())).contains(b("mine"));
    assertThat(u.get(bob.key.publicKey())).contains(b("bob's"));

    EntityId storage = u.id();
    Delta forged =
        Delta.sign(
            bob.key,
            HybridClock.ofMillis(clock.millis()) + 99,
            bob.state.read().root().userStorage(b("u")) == null ? 0 : 1,
            bob.state.heads(),
            java.util.List.of(new Action.Put(storage, alice.key.publicKey().toBytes(), b("hack"))));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> alice.state.apply(forged))
        .isInstanceOf(UnauthorizedActionException.class);
    assertThat(u.get(alice.key.publicKey())).contains(b("mine"));
  }

  @Test
  void frozenStorageIsContentAddressedAndRejectsOverwrites() {
    Delta d = alice.commit(tx -> tx.root().frozenStorage(b("f")).put(b("blob")));
    exchange(alice, bob);
    FrozenStorageHandle f = bob.state.read().root().frozenStorage(b("f"));
    assertThat(f.get(dev.mero4j.primitives.Hash.sha256(b("blob")))).contains(b("blob"));
    Delta overwrite =
        Delta.sign(
            bob.key,
            HybridClock.ofMillis(clock.millis()) + 5,
            1,
            bob.state.heads(),
            java.util.List.of(
                new Action.Put(
                    f.id(), dev.mero4j.primitives.Hash.sha256(b("blob")).toBytes(), b("x"))));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> alice.state.apply(overwrite))
        .isInstanceOf(UnauthorizedActionException.class);
    assertThat(d).isNotNull();
  }

  @Test
  void aDeltaWithABadSignatureIsRejectedAndNothingIsApplied() {
    Delta good = alice.commit(tx -> tx.root().put(b("k"), b("v")));
    byte[] bytes = DeltaCodec.encode(good);
    bytes[bytes.length - 1] ^= 1;
    Delta tampered = DeltaCodec.decode(bytes);
    var before = bob.state.rootHash();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> bob.state.apply(tampered))
        .isInstanceOf(InvalidSignatureException.class);
    assertThat(bob.state.rootHash()).isEqualTo(before);
  }

  @Test
  void aDeltaReferencingAnUnknownElementIsRejectedWhole() {
    alice.commit(tx -> tx.root().put(b("first"), b("1")));
    Delta bad =
        Delta.sign(
            alice.key,
            HybridClock.ofMillis(clock.millis()) + 9,
            100,
            alice.state.heads(),
            java.util.List.of(
                new Action.Put(EntityId.ROOT, b("second"), b("2")),
                new Action.TextInsert(
                    EntityId.ROOT.child("t"), new ElementId(alice.key.publicKey(), 77), "x")));
    var before = bob.state.rootHash();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> bob.state.apply(bad))
        .isInstanceOf(InvalidActionException.class);
    assertThat(bob.state.rootHash()).isEqualTo(before);
  }

  @Test
  void tombstonesAreCollectedAfterRetentionWithoutChangingTheRootHash() {
    alice.commit(tx -> tx.root().map(b("m")).put(b("x"), b("1")));
    alice.commit(tx -> tx.root().remove(b("m")));
    var hash = alice.state.rootHash();
    int before = alice.state.entityCount();
    clock.advance(java.time.Duration.ofHours(25).toMillis());
    alice.commit(tx -> tx.root().put(b("tick"), b("1")));
    alice.commit(tx -> tx.root().remove(b("tick")));
    hash = alice.state.rootHash();
    int dropped = alice.state.collectGarbage(java.time.Duration.ofHours(24));
    assertThat(dropped).isEqualTo(2);
    assertThat(alice.state.entityCount()).isEqualTo(before - 2 + 1);
    assertThat(alice.state.rootHash()).isEqualTo(hash);
  }

  @Test
  void aSnapshotRestoresTheSameRootHashAndKeepsConverging() {
    alice.commit(tx -> tx.root().text(b("t")).insert(0, "hello"));
    alice.commit(tx -> tx.root().pnCounter(b("c")).increment(3));
    alice.commit(tx -> tx.root().vector(b("v")).push(b("x")));
    byte[] snapshot = alice.state.exportSnapshot();
    ContextState restored = ContextState.importSnapshot(snapshot, bob.key, new HybridClock(clock));
    assertThat(restored.rootHash()).isEqualTo(alice.state.rootHash());
    assertThat(restored.heads()).isEqualTo(alice.state.heads());
    Delta next = alice.commit(tx -> tx.root().text(b("t")).insert(5, " world"));
    restored.apply(next);
    assertThat(restored.rootHash()).isEqualTo(alice.state.rootHash());
    assertThat(restored.read().root().text(b("t")).read()).isEqualTo("hello world");
  }
}

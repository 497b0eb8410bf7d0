package dev.mero4j.crdt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.CrdtType;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.primitives.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deleting a range of a large text costs one descent plus a constant per deleted element, locally
 * and when a peer's delete is validated and applied: counted in visited tree nodes and element
 * slots ({@link Sequence#steps()}), not timed.
 */
class TextRangeDeleteCostTest {
  private static final int SIZE = 1_000_000;
  private static final int FROM = 1_000;
  private static final int COUNT = 500_000;

  /** A constant per deleted element, with room for the descents and the per-leaf climbs. */
  private static final long BUDGET = 3L * COUNT;

  @Test
  void deletingHalfOfAMillionCharacterTextVisitsAConstantPerCharacter() {
    KeyPair author = KeyPair.fromSeed(new byte[32]);
    StateTree local = textOfOneMillion(author);
    Entity text = local.get(EntityId.ROOT.child("t"));
    Sequence seq = text.sequence;
    long before = seq.steps();

    List<Action> actions = local.deleteTextAt(text, FROM, COUNT);

    assertThat(seq.steps() - before).isLessThanOrEqualTo(BUDGET);
    assertThat(seq.size()).isEqualTo(SIZE - COUNT);
    assertThat(actions).hasSize(1);

    StateTree remote = textOfOneMillion(author);
    Sequence remoteSeq = remote.get(EntityId.ROOT.child("t")).sequence;
    Delta delta = Delta.sign(author, 10, SIZE + 2, List.of(), actions);
    long remoteBefore = remoteSeq.steps();
    DeltaValidator.validate(remote, delta);
    remote.apply(actions.get(0), new Stamp(10, remote.replicas().intern(author.publicKey()), 0), 1);

    assertThat(remoteSeq.steps() - remoteBefore).isLessThanOrEqualTo(2 * BUDGET);
    assertThat(remoteSeq.size()).isEqualTo(SIZE - COUNT);
    StringBuilder left = new StringBuilder();
    remoteSeq.appendText(left);
    StringBuilder expected = new StringBuilder();
    seq.appendText(expected);
    assertThat(left.toString()).isEqualTo(expected.toString());
  }

  private static StateTree textOfOneMillion(KeyPair author) {
    StateTree tree = new StateTree();
    Replica replica = tree.replicas().intern(author.publicKey());
    tree.apply(
        new Action.Create(EntityId.ROOT, "t".getBytes(StandardCharsets.UTF_8), CrdtType.RGA),
        new Stamp(1, replica, 0),
        1);
    StringBuilder content = new StringBuilder(SIZE);
    for (int i = 0; i < SIZE; i++) {
      content.append((char) ('a' + i % 26));
    }
    Entity text = tree.get(EntityId.ROOT.child("t"));
    tree.insertTextAt(text, 0, content.toString(), new Stamp(2, replica, 0), 1);
    return tree;
  }
}

package dev.mero4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.Hash;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch Merkle tree: every leaf's path leads to the root, and only from its own index. */
class BatchProofTest {
  private static List<Hash> leaves(int n) {
    List<Hash> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(Hash.sha256(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    return leaves;
  }

  @Test
  void everyLeafOfEveryBatchSizeProvesItsPlaceAndNoOther() {
    for (int n = 1; n <= BatchProof.MAX_BATCH; n++) {
      List<Hash> leaves = leaves(n);
      BatchProof proof = BatchProof.of(leaves);
      int ceilLog2 = 32 - Integer.numberOfLeadingZeros(n - 1);
      for (int i = 0; i < n; i++) {
        List<Hash> path = proof.path(i);
        assertThat(path).hasSize(BatchProof.pathLength(n, i)).hasSizeLessThanOrEqualTo(ceilLog2);
        assertThat(BatchProof.rootOf(leaves.get(i), n, i, path)).isEqualTo(proof.root());
        int other = (i + 1) % n;
        if (other != i && BatchProof.pathLength(n, other) == path.size()) {
          assertThat(BatchProof.rootOf(leaves.get(i), n, other, path)).isNotEqualTo(proof.root());
        }
      }
    }
  }

  @Test
  void threeLeavesFollowRfc9162() {
    List<Hash> l = leaves(3);
    assertThat(BatchProof.of(l).root())
        .isEqualTo(BatchProof.node(BatchProof.node(l.get(0), l.get(1)), l.get(2)));
    assertThat(BatchProof.of(l.subList(0, 1)).root()).isEqualTo(l.get(0));
    assertThat(BatchProof.pathLength(3, 2)).isEqualTo(1);
    assertThat(BatchProof.pathLength(1, 0)).isZero();
  }
}

package dev.mero4j.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.blobs.internal.Merkle;
import dev.mero4j.primitives.Hash;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTest {
  @Test
  void everyLeafVerifiesAloneAndNoAlteredOneDoes() {
    for (int count = 1; count <= 17; count++) {
      List<byte[]> leaves = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        leaves.add(Hash.sha256(new byte[] {(byte) count, (byte) i}).toBytes());
      }
      byte[] root = Merkle.root(leaves);
      for (int i = 0; i < count; i++) {
        List<byte[]> proof = Merkle.proof(leaves, i);
        assertThat(Merkle.verify(leaves.get(i), i, count, proof, root)).isTrue();
        byte[] altered = leaves.get(i).clone();
        altered[0] ^= 1;
        assertThat(Merkle.verify(altered, i, count, proof, root)).isFalse();
        if (count > 1) {
          assertThat(Merkle.verify(leaves.get(i), (i + 1) % count, count, proof, root)).isFalse();
        }
      }
    }
  }

  @Test
  void rootDependsOnOrderAndCount() {
    byte[] a = Hash.sha256(new byte[] {1}).toBytes();
    byte[] b = Hash.sha256(new byte[] {2}).toBytes();
    assertThat(Merkle.root(List.of(a, b))).isNotEqualTo(Merkle.root(List.of(b, a)));
    assertThat(Merkle.root(List.of(a))).isNotEqualTo(Merkle.root(List.of(a, a)));
    assertThat(Merkle.root(List.of())).hasSize(32);
  }
}

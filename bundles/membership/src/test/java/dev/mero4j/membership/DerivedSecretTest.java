package dev.mero4j.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.ContextId;
import org.junit.jupiter.api.Test;

/** {@link ContextKeys#derive}: secrets for other schemes (blobs) without handing out the key. */
class DerivedSecretTest {
  private static final ContextId CTX = ContextId.of(new byte[32]);

  @Test
  void isStablePerKeyAndPurposeAndApartOtherwise() {
    ContextKeys keys = new ContextKeys(CTX, Fixtures.random(7));
    KeyId first = keys.generate();
    KeyId second = keys.generate();
    byte[] a = keys.derive(first, "mero4j/blobs/1");
    assertThat(a).hasSize(32).isEqualTo(keys.derive(first, "mero4j/blobs/1"));
    assertThat(keys.derive(first, "mero4j/other/1")).isNotEqualTo(a);
    assertThat(keys.derive(second, "mero4j/blobs/1")).isNotEqualTo(a);
    ContextKeys otherContext =
        new ContextKeys(
            ContextId.of(
                new byte[] {
                  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                  0, 0, 0, 0, 0
                }),
            Fixtures.random(8));
    assertThatThrownBy(() -> otherContext.derive(first, "mero4j/blobs/1"))
        .isInstanceOf(KeyUnavailableException.class);
  }
}

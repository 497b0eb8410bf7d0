package dev.mero4j.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeHomeTest {
  private static final NodeHome.InitOptions OPTIONS =
      new NodeHome.InitOptions(4000, 4001, "none", "none", false);

  @TempDir Path dir;

  @Test
  void initCreatesConfigPrivateIdentityAndDataDirectory() throws Exception {
    NodeHome home = NodeHome.init(dir.resolve("n1"), OPTIONS, new SecureRandom());
    NodeConfig config = home.loadConfig();
    assertThat(config.server().port()).isEqualTo(4001);
    Path key = home.resolve(config.identity().keyFile());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(home.resolve("data")).isDirectory();
    KeyPair identity = home.loadIdentity(config);
    assertThat(identity.publicKey().verify("hi".getBytes(), identity.sign("hi".getBytes())))
        .isTrue();
  }

  @Test
  void initRefusesToOverwriteWithoutForce() {
    NodeHome first = NodeHome.init(dir, OPTIONS, new SecureRandom());
    KeyPair original = first.loadIdentity(first.loadConfig());
    assertThatThrownBy(() -> NodeHome.init(dir, OPTIONS, new SecureRandom()))
        .isInstanceOf(InvalidHomeException.class)
        .hasMessageContaining("--force");
    assertThat(first.loadIdentity(first.loadConfig())).isEqualTo(original);
    NodeHome forced =
        NodeHome.init(
            dir, new NodeHome.InitOptions(4000, 4001, "none", "none", true), new SecureRandom());
    assertThat(forced.loadIdentity(forced.loadConfig())).isNotEqualTo(original);
  }

  @Test
  void openingAMissingHomeSaysHowToCreateOne() {
    assertThatThrownBy(() -> NodeHome.open(dir.resolve("nope")))
        .isInstanceOf(InvalidHomeException.class)
        .hasMessageContaining("mero4j init --home");
    assertThatThrownBy(() -> NodeHome.open(dir))
        .isInstanceOf(InvalidHomeException.class)
        .hasMessageContaining("config.toml is missing");
  }

  @Test
  void corruptIdentityIsReportedWithItsPath() throws Exception {
    NodeHome home = NodeHome.init(dir, OPTIONS, new SecureRandom());
    Path key = home.resolve("identity.key");
    Files.writeString(key, "ed25519:not-base58-0OIl\n");
    assertThatThrownBy(() -> home.loadIdentity(home.loadConfig()))
        .isInstanceOf(InvalidHomeException.class)
        .hasMessageContaining(key.toString())
        .hasMessageContaining("corrupt");
    Files.writeString(key, "garbage");
    assertThatThrownBy(() -> home.loadIdentity(home.loadConfig()))
        .isInstanceOf(InvalidHomeException.class);
    Files.delete(key);
    assertThatThrownBy(() -> home.loadIdentity(home.loadConfig())).hasMessageContaining("missing");
  }
}

package dev.mero4j.it.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The replication bundle's build reaches the rest of Mero4j through API bundles only (tests may use
 * real parts).
 */
class ReplicationPomTest {
  private static final Path REPLICATION_POM =
      Path.of("..", "..", "bundles", "replication", "pom.xml");

  @Test
  void replicationHasNoMainDependencyOnAnImplementationBundle() throws IOException {
    assertThat(PomDependencies.implementationsOutsideTests(Files.readAllBytes(REPLICATION_POM)))
        .isEmpty();
  }

  @Test
  void aMainDependencyOnTheRuntimeIsFoundAndATestOneIsNot() throws IOException {
    String pom =
        """
        <project><dependencies>
          <dependency><groupId>dev.mero4j</groupId><artifactId>mero4j-runtime-api</artifactId></dependency>
          <dependency><groupId>dev.mero4j</groupId><artifactId>mero4j-runtime</artifactId></dependency>
          <dependency><groupId>dev.mero4j</groupId><artifactId>mero4j-membership</artifactId>
            <scope>compile</scope></dependency>
          <dependency><groupId>dev.mero4j</groupId><artifactId>mero4j-storage-mapdb</artifactId>
            <scope>test</scope></dependency>
        </dependencies></project>
        """;
    assertThat(PomDependencies.implementationsOutsideTests(pom.getBytes(StandardCharsets.UTF_8)))
        .containsExactly("mero4j-runtime", "mero4j-membership");
  }
}

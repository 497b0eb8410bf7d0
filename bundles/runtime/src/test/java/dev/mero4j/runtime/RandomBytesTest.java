package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes of {@code mero_random_bytes} are never shared by two members or by two calls. */
class RandomBytesTest {
  /** Both nodes read the same instant, so only identity and position can tell their calls apart. */
  private static final Clock SAME_TIME =
      Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private final List<StorageEngine> open = new ArrayList<>();
  private ContextManager a;
  private ContextManager b;
  private ApplicationId app;
  private ContextId ctx;

  @BeforeAll
  static void probe() {
    ContextManagerContractTest.loadProbeForOthers();
  }

  @BeforeEach
  void twoMembersAtTheSameHeads() {
    a = node("a");
    b = node("b");
    List<byte[]> commits = new ArrayList<>();
    List<byte[]> governance = new ArrayList<>();
    a.onCommit((id, envelope) -> commits.add(envelope));
    a.onGovernance((id, op) -> governance.add(op));
    ctx = a.create(app, "{}").contextId();
    b.setJoiner(Joiners.direct(a));
    b.join(a.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty()));
    governance.forEach(op -> b.replica(ctx).applyGovernance(op));
    commits.forEach(envelope -> b.replica(ctx).applyRemote(envelope));
  }

  @AfterEach
  void close() {
    open.forEach(StorageEngine::close);
  }

  @Test
  void twoMembersMakingTheSameCallAtTheSamePositionGetDifferentBytes() {
    assertThat(b.replica(ctx).heads()).isEqualTo(a.replica(ctx).heads());
    assertThat(random(b)).isNotEqualTo(random(a));
  }

  @Test
  void oneMemberGetsDifferentBytesAtEachPosition() {
    String first = random(a);
    a.execute(ctx, "set", "{\"key\":\"k\",\"value\":\"v\"}", Optional.empty());
    assertThat(random(a)).isNotEqualTo(first);
  }

  @Test
  void twoCallsAtTheSameHeadsGetDifferentBytes() {
    assertThat(random(a)).isNotEqualTo(random(a));
  }

  private ContextManager node(String name) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
    open.add(storage);
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    app = apps.install(ContextManagerContractTest.probe, "t").id();
    return new ContextManager(storage, apps, RuntimeLimits.DEFAULT, SAME_TIME, new SecureRandom());
  }

  /** The eight random bytes the probe's {@code env} method returns, as JSON text. */
  private String random(ContextManager node) {
    String out = node.execute(ctx, "env", "{}", Optional.empty()).outputJson();
    return out.substring(out.indexOf("\"random\""));
  }
}

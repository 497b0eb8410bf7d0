package dev.mero4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.InvitationRefusedException;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.runtime.api.MemberInfo;
import dev.mero4j.runtime.api.MemberRole;
import dev.mero4j.storage.api.StorageConfig;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.mapdb.MapDbStorageProvider;
import dev.mero4j.wasm.chicory.ChicoryWasmEngine;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A join whose answer is lost (the member admitted the joiner, the response never arrived, the
 * joiner restarted) can be retried with the same invitation; another key cannot (16.4).
 */
class JoinRetryTest {
  @TempDir Path dir;

  private final List<StorageEngine> open = new ArrayList<>();

  @BeforeAll
  static void probe() {
    ContextManagerContractTest.loadProbeForOthers();
  }

  @AfterEach
  void close() {
    open.forEach(StorageEngine::close);
  }

  private record Node(ContextManager contexts, ApplicationId app) {}

  private Node node(String name) {
    StorageEngine storage = new MapDbStorageProvider().open(StorageConfig.at(dir.resolve(name)));
    open.add(storage);
    ApplicationManager apps =
        new ApplicationManager(storage, new ChicoryWasmEngine(), RuntimeLimits.DEFAULT);
    ApplicationId app = apps.install(ContextManagerContractTest.probe, "t").id();
    return new Node(
        new ContextManager(
            storage, apps, RuntimeLimits.DEFAULT, Clock.systemUTC(), new SecureRandom()),
        app);
  }

  private void restart(int index) {
    open.remove(index).close();
  }

  @Test
  void aLostAnswerNeitherBurnsTheInvitationNorOrphansTheAdmittedKey() {
    Node first = node("member");
    ContextManager member = first.contexts();
    ContextId ctx = member.create(first.app(), "{}").contextId();
    String text = member.invite(ctx, MemberRole.MEMBER, Duration.ofHours(1), Optional.empty());

    ContextManager joiner = node("joiner").contexts();
    AtomicBoolean lose = new AtomicBoolean(true);
    joiner.setJoiner(Joiners.direct(member, lose));
    assertThatThrownBy(() -> joiner.join(text)).isInstanceOf(JoinUnavailableException.class);
    assertThat(member.members(ctx)).as("the member admitted the joiner").hasSize(2);

    restart(1);
    ContextManager again = node("joiner").contexts();
    again.setJoiner(Joiners.direct(member, new AtomicBoolean(false)));
    assertThat(again.join(text).contextId()).isEqualTo(ctx);
    assertThat(member.members(ctx)).as("the same key, admitted once").hasSize(2);
    assertThat(member.members(ctx).stream().map(MemberInfo::publicKey))
        .contains(again.identities(ctx).get(0));

    ContextManager other = node("other").contexts();
    other.setJoiner(Joiners.direct(member, new AtomicBoolean(false)));
    assertThatThrownBy(() -> other.join(text))
        .isInstanceOfSatisfying(
            InvitationRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(InvitationRefusedException.Reason.REUSED));
    assertThat(member.members(ctx)).hasSize(2);
  }
}

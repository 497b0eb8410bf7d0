package dev.mero4j.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mero4j.primitives.GovernanceOpId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterTry;

/** Two admins change membership concurrently; every delivery order converges on one state. */
class GovernanceConvergencePropertiesTest {
  private int nextSeed = 1_000;

  @Provide
  Arbitrary<int[]> step() {
    return Arbitraries.integers().between(0, 99).array(int[].class).ofSize(3);
  }

  @Property(tries = 40)
  void everyDeliveryOrderConvergesToTheSameStateAndHeads(
      @ForAll @Size(max = 14) List<@net.jqwik.api.From("step") int[]> steps,
      @ForAll long shuffleSeed) {
    Group group = new Group();
    MemberIdentity second = Fixtures.identity(nextSeed++);
    List<ContextMembership> admins = List.of(group.adminView, group.join(second, Role.ADMIN));
    for (int[] step : steps) {
      ContextMembership actor = admins.get(step[0] % 2);
      try {
        act(actor, admins.get(1 - step[0] % 2), step[1], step[2]);
      } catch (MembershipException expectedSometimes) {
        // An action the actor's current state forbids (e.g. removing the last admin) issues
        // nothing.
        assertThat(expectedSometimes).isNotInstanceOf(ForgedOperationException.class);
      }
    }
    Map<GovernanceOpId, SignedGovernanceOp> all = new LinkedHashMap<>();
    admins.forEach(a -> a.log().ops().forEach(op -> all.put(op.id(), op)));
    admins.forEach(a -> all.values().forEach(a::receive));
    GovernanceState reference = admins.get(0).state();
    assertThat(admins.get(1).state().digest()).isEqualTo(reference.digest());

    List<SignedGovernanceOp> delivery = new ArrayList<>(all.values());
    delivery.addAll(delivery.subList(0, delivery.size() / 3));
    Collections.shuffle(delivery, new Random(shuffleSeed));
    GovernanceLog replica = GovernanceLog.open(group.adminView.context(), Fixtures.storage());
    delivery.forEach(replica::add);
    assertThat(replica.pendingCount()).isZero();
    assertThat(replica.rejectedCount()).isZero();
    assertThat(replica.heads()).isEqualTo(admins.get(0).log().heads());
    assertThat(replica.state().digest()).isEqualTo(reference.digest());
  }

  private void act(ContextMembership actor, ContextMembership other, int action, int pick) {
    List<dev.mero4j.primitives.PublicKey> members =
        new ArrayList<>(actor.state().members().keySet());
    if (members.isEmpty()) {
      return; // both admins removed each other concurrently: the context is orphaned, on every
      // replica alike
    }
    dev.mero4j.primitives.PublicKey target = members.get(pick % members.size());
    switch (action % 6) {
      case 0 -> {
        MemberIdentity joiner = Fixtures.identity(nextSeed++);
        IssuedInvitation issued =
            actor.invite(
                Role.values()[pick % 3],
                ContextMembership.DEFAULT_INVITATION_VALIDITY,
                java.util.Optional.empty());
        actor.accept(JoinRequest.create(issued, joiner, Fixtures.SESSION));
      }
      case 1 -> actor.removeMember(target);
      case 2 -> actor.setRole(target, Role.values()[pick % 3]);
      case 3 -> actor.rotateKey();
      case 4 -> other.log().ops().forEach(actor::receive);
      default ->
          actor.revoke(
              InvitationId.of(
                  dev.mero4j.primitives.Hash.sha256(new byte[] {(byte) pick}).toBytes()));
    }
  }

  @AfterTry
  void reset() {
    nextSeed = 1_000;
  }
}

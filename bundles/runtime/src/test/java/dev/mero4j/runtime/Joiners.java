package dev.mero4j.runtime;

import dev.mero4j.runtime.api.Admissions;
import dev.mero4j.runtime.api.ContextJoiner;
import dev.mero4j.runtime.api.JoinUnavailableException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/** In-process carriers of joins for the runtime tests (no network, one fresh session per join). */
final class Joiners {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Joiners() {}

  /** Carries each join to {@code member}. */
  static ContextJoiner direct(Admissions member) {
    return direct(member, new AtomicBoolean(false));
  }

  /** Carries each join to {@code member}; loses the next answer while {@code lose} is set. */
  static ContextJoiner direct(Admissions member, AtomicBoolean lose) {
    return (attempt, inviter) -> {
      byte[] session = new byte[32];
      RANDOM.nextBytes(session);
      byte[] proof = member.proveMembership(attempt.context(), session);
      byte[] request =
          attempt
              .request(session, proof)
              .orElseThrow(() -> new JoinUnavailableException("the member did not prove itself"));
      byte[] answer = member.admit(request, session);
      if (lose.getAndSet(false)) {
        throw new JoinUnavailableException("the member's answer was lost");
      }
      if (!attempt.settles(session, proof, answer)) {
        throw new JoinUnavailableException("the member's answer is not signed for the session");
      }
    };
  }
}

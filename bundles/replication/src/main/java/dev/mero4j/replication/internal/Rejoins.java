package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.Admissions;
import dev.mero4j.runtime.api.InvitationRefusedException;
import dev.mero4j.runtime.api.JoinUnavailableException;
import dev.mero4j.runtime.api.UnknownContextException;

/**
 * Joins a context again when governance that arrived shows this node that its own admission is void
 * ({@link Admissions#rejoinIfVoid}): it was admitted by an admin that was already removed, or its
 * redemption lost to another. Runs on the sync side of the work, since a join waits on peers.
 */
public final class Rejoins {
  private static final System.Logger LOG = System.getLogger(Rejoins.class.getName());

  private final Admissions admissions;
  private final ReplicationWork work;

  public Rejoins(Admissions admissions, ReplicationWork work) {
    this.admissions = admissions;
    this.work = work;
  }

  /** After governance of {@code context} applied here: joins again if the admission proved void. */
  public void check(ContextId context) {
    work.sync("rejoin if void", () -> rejoin(context));
  }

  /** The same check, run on the calling thread (already on the sync side). */
  void rejoin(ContextId context) {
    try {
      admissions
          .rejoinIfVoid(context)
          .ifPresent(
              joined ->
                  LOG.log(
                      System.Logger.Level.INFO,
                      "this node''s admission to {0} was void; joined again as {1}",
                      context,
                      joined.memberPublicKey()));
    } catch (InvitationRefusedException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "this node''s admission to {0} was void and its invitation is refused ({1}); its copy"
              + " is deleted: {2}",
          context,
          e.reason(),
          e.getMessage());
    } catch (JoinUnavailableException e) {
      LOG.log(
          System.Logger.Level.INFO,
          "this node''s admission to {0} is void and no member answered a new join yet: {1}",
          context,
          e.getMessage());
    } catch (UnknownContextException e) {
      LOG.log(
          System.Logger.Level.DEBUG, "context {0} deleted meanwhile: {1}", context, e.getMessage());
    }
  }
}

package dev.mero4j.node.internal;

import dev.mero4j.node.CapabilityStatus;
import dev.mero4j.node.Mero4jNode;
import dev.mero4j.node.ProviderAlreadyActiveException;
import dev.mero4j.node.ProviderMissingException;
import dev.mero4j.node.SwapInProgressException;
import dev.mero4j.node.SwapJob;
import dev.mero4j.node.UnknownCapabilityException;
import dev.mero4j.node.UnknownSwapJobException;
import dev.mero4j.server.ProviderAdmin;
import dev.mero4j.server.ProviderConflictException;
import dev.mero4j.server.ProviderNotFoundException;
import dev.mero4j.server.ProviderRequestException;
import java.util.List;

/** The node's provider swaps as the client API sees them; node errors become the API's refusals. */
public final class ProviderAdminAdapter implements ProviderAdmin {
  private final Mero4jNode node;

  public ProviderAdminAdapter(Mero4jNode node) {
    this.node = node;
  }

  @Override
  public List<Capability> capabilities() {
    return node.providerStatus().stream().map(ProviderAdminAdapter::capability).toList();
  }

  @Override
  public Job swap(String capability, String to) {
    try {
      return job(node.swapProvider(capability, to));
    } catch (UnknownCapabilityException | ProviderMissingException e) {
      throw new ProviderNotFoundException(e.getMessage(), e);
    } catch (ProviderAlreadyActiveException | SwapInProgressException e) {
      throw new ProviderConflictException(e.getMessage(), e);
    }
  }

  @Override
  public Job swapTransport(String to, List<String> listen) {
    try {
      return job(node.swapTransport(to, listen));
    } catch (IllegalArgumentException e) {
      throw new ProviderRequestException(e.getMessage(), e);
    } catch (UnknownCapabilityException | ProviderMissingException e) {
      throw new ProviderNotFoundException(e.getMessage(), e);
    } catch (ProviderAlreadyActiveException | SwapInProgressException e) {
      throw new ProviderConflictException(e.getMessage(), e);
    }
  }

  @Override
  public Job job(String id) {
    try {
      return job(node.swapJob(id));
    } catch (UnknownSwapJobException e) {
      throw new ProviderNotFoundException(e.getMessage(), e);
    }
  }

  private static Capability capability(CapabilityStatus status) {
    return new Capability(status.capability(), status.active(), status.deployed());
  }

  private static Job job(SwapJob job) {
    return new Job(
        job.id(),
        job.capability(),
        job.from(),
        job.to(),
        job.phase().name(),
        job.phase().finished(),
        job.done(),
        job.total(),
        job.pauseMillis(),
        job.elapsedMillis(),
        job.errorType(),
        job.error());
  }
}

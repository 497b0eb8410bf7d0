package dev.mero4j.node.internal;

import dev.mero4j.console.api.ConsoleCommand;
import dev.mero4j.console.api.ConsoleException;
import dev.mero4j.console.api.ConsoleSession;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code updateBundle('dev.mero4j.transport.libp2p')}: reads a bundle again from its location (its
 * jar, replaced by the operator) and refreshes it, in the running framework. A provider bundle
 * comes back with a new provider instance, which the node takes over through a live swap (the
 * transport on its own; docs/hot-swap.md). Bundles whose refresh would restart the node or the
 * console (the APIs they import, themselves) are refused: those need a restart.
 */
@Component(service = ConsoleCommand.class)
public final class BundleUpdateCommand implements ConsoleCommand {
  /** How long the refresh may take before the command gives up waiting (it goes on). */
  static final long REFRESH_WAIT_SECONDS = 60;

  private final BundleContext context;

  @Activate
  public BundleUpdateCommand(BundleContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "updateBundle";
  }

  @Override
  public String description() {
    return "re-read a provider bundle from its jar and refresh it, live";
  }

  @Override
  public String usage() {
    return "updateBundle('dev.mero4j.transport.libp2p')";
  }

  @Override
  public Object execute(ConsoleSession session, List<Object> arguments) {
    if (arguments.size() != 1 || !(arguments.get(0) instanceof CharSequence)) {
      throw new ConsoleException("usage: " + usage() + " (one bundle symbolic name)");
    }
    String name = arguments.get(0).toString();
    Bundle bundle = find(name);
    FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
    Bundle self = context.getBundle();
    for (Bundle affected : wiring.getDependencyClosure(List.of(bundle))) {
      String symbolicName = String.valueOf(affected.getSymbolicName());
      if (affected.getBundleId() == 0
          || affected.equals(self)
          || symbolicName.startsWith("dev.mero4j.console")) {
        throw new ConsoleException(
            "refreshing "
                + name
                + " would restart "
                + (affected.equals(bundle) ? "it" : symbolicName)
                + ", which runs the node or this console: update it with a node restart");
      }
    }
    String before = bundle.getVersion().toString();
    try {
      bundle.update();
    } catch (BundleException e) {
      throw new ConsoleException("updating " + name + " failed: " + e.getMessage());
    }
    Collection<Bundle> refreshed = wiring.getDependencyClosure(List.of(bundle));
    CountDownLatch done = new CountDownLatch(1);
    wiring.refreshBundles(
        List.of(bundle),
        e -> {
          if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
            done.countDown();
          }
        });
    try {
      if (!done.await(REFRESH_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new ConsoleException("the refresh of " + name + " is still running after 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConsoleException("interrupted while " + name + " was refreshed");
    }
    return "updated "
        + name
        + " "
        + before
        + " -> "
        + bundle.getVersion()
        + " from "
        + bundle.getLocation()
        + "; refreshed "
        + refreshed.size()
        + " bundle(s); state "
        + (bundle.getState() == Bundle.ACTIVE
            ? "active"
            : "not active (" + bundle.getState() + ")");
  }

  private Bundle find(String name) {
    for (Bundle b : context.getBundles()) {
      if (name.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
        return b;
      }
    }
    throw new ConsoleException("no bundle '" + name + "' is installed");
  }
}

package dev.mero4j.it.osgi;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import net.jqwik.engine.JqwikTestEngine;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs JUnit 5 and jqwik TCK classes with the JUnit Platform launcher inside the framework: the
 * engines are registered by hand, because {@link java.util.ServiceLoader} does not cross bundle
 * class loaders.
 */
final class InFrameworkTck {
  private InFrameworkTck() {}

  /** Runs {@code tests} and returns the summary; the caller asserts on it. */
  static TestExecutionSummary run(Class<?>... tests) {
    Launcher launcher =
        LauncherFactory.create(
            LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine(), new JqwikTestEngine())
                .build());
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (Class<?> test : tests) {
      request.selectors(selectClass(test));
    }
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // jqwik finds its engine facades with ServiceLoader on the context loader: the bundle holding
    // jqwik.
    thread.setContextClassLoader(JqwikTestEngine.class.getClassLoader());
    try {
      launcher.execute(request.build(), summary);
    } finally {
      thread.setContextClassLoader(previous);
    }
    return summary.getSummary();
  }

  /** Every failure with its stack trace, for the assertion message. */
  static String describe(TestExecutionSummary summary) {
    StringWriter text = new StringWriter();
    summary.printTo(new PrintWriter(text));
    summary.printFailuresTo(new PrintWriter(text), 20);
    return text.toString();
  }
}

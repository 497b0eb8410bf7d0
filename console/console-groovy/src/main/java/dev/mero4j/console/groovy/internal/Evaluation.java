package dev.mero4j.console.groovy.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One script evaluation on its own thread, so Ctrl-C can interrupt it without touching the node:
 * the first interrupt interrupts the script, the second abandons it and returns to the prompt.
 */
public final class Evaluation {
  private final CompletableFuture<Object> result = new CompletableFuture<>();
  private final AtomicInteger interrupts = new AtomicInteger();
  private final Thread worker;

  private Evaluation(Callable<Object> work) {
    worker =
        new Thread(
            () -> {
              try {
                result.complete(work.call());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "mero4j-console-eval");
    worker.setDaemon(true);
  }

  public static Evaluation start(Callable<Object> work) {
    Evaluation evaluation = new Evaluation(work);
    evaluation.worker.start();
    return evaluation;
  }

  /** Ctrl-C: interrupts the script; a second call stops waiting for it. */
  public void interrupt() {
    if (interrupts.incrementAndGet() == 1) {
      worker.interrupt();
    } else {
      result.completeExceptionally(
          new InterruptedException("abandoned; the script may still be running"));
    }
  }

  public boolean interrupted() {
    return interrupts.get() > 0;
  }

  /** The script's value, or its failure; an interrupted script fails with InterruptedException. */
  public Object await() throws Throwable {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (InterruptedException e) {
      worker.interrupt();
      Thread.currentThread().interrupt();
      throw e;
    }
  }
}

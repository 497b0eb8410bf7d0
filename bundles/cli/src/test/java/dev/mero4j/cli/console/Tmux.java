package dev.mero4j.cli.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A detached tmux session: a real terminal that tests type into and read the screen of. */
final class Tmux implements AutoCloseable {
  private final String session;

  private Tmux(String session) {
    this.session = session;
  }

  static boolean available() {
    try {
      return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts {@code command} (a shell command line) in a new 200x50 session. */
  static Tmux start(String name, String command) {
    Tmux tmux = new Tmux(name);
    tmux.run("new-session", "-d", "-s", name, "-x", "200", "-y", "50", command);
    return tmux;
  }

  /** Types {@code text} literally. */
  void type(String text) {
    run("send-keys", "-t", session, "-l", text);
  }

  /** Presses keys by tmux name: Enter, Tab, C-c, C-d. */
  void press(String... keys) {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
    args.addAll(List.of(keys));
    run(args.toArray(String[]::new));
  }

  /** Types a line and presses Enter. */
  void line(String text) {
    type(text);
    press("Enter");
  }

  /** The screen and its scroll-back, wrapped lines joined. */
  String screen() {
    return run("capture-pane", "-p", "-J", "-t", session, "-S", "-500");
  }

  private String run(String... args) {
    List<String> command = new ArrayList<>();
    command.add("tmux");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = process.waitFor();
      if (code != 0 && !args[0].equals("kill-session")) {
        throw new IllegalStateException(
            "tmux " + String.join(" ", args) + " failed (" + code + "): " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run tmux", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    run("kill-session", "-t", session);
  }
}

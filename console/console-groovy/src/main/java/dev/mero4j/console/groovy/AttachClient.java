package dev.mero4j.console.groovy;

import dev.mero4j.console.groovy.internal.AttachProtocol;
import dev.mero4j.console.groovy.internal.ChannelStreams;
import dev.mero4j.console.groovy.internal.ScriptFrame;
import dev.mero4j.console.groovy.internal.ScriptFrameCodec;
import dev.mero4j.console.groovy.internal.SocketGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

/**
 * Attaches to the console of a node running on this machine through the owner-only socket in its
 * home: an interactive session on the local terminal, or one script.
 */
public final class AttachClient {
  private static final System.Logger LOG = System.getLogger(AttachClient.class.getName());

  private final Path socket;

  private AttachClient(Path socket) {
    this.socket = socket;
  }

  /** A client for the node living in {@code home}; refuses an unsafe or missing socket. */
  public static AttachClient forHome(Path home) {
    Path socket = SocketGuard.socketOf(home);
    SocketGuard.checkBeforeAttach(socket);
    return new AttachClient(socket);
  }

  private SocketChannel connect() {
    try {
      return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      throw new AttachRefusedException(
          "cannot attach to " + socket + " (" + e.getMessage() + "); is the node still running?",
          e);
    }
  }

  /**
   * Runs an interactive session: the node's shell drives {@code terminal}, keystrokes go to the
   * node raw (so Ctrl-C reaches the script, not this process). Returns when the session ends.
   */
  public void interactive(Terminal terminal) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("term", terminal.getType());
    params.put("cols", Integer.toString(Math.max(terminal.getWidth(), 20)));
    params.put("rows", Integer.toString(Math.max(terminal.getHeight(), 5)));
    params.put("user", System.getProperty("user.name"));
    try (SocketChannel channel = connect()) {
      OutputStream toNode = ChannelStreams.output(channel);
      toNode.write(
          AttachProtocol.header(AttachProtocol.INTERACTIVE, params)
              .encode()
              .getBytes(StandardCharsets.UTF_8));
      Attributes saved = terminal.enterRawMode();
      Attributes raw = terminal.getAttributes();
      raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
      raw.setInputFlag(Attributes.InputFlag.ICRNL, false);
      terminal.setAttributes(raw);
      Thread keys =
          new Thread(() -> pumpKeys(terminal.input(), channel, toNode), "mero4j-console-keys");
      keys.setDaemon(true);
      keys.start();
      try {
        InputStream fromNode = ChannelStreams.input(channel);
        byte[] buffer = new byte[8192];
        int n;
        while ((n = fromNode.read(buffer)) >= 0) {
          terminal.output().write(buffer, 0, n);
          terminal.output().flush();
        }
      } finally {
        terminal.setAttributes(saved);
        terminal.writer().println();
        terminal.flush();
      }
    }
  }

  private static void pumpKeys(InputStream keys, SocketChannel channel, OutputStream toNode) {
    byte[] buffer = new byte[1024];
    try {
      int n;
      while ((n = keys.read(buffer)) >= 0) {
        toNode.write(buffer, 0, n);
      }
      channel.shutdownOutput();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "console input stopped", e);
    }
  }

  /**
   * Runs {@code code} on the node; its output goes to {@code out} and {@code err}. Returns the
   * script's exit code (0, or 1 after an error), or 1 when the node went away.
   */
  public int script(String name, String code, boolean trace, PrintStream out, PrintStream err)
      throws IOException {
    byte[] bytes = code.getBytes(StandardCharsets.UTF_8);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("name", name);
    params.put("bytes", Integer.toString(bytes.length));
    params.put("trace", Boolean.toString(trace));
    params.put("user", System.getProperty("user.name"));
    try (SocketChannel channel = connect()) {
      OutputStream toNode = ChannelStreams.output(channel);
      toNode.write(
          AttachProtocol.header(AttachProtocol.SCRIPT, params)
              .encode()
              .getBytes(StandardCharsets.UTF_8));
      toNode.write(bytes);
      toNode.flush();
      ScriptInterrupt.install(
          () -> {
            try {
              toNode.write(AttachProtocol.INTERRUPT);
            } catch (IOException e) {
              LOG.log(System.Logger.Level.DEBUG, "cannot send the interrupt", e);
            }
          });
      InputStream fromNode = ChannelStreams.input(channel);
      ScriptFrame frame;
      while ((frame = ScriptFrameCodec.read(fromNode)) != null) {
        switch (frame.type()) {
          case OUT -> out.write(frame.payload());
          case ERR -> err.write(frame.payload());
          case EXIT -> {
            out.flush();
            err.flush();
            return ScriptFrameCodec.exitCode(frame);
          }
        }
        out.flush();
        err.flush();
      }
      err.println("error: the node closed the console before the script ended");
      return 1;
    } finally {
      ScriptInterrupt.uninstall();
    }
  }

  /** Ctrl-C while a script runs: sent to the node, which interrupts the script. */
  private static final class ScriptInterrupt {
    private static Object previous;

    static synchronized void install(Runnable onInterrupt) {
      previous = org.jline.utils.Signals.register("INT", onInterrupt);
    }

    static synchronized void uninstall() {
      if (previous != null) {
        org.jline.utils.Signals.unregister("INT", previous);
        previous = null;
      }
    }
  }
}

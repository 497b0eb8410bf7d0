package dev.mero4j.console.groovy;

import dev.mero4j.console.groovy.internal.AttachProtocol;
import dev.mero4j.console.groovy.internal.ChannelStreams;
import dev.mero4j.console.groovy.internal.FrameWriter;
import dev.mero4j.console.groovy.internal.ScriptFrame;
import dev.mero4j.console.groovy.internal.ScriptFrameCodec;
import dev.mero4j.console.groovy.internal.SocketGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * Lets operators attach to a running node: listens on {@code console/attach.sock} in the node home,
 * an owner-only Unix-domain socket (no network exposure), and runs one console session per
 * connection from the same user.
 */
public final class AttachServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AttachServer.class.getName());

  private final ConsoleShell shell;
  private final Path socket;
  private final ServerSocketChannel server;
  private final Set<SocketChannel> sessions = ConcurrentHashMap.newKeySet();
  private final String owner = System.getProperty("user.name");

  private AttachServer(ConsoleShell shell, Path socket, ServerSocketChannel server) {
    this.shell = shell;
    this.socket = socket;
    this.server = server;
  }

  /** Binds the node's console socket and serves sessions on daemon threads until closed. */
  public static AttachServer start(ConsoleShell shell) {
    Path socket = SocketGuard.socketOf(shell.node().home());
    SocketGuard.checkLength(socket);
    try {
      SocketGuard.prepareDirectory(socket.getParent());
      removeStale(socket);
      ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      channel.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, SocketGuard.OWNER_SOCKET);
      AttachServer server = new AttachServer(shell, socket, channel);
      Thread accept = new Thread(server::acceptLoop, "mero4j-console-attach");
      accept.setDaemon(true);
      accept.start();
      LOG.log(System.Logger.Level.INFO, "console attach socket listening at " + socket);
      return server;
    } catch (IOException e) {
      throw new AttachRefusedException(
          "cannot open the console socket " + socket + ": " + e.getMessage(), e);
    }
  }

  /** A socket file left by a node that died; a live one means another node owns this home. */
  private static void removeStale(Path socket) throws IOException {
    if (!Files.exists(socket)) {
      return;
    }
    boolean live;
    try {
      SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
      live = true;
    } catch (IOException e) {
      live = false;
    }
    if (live) {
      throw new AttachRefusedException(
          "another process already serves a console at "
              + socket
              + "; is another node running on this home?");
    }
    Files.delete(socket);
  }

  public Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel channel = server.accept();
        Thread session = new Thread(() -> serve(channel), "mero4j-console-session");
        session.setDaemon(true);
        session.start();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "console socket accept failed", e);
      }
    }
  }

  private void serve(SocketChannel channel) {
    sessions.add(channel);
    try (channel) {
      String user = peerUser(channel);
      OutputStream out = ChannelStreams.output(channel);
      if (!owner.equals(user)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "console attach refused for user " + user + " (node runs as " + owner + ")");
        out.write(
            ("error: the node runs as " + owner + "; user " + user + " may not attach\n")
                .getBytes(StandardCharsets.UTF_8));
        return;
      }
      InputStream in = ChannelStreams.input(channel);
      AttachProtocol.Header header = AttachProtocol.readHeader(in);
      switch (header.mode()) {
        case AttachProtocol.INTERACTIVE -> interactive(header, in, out, user);
        case AttachProtocol.SCRIPT -> script(header, in, out, user);
        default ->
            out.write(
                ("error: unknown console mode " + header.mode() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "console session ended with an error", e);
    } finally {
      sessions.remove(channel);
    }
  }

  private static String peerUser(SocketChannel channel) throws IOException {
    try {
      UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
      return principal.user().getName();
    } catch (UnsupportedOperationException e) {
      return System.getProperty("user.name");
    }
  }

  private void interactive(
      AttachProtocol.Header header, InputStream in, OutputStream out, String user)
      throws IOException {
    String type = header.param("term", "dumb");
    // An ExternalTerminal runs JLine's own line discipline over the socket, so Ctrl-C becomes a
    // signal here; a pty-backed terminal would hand it to the kernel and the script would not stop.
    try (Terminal terminal =
        new ExternalTerminal("mero4j-attach", type, in, out, StandardCharsets.UTF_8)) {
      terminal.setSize(new Size(header.intParam("cols", 80), header.intParam("rows", 24)));
      enableSignals(terminal);
      shell.runInteractive(terminal, "attached", user);
      terminal.flush();
    }
  }

  /**
   * An external terminal starts without signal characters; the client sends keys raw, so Ctrl-C
   * must become SIGINT here for the console to interrupt the running script.
   */
  private static void enableSignals(Terminal terminal) {
    Attributes attributes = terminal.getAttributes();
    attributes.setLocalFlag(Attributes.LocalFlag.ISIG, true);
    attributes.setControlChar(Attributes.ControlChar.VINTR, 3);
    attributes.setControlChar(Attributes.ControlChar.VQUIT, 28);
    attributes.setControlChar(Attributes.ControlChar.VEOF, 4);
    terminal.setAttributes(attributes);
  }

  private void script(AttachProtocol.Header header, InputStream in, OutputStream out, String user)
      throws IOException {
    int length = header.intParam("bytes", -1);
    if (length < 0 || length > AttachProtocol.MAX_SCRIPT) {
      throw new IOException("script length " + length + " out of range");
    }
    String code = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    PrintWriter stdout = new PrintWriter(new FrameWriter(out, ScriptFrame.Type.OUT), true);
    PrintWriter stderr = new PrintWriter(new FrameWriter(out, ScriptFrame.Type.ERR), true);
    AtomicReference<Runnable> interrupt = new AtomicReference<>();
    Thread watcher =
        new Thread(() -> watchForInterrupt(in, interrupt), "mero4j-console-script-interrupt");
    watcher.setDaemon(true);
    int code0 =
        shell.runScript(
            header.param("name", "script.groovy"),
            code,
            stdout,
            stderr,
            Boolean.parseBoolean(header.param("trace", "false")),
            "attached script",
            user,
            handle -> {
              interrupt.set(handle);
              watcher.start();
            });
    ScriptFrameCodec.writeExit(out, code0);
  }

  /** Ctrl-C from the client, or the client going away, interrupts the script. */
  private static void watchForInterrupt(InputStream in, AtomicReference<Runnable> interrupt) {
    try {
      int b;
      while ((b = in.read()) >= 0) {
        if (b == AttachProtocol.INTERRUPT) {
          interrupt.get().run();
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "console script client went away", e);
    }
    interrupt.get().run();
  }

  /** Stops accepting, ends every session and removes the socket file. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the console socket failed", e);
    }
    for (SocketChannel channel : sessions) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing a console session failed", e);
      }
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot remove " + socket, e);
    }
  }
}

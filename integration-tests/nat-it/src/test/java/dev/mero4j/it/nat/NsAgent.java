package dev.mero4j.it.nat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small program the test starts inside a network namespace ({@code ip netns exec NS java ...}) to
 * act there on its behalf: HTTP requests to a node's API on the namespace's own 127.0.0.1, and TCP
 * listen/connect probes. Requests arrive on stdin and answers leave on stdout, so the test talks to
 * it through pipes and no traffic leaves the namespaces the test made.
 *
 * <p>Each request is {@code UTF command, UTF arg1, UTF arg2, int length, bytes}; each answer is
 * {@code int status, int length, bytes} where status -1 means the command failed and the bytes say
 * why.
 */
public final class NsAgent {
  /** Longest request or response body accepted: node API answers are a few kilobytes. */
  static final int MAX_BODY = 16 * 1024 * 1024;

  /** Time one HTTP request may take; a join through a relay takes seconds, not minutes. */
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);

  /** Time {@code accepted} waits for a connection. */
  private static final long ACCEPT_TIMEOUT_SECONDS = 20;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final BlockingQueue<String> accepted = new LinkedBlockingQueue<>();

  /** Sockets kept open (and reachable, so no cleaner closes them) until the agent exits. */
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  private NsAgent() {}

  public static void main(String[] args) throws IOException {
    new NsAgent().serve(System.in, System.out);
  }

  private void serve(InputStream stdin, java.io.PrintStream stdout) throws IOException {
    DataInputStream in = new DataInputStream(stdin);
    DataOutputStream out = new DataOutputStream(stdout);
    while (true) {
      String command;
      try {
        command = in.readUTF();
      } catch (java.io.EOFException closed) {
        return; // the test closed our stdin: done
      }
      String first = in.readUTF();
      String second = in.readUTF();
      int length = in.readInt();
      if (length < 0 || length > MAX_BODY) {
        throw new IOException("request body of " + length + " bytes");
      }
      byte[] body = in.readNBytes(length);
      int status;
      byte[] answer;
      try {
        Answer result = handle(command, first, second, body);
        status = result.status();
        answer = result.body();
      } catch (IOException | RuntimeException e) {
        status = -1;
        answer = e.toString().getBytes(StandardCharsets.UTF_8);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      out.writeInt(status);
      out.writeInt(answer.length);
      out.write(answer);
      out.flush();
    }
  }

  private record Answer(int status, byte[] body) {
    static Answer text(String text) {
      return new Answer(0, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private Answer handle(String command, String first, String second, byte[] body)
      throws IOException, InterruptedException {
    return switch (command) {
      case "GET", "POST" -> http(command, first, body);
      case "listen" -> listen(first, Integer.parseInt(second));
      case "accepted" -> {
        String remote = accepted.poll(ACCEPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (remote == null) {
          throw new IOException("no connection within " + ACCEPT_TIMEOUT_SECONDS + " s");
        }
        yield Answer.text(remote);
      }
      case "connect" -> connect(first, second);
      default -> throw new IllegalArgumentException("unknown command " + command);
    };
  }

  private Answer http(String method, String url, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(HTTP_TIMEOUT)
            .header("Content-Type", "application/json");
    request.method(
        method,
        method.equals("GET")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(response.statusCode(), response.body());
  }

  /** Listens on {@code host:port} and queues the remote address of every accepted connection. */
  private Answer listen(String host, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    open.add(server);
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket socket = server.accept();
                  open.add(socket);
                  accepted.add(address((InetSocketAddress) socket.getRemoteSocketAddress()));
                } catch (IOException closed) {
                  accepted.add("closed: " + closed);
                  return;
                }
              }
            },
            "agent-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return Answer.text(address((InetSocketAddress) server.getLocalSocketAddress()));
  }

  /** Connects from local port {@code localPort} (0: any) to {@code target} ("host:port"). */
  private Answer connect(String localPort, String target) throws IOException {
    int colon = target.lastIndexOf(':');
    Socket socket = new Socket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(Integer.parseInt(localPort)));
    socket.connect(
        new InetSocketAddress(
            InetAddress.getByName(target.substring(0, colon)),
            Integer.parseInt(target.substring(colon + 1))),
        2_000);
    open.add(socket);
    return Answer.text(address((InetSocketAddress) socket.getLocalSocketAddress()));
  }

  private static String address(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}

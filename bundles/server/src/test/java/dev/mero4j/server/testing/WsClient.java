package dev.mero4j.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK WebSocket client that queues every text frame it receives as JSON. */
public final class WsClient implements AutoCloseable {
  public final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  public final CompletableFuture<Integer> closed = new CompletableFuture<>();
  public volatile int pongs;
  private final WebSocket socket;

  private WsClient(HttpClient http, URI uri, String authorization) {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    this.socket = builder.buildAsync(uri, new Listener()).join();
  }

  public static WsClient connect(URI base, String query, String authorization) {
    return connect(HttpClient.newHttpClient(), base, query, authorization);
  }

  public static WsClient connect(HttpClient http, URI base, String query, String authorization) {
    URI uri =
        URI.create(
            base.toString().replace("http://", "ws://")
                + "/ws"
                + (query == null ? "" : "?" + query));
    return new WsClient(http, uri, authorization);
  }

  public void send(String text) {
    socket.sendText(text, true).join();
  }

  public void ping() {
    socket.sendPing(ByteBuffer.wrap(new byte[] {1})).join();
  }

  /** The next frame, failing after 30 s. */
  public JsonNode next() throws InterruptedException {
    JsonNode frame = frames.poll(30, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no WebSocket frame within 30 s");
    }
    return frame;
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(Api.parse(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      pongs++;
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}

package dev.mero4j.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads an SSE stream through the JDK HTTP client on a background thread, one event at a time. */
public final class SseClient implements AutoCloseable {
  /** One parsed event. */
  public record Event(String id, String event, String data) {}

  public final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  public final HttpResponse<InputStream> response;
  private final Thread reader;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-test-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Opens {@code path} with {@code Accept: text/event-stream} and the given Last-Event-ID, if any.
   */
  public static SseClient open(Api api, String path, String lastEventId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = api.request(path).header("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response =
        api.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    return new SseClient(response);
  }

  public Event next() throws InterruptedException {
    Event event = events.poll(30, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no SSE event within 30 s");
    }
    return event;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String name = null;
      StringBuilder data = new StringBuilder();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(id, name, data.toString()));
          }
          id = null;
          name = null;
          data.setLength(0);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
    } catch (IOException e) {
      // Closed by the test.
    }
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    reader.interrupt();
  }
}

package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console attach protocol on the node's Unix-domain socket. The client sends one header line,
 * then either raw terminal bytes both ways (interactive) or the script followed by framed output
 * from the node (script):
 *
 * <pre>
 * client: MERO4J-CONSOLE/1 interactive term=xterm-256color cols=120 rows=40 user=ops\n
 *         ... raw keystrokes ...            node: ... raw terminal output ...
 * client: MERO4J-CONSOLE/1 script name=deploy.groovy bytes=512 trace=false user=ops\n
 *         &lt;512 bytes of script&gt; [0x03 = interrupt]
 * node:   frames [type u8][length u32][payload]: OUT, ERR, EXIT (payload: exit code u32)
 * </pre>
 */
public final class AttachProtocol {
  public static final String ID = "MERO4J-CONSOLE/1";
  public static final String INTERACTIVE = "interactive";
  public static final String SCRIPT = "script";

  /** Longest header line; a client sending more is not speaking this protocol. */
  static final int MAX_HEADER = 4096;

  /** Largest script accepted over the socket (16 MiB): far beyond any maintenance script. */
  public static final int MAX_SCRIPT = 16 << 20;

  /** The byte a script client sends to interrupt the script (Ctrl-C). */
  public static final int INTERRUPT = 0x03;

  private AttachProtocol() {}

  /** A parsed header: the mode and its parameters. */
  public record Header(String mode, Map<String, String> params) {
    public String param(String key, String fallback) {
      return params.getOrDefault(key, fallback);
    }

    public int intParam(String key, int fallback) {
      try {
        return Integer.parseInt(params.getOrDefault(key, Integer.toString(fallback)));
      } catch (NumberFormatException e) {
        throw new ConsoleException("bad attach header: " + key + " is not a number");
      }
    }

    public String encode() {
      StringBuilder line = new StringBuilder(ID).append(' ').append(mode);
      params.forEach(
          (k, v) ->
              line.append(' ')
                  .append(k)
                  .append('=')
                  .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
      return line.append('\n').toString();
    }
  }

  public static Header header(String mode, Map<String, String> params) {
    return new Header(mode, new LinkedHashMap<>(params));
  }

  /** Reads the header line, byte by byte so nothing after it is consumed. */
  public static Header readHeader(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0 || line.size() > MAX_HEADER) {
        throw new ConsoleException("not a console attach request");
      }
      line.write(b);
    }
    String[] parts = line.toString(StandardCharsets.UTF_8).strip().split(" ", -1);
    if (parts.length < 2 || !ID.equals(parts[0])) {
      throw new ConsoleException("not a console attach request (expected " + ID + ")");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 2; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq > 0) {
        params.put(
            parts[i].substring(0, eq),
            URLDecoder.decode(parts[i].substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return new Header(parts[1], params);
  }
}

package dev.mero4j.console.groovy.internal;

/**
 * One application event seen by a watch, as a closure receives it: {@code event.kind}, {@code
 * event.data.key}.
 */
public final class WatchEvent {
  private final String context;
  private final String contextId;
  private final long sequence;
  private final String rootHash;
  private final String kind;
  private final String dataJson;
  private final String handler;

  WatchEvent(
      String context,
      String contextId,
      long sequence,
      String rootHash,
      String kind,
      String dataJson,
      String handler) {
    this.context = context;
    this.contextId = contextId;
    this.sequence = sequence;
    this.rootHash = rootHash;
    this.kind = kind;
    this.dataJson = dataJson;
    this.handler = handler;
  }

  /** The context's alias, or its id when it has none. */
  public String getContext() {
    return context;
  }

  public String getContextId() {
    return contextId;
  }

  public long getSequence() {
    return sequence;
  }

  public String getRootHash() {
    return rootHash;
  }

  public String getKind() {
    return kind;
  }

  /** The event payload decoded from JSON. */
  public Object getData() {
    return Json.read(dataJson);
  }

  public String getDataJson() {
    return dataJson;
  }

  public String getHandler() {
    return handler;
  }

  @Override
  public String toString() {
    return "[" + context + "] " + kind + (dataJson == null ? "" : " " + dataJson) + " #" + sequence;
  }
}

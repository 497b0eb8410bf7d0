package dev.mero4j.console.groovy.internal;

/**
 * One frame of a script session's output from the node: standard output, errors, or the exit code.
 */
public record ScriptFrame(Type type, byte[] payload) {
  /** Frame types, by their wire byte. */
  public enum Type {
    OUT(1),
    ERR(2),
    EXIT(3);

    final int code;

    Type(int code) {
      this.code = code;
    }

    static Type of(int code) {
      for (Type type : values()) {
        if (type.code == code) {
          return type;
        }
      }
      return null;
    }
  }
}

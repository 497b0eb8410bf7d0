package dev.mero4j.primitives;

/** An encoding whose version byte this build does not understand. */
public class UnsupportedVersionException extends MalformedEncodingException {
  private static final long serialVersionUID = 1L;

  public UnsupportedVersionException(String what, int version, int newestKnown) {
    super(what + " encoding version " + version + " is newer than " + newestKnown);
  }
}

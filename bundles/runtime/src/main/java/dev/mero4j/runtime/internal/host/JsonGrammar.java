package dev.mero4j.runtime.internal.host;

/**
 * A strict, allocation-light check that bytes are exactly one JSON value (RFC 8259) with only
 * whitespace around it, nested at most {@code maxDepth} deep. It builds nothing and reads each byte
 * once, with no recursion: what a call's arguments and an app's return value must pass before they
 * are handed on. It checks the grammar only; UTF-8 is checked by the caller where bytes come from a
 * guest ({@link GuestJson#isUtf8}).
 *
 * <pre>
 *   value  = object | array | string | number | true | false | null
 *   number = [-] (0 | [1-9][0-9]*) [. [0-9]+] [(e|E) [+|-] [0-9]+]
 *   string = " (any byte ≥ 0x20 but " and \ | \ ("|\|/|b|f|n|r|t) | \\u hex{4})* "
 *   space  = 0x20 | 0x09 | 0x0A | 0x0D
 * </pre>
 */
public final class JsonGrammar {
  private JsonGrammar() {}

  /**
   * Why {@code text} is not one JSON value, or null when it is.
   *
   * @param maxDepth the deepest nesting of objects and arrays accepted
   */
  public static String check(byte[] text, int maxDepth) {
    int n = text.length;
    int i = space(text, 0);
    if (i == n) {
      return "it is empty";
    }
    // Bit d of kinds is set when the container open at depth d is an object.
    long[] kinds = new long[(maxDepth >> 6) + 1];
    int depth = 0;
    while (true) {
      // A value starts at i (spaces skipped).
      if (i >= n) {
        return "it ends inside a value";
      }
      byte c = text[i];
      if (c == '{' || c == '[') {
        if (depth == maxDepth) {
          return "it nests deeper than " + maxDepth + " levels";
        }
        boolean object = c == '{';
        if (object) {
          kinds[depth >> 6] |= 1L << depth;
        } else {
          kinds[depth >> 6] &= ~(1L << depth);
        }
        depth++;
        i = space(text, i + 1);
        if (i < n && text[i] == (object ? '}' : ']')) {
          depth--;
          i++;
        } else {
          if (object) {
            i = key(text, i);
            if (i < 0) {
              return at("a member name and ':' expected", -i - 1);
            }
          }
          continue;
        }
      } else if (c == '"') {
        int end = string(text, i);
        if (end < 0) {
          return at("malformed string", -end - 1);
        }
        i = end;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        int end = number(text, i);
        if (end < 0) {
          return at("malformed number", -end - 1);
        }
        i = end;
      } else if (literal(text, i, "true") || literal(text, i, "null")) {
        i += 4;
      } else if (literal(text, i, "false")) {
        i += 5;
      } else {
        return at("unexpected character", i);
      }
      // After a value: close containers, or a comma and the next element.
      while (true) {
        i = space(text, i);
        if (depth == 0) {
          return i == n ? null : at("more data follows the first value", i);
        }
        if (i >= n) {
          return "it ends inside an " + (isObject(kinds, depth - 1) ? "object" : "array");
        }
        boolean object = isObject(kinds, depth - 1);
        byte next = text[i];
        if (next == (object ? '}' : ']')) {
          depth--;
          i++;
        } else if (next == ',') {
          i = space(text, i + 1);
          if (object) {
            i = key(text, i);
            if (i < 0) {
              return at("a member name and ':' expected", -i - 1);
            }
          }
          break;
        } else {
          return at("',' or '" + (object ? '}' : ']') + "' expected", i);
        }
      }
      i = space(text, i);
    }
  }

  private static boolean isObject(long[] kinds, int depth) {
    return (kinds[depth >> 6] & (1L << depth)) != 0;
  }

  private static String at(String what, int offset) {
    return what + " at byte " + offset;
  }

  private static int space(byte[] text, int from) {
    int i = from;
    while (i < text.length) {
      byte c = text[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        break;
      }
      i++;
    }
    return i;
  }

  /** A member name, spaces and ':' from {@code i}; the index after them, or -(error offset) - 1. */
  private static int key(byte[] text, int i) {
    if (i >= text.length || text[i] != '"') {
      return -i - 1;
    }
    int end = string(text, i);
    if (end < 0) {
      return end;
    }
    int colon = space(text, end);
    if (colon >= text.length || text[colon] != ':') {
      return -colon - 1;
    }
    return space(text, colon + 1);
  }

  /** The string at {@code i} (its opening quote); the index after it, or -(error offset) - 1. */
  private static int string(byte[] text, int i) {
    int j = i + 1;
    while (j < text.length) {
      byte c = text[j];
      if (c == '"') {
        return j + 1;
      }
      if (c == '\\') {
        if (j + 1 >= text.length) {
          return -j - 1;
        }
        byte e = text[j + 1];
        if (e == 'u') {
          for (int k = j + 2; k < j + 6; k++) {
            if (k >= text.length || Character.digit(text[k], 16) < 0) {
              return -j - 1;
            }
          }
          j += 6;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
            || e == 't') {
          j += 2;
        } else {
          return -j - 1;
        }
      } else if (c >= 0 && c < 0x20) {
        return -j - 1;
      } else {
        j++;
      }
    }
    return -j - 1;
  }

  /** The number at {@code i}; the index after it, or -(error offset) - 1. */
  private static int number(byte[] text, int i) {
    int j = i;
    if (text[j] == '-') {
      j++;
    }
    if (j < text.length && text[j] == '0') {
      j++;
    } else {
      int digits = digits(text, j);
      if (digits == j) {
        return -j - 1;
      }
      j = digits;
    }
    if (j < text.length && text[j] == '.') {
      int digits = digits(text, j + 1);
      if (digits == j + 1) {
        return -digits - 1;
      }
      j = digits;
    }
    if (j < text.length && (text[j] == 'e' || text[j] == 'E')) {
      j++;
      if (j < text.length && (text[j] == '+' || text[j] == '-')) {
        j++;
      }
      int digits = digits(text, j);
      if (digits == j) {
        return -j - 1;
      }
      j = digits;
    }
    return j;
  }

  private static int digits(byte[] text, int from) {
    int j = from;
    while (j < text.length && text[j] >= '0' && text[j] <= '9') {
      j++;
    }
    return j;
  }

  private static boolean literal(byte[] text, int i, String word) {
    if (i + word.length() > text.length) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (text[i + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}

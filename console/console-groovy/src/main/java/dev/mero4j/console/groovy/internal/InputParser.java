package dev.mero4j.console.groovy.internal;

import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Splits console input for JLine: an entry with open brackets, strings or comments continues on the
 * next line (multi-line input), and the word being completed is the identifier or quoted name left
 * of the cursor.
 */
public final class InputParser implements Parser {
  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE) {
      String missing = missing(line);
      if (missing != null) {
        throw new EOFError(-1, -1, "incomplete input", missing);
      }
    }
    int end = Math.min(cursor, line.length());
    int start = end;
    while (start > 0 && isWordChar(line.charAt(start - 1))) {
      start--;
    }
    return new Parsed(line, end, start);
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-';
  }

  /** What closes the entry ({@code "}"}, {@code "'"}, ...), or null when it is complete. */
  static String missing(String text) {
    StringBuilder open = new StringBuilder();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (text.startsWith("//", i)) {
        int eol = text.indexOf('\n', i);
        i = eol < 0 ? n : eol;
      } else if (text.startsWith("/*", i)) {
        int close = text.indexOf("*/", i + 2);
        if (close < 0) {
          return "*/";
        }
        i = close + 2;
      } else if (text.startsWith("'''", i) || text.startsWith("\"\"\"", i)) {
        String quote = text.substring(i, i + 3);
        int close = text.indexOf(quote, i + 3);
        if (close < 0) {
          return quote;
        }
        i = close + 3;
      } else if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < n && text.charAt(j) != c && text.charAt(j) != '\n') {
          j += text.charAt(j) == '\\' ? 2 : 1;
        }
        if (j >= n) {
          return String.valueOf(c);
        }
        i = j + 1;
      } else {
        if (c == '(' || c == '[' || c == '{') {
          open.append(c);
        } else if ((c == ')' || c == ']' || c == '}') && open.length() > 0) {
          open.setLength(open.length() - 1);
        }
        i++;
      }
    }
    if (open.length() > 0) {
      char last = open.charAt(open.length() - 1);
      return last == '(' ? ")" : last == '[' ? "]" : "}";
    }
    return text.endsWith("\\") ? "\\" : null;
  }

  /** The parsed entry; the current word is what completion replaces. */
  private record Parsed(String line, int cursor, int wordStart) implements CompletingParsedLine {
    @Override
    public String word() {
      return line.substring(wordStart, cursor);
    }

    @Override
    public int wordCursor() {
      return cursor - wordStart;
    }

    @Override
    public int wordIndex() {
      return 0;
    }

    @Override
    public List<String> words() {
      return List.of(word());
    }

    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      return candidate;
    }

    @Override
    public int rawWordCursor() {
      return wordCursor();
    }

    @Override
    public int rawWordLength() {
      return word().length();
    }
  }
}

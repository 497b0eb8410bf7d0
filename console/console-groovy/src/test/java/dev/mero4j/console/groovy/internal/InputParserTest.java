package dev.mero4j.console.groovy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jline.reader.EOFError;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.Test;

class InputParserTest {
  private final InputParser parser = new InputParser();

  @Test
  void openBracketsStringsAndCommentsContinueOnTheNextLine() {
    assertThat(InputParser.missing("for (i in 1..3) {")).isEqualTo("}");
    assertThat(InputParser.missing("ctx('kv').call('set', [key: 'a',")).isEqualTo("]");
    assertThat(InputParser.missing("println '''two\nlines")).isEqualTo("'''");
    assertThat(InputParser.missing("/* note")).isEqualTo("*/");
    assertThatThrownBy(() -> parser.parse("watch('kv') {", 13, ParseContext.ACCEPT_LINE))
        .isInstanceOf(EOFError.class);
  }

  @Test
  void completeEntriesAreAccepted() {
    assertThat(InputParser.missing("ctx('kv').call('set', [key: '{', value: ')'])")).isNull();
    assertThat(InputParser.missing("println 1 // trailing (")).isNull();
    assertThat(parser.parse("ctx('kv')", 9, ParseContext.ACCEPT_LINE).line())
        .isEqualTo("ctx('kv')");
  }

  @Test
  void theWordToCompleteIsTheNameLeftOfTheCursor() {
    assertThat(parser.parse("ctx('kv').call('se", 18, ParseContext.COMPLETE).word())
        .isEqualTo("se");
    assertThat(parser.parse("ctx('my-ct", 10, ParseContext.COMPLETE).word()).isEqualTo("my-ct");
    assertThat(parser.parse("apps.ins", 8, ParseContext.COMPLETE).word()).isEqualTo("ins");
  }
}

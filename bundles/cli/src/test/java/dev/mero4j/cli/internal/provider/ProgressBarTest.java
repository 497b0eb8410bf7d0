package dev.mero4j.cli.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aCountedPhaseShowsABarPercentAndCounts() throws Exception {
    String line =
        ProgressBar.line(
            json.readTree("{\"phase\":\"COPYING\",\"done\":450000,\"total\":1000000}"));
    assertThat(line)
        .isEqualTo("copying      [#############.................]  45% 450,000/1,000,000");
  }

  @Test
  void anUncountedPhaseShowsItsCountOnly() throws Exception {
    assertThat(
            ProgressBar.line(json.readTree("{\"phase\":\"CATCHING_UP\",\"done\":12,\"total\":0}")))
        .isEqualTo("catching up  12");
  }
}

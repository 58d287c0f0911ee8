package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress bar: silent for a few items, a line per tenth in logs, redrawn in place on a terminal. */
class ProgressTest {
  private static String draw(int total, boolean terminal) {
    StringWriter err = new StringWriter();
    Progress progress = new Progress(new PrintWriter(err, true), "keys", total, terminal);
    for (int i = 0; i < total; i++) {
      progress.advance();
    }
    return err.toString();
  }

  @Test
  void aFewItemsNeedNoBar() {
    assertThat(draw(Progress.QUIET_UP_TO, false)).isEmpty();
  }

  @Test
  void logsGetOneLinePerTenth() {
    String log = draw(200, false);
    assertThat(log.lines()).hasSize(11);
    assertThat(log.lines().toList().get(10)).isEqualTo("keys [" + "#".repeat(30) + "] 200/200");
    assertThat(log).doesNotContain("\r");
  }

  @Test
  void aTerminalGetsOneBarRedrawnInPlace() {
    String screen = draw(200, true);
    assertThat(screen.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    assertThat(screen).endsWith("] 200/200\n");
    assertThat(screen.chars().filter(c -> c == '\r').count()).isEqualTo(200);
  }
}

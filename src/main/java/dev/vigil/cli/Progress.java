package dev.vigil.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A progress bar on stderr for jobs of more than a few items: redrawn in place on a terminal, one
 * line per tenth otherwise (logs stay short). Safe to advance from several threads.
 */
final class Progress {
  /** Jobs up to this many items finish too quickly to need a bar. */
  static final int QUIET_UP_TO = 5;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  private final int total;
  private final boolean shown;
  private final boolean terminal;
  private final AtomicInteger done = new AtomicInteger();
  private int lastTenth = -1;

  Progress(PrintWriter err, String label, int total, boolean terminal) {
    this.err = err;
    this.label = label;
    this.total = total;
    this.shown = total > QUIET_UP_TO;
    this.terminal = terminal;
  }

  /** A bar on {@code err}, drawn in place when the process has a console. */
  static Progress on(PrintWriter err, String label, int total) {
    return new Progress(err, label, total, System.console() != null);
  }

  void advance() {
    advance(1);
  }

  void advance(int items) {
    int now = done.addAndGet(items);
    if (shown) {
      draw(now);
    }
  }

  private synchronized void draw(int now) {
    int tenth = now * 10 / total;
    if (terminal) {
      err.print("\r" + bar(now) + (now == total ? "\n" : ""));
      err.flush();
    } else if (tenth > lastTenth) {
      lastTenth = tenth;
      err.println(bar(now));
      err.flush();
    }
  }

  private String bar(int now) {
    int filled = now * WIDTH / total;
    return label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + now + "/" + total;
  }
}

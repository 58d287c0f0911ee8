package dev.vigil.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records every event logged through the root logger while open: the formatted message, the level,
 * and the stack trace of an attached throwable, as an operator's log would show them.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final List<String> lines = new ArrayList<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  private LogCapture() {}

  public static LogCapture capture() {
    LogCapture capture = new LogCapture();
    capture.setContext(capture.root.getLoggerContext());
    capture.start();
    capture.root.addAppender(capture);
    return capture;
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    String line = event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage();
    if (event.getThrowableProxy() != null) {
      line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }
    lines.add(line);
  }

  /** Every line logged so far. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** Everything logged so far as one text. */
  public String text() {
    return String.join("\n", lines());
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}

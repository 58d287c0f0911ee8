package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure inside a command into one readable line on stderr and exit code 1. A stack trace
 * is printed only when VIGIL_DEBUG is set: operators need the reason, not the frames.
 */
final class CliErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    commandLine.getErr().println("error: " + message);
    if (System.getenv("VIGIL_DEBUG") != null) {
      e.printStackTrace(commandLine.getErr());
    }
    return 1;
  }
}

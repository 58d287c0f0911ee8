package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs {@code vigil ARGS…} in-process as the launcher would, capturing stdout and stderr. */
final class OperatorCli {
  private OperatorCli() {}

  record Run(int exitCode, String out, String err) {
    /** A failure as operators must see it: non-zero, one "error:" line on stderr naming {@code fragment}, no stack trace. */
    Run failsWith(String fragment) {
      assertThat(exitCode).as(err).isNotZero();
      List<String> errorLines = err.lines().filter(line -> line.startsWith("error: ")).toList();
      assertThat(errorLines).as(err).hasSize(1);
      assertThat(errorLines.get(0)).contains(fragment);
      assertThat(err).doesNotContain("\tat ", "Exception:");
      return this;
    }

    Run succeeds() {
      assertThat(exitCode).as("stderr: " + err).isZero();
      return this;
    }
  }

  static Run run(String... args) {
    CommandLine commandLine = Vigil.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** The files in a directory, sorted by name (temporary files included, so leftovers show). */
  static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> listing = Files.list(directory)) {
      return listing.sorted().toList();
    }
  }
}

package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand answers --help with a description and its options. */
class CliHelpTest {
  static Stream<String> commands() {
    List<String> names = new ArrayList<>();
    collect(Vigil.newCommandLine(), "", names);
    assertThat(names).contains("", "serve", "keys generate", "deposit", "exit", "protection import", "attestation verify");
    return names.stream();
  }

  private static void collect(CommandLine command, String prefix, List<String> names) {
    names.add(prefix.trim());
    command.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        collect(sub, prefix + " " + name, names);
      }
    });
  }

  @ParameterizedTest(name = "vigil {0} --help")
  @MethodSource("commands")
  void helpDescribesTheCommand(String command) {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Vigil.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");

    int exitCode = commandLine.execute(args.toArray(String[]::new));

    assertThat(exitCode).isZero();
    String help = out.toString();
    assertThat(help).startsWith("Usage: vigil" + (command.isEmpty() ? "" : " " + command));
    assertThat(help.lines().count()).as(help).isGreaterThan(3);
    assertThat(help).contains("-h, --help");
  }
}

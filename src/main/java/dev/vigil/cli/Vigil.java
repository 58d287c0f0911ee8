package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command: a remote signer for Ethereum validators. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Vigil: a remote signer for Ethereum validators.",
      "Holds BLS keys sealed, refuses anything slashable, answers the Web3Signer HTTP API."
    },
    subcommands = {
      ServeCommand.class,
      KeysCommand.class,
      DepositCommand.class,
      ExitCommand.class,
      ProtectionCommand.class,
      AttestationCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Vigil implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new Vigil());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(new CliErrorHandler());
    commandLine.setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

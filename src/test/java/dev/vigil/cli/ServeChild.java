package dev.vigil.cli;

import picocli.CommandLine;

/**
 * A child JVM running {@code vigil serve ARGS…} for crash tests: prints "PORT n" once serving, then
 * runs until it is killed.
 */
public final class ServeChild {
  private ServeChild() {}

  public static void main(String[] args) throws Exception {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    VigilService service = VigilService.start(serve.toConfig());
    System.out.println("PORT " + service.httpPort());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

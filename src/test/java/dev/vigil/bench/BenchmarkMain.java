package dev.vigil.bench;

/**
 * Runs the JMH benchmarks of this package (all of them without arguments; JMH's own options
 * otherwise, e.g. {@code SigningRoot -p type=ATTESTATION}). See README, "Performance".
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(args.length == 0 ? new String[] {"dev.vigil.bench."} : args);
  }
}

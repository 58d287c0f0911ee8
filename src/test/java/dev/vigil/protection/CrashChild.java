package dev.vigil.protection;

import static dev.vigil.protection.Requests.GVR;
import static dev.vigil.protection.Requests.key;
import static dev.vigil.protection.Requests.root;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child JVM of {@link CrashSafetyTest}: signs under load from several threads and prints one
 * line per accepted decision ("B key slot" or "A key target") after the store returned it, until it
 * is killed.
 */
public final class CrashChild {
  static final int THREADS = 4;

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    SlashingProtection store = SlashingProtectionStores.open(null, Path.of(args[0]), PruningPolicy.OFF);
    PrintStream out = System.out;
    for (int t = 0; t < THREADS; t++) {
      int k = t;
      Thread thread = new Thread(() -> {
        for (long n = 1; ; n++) {
          if (store.checkAndRecordBlock(key(k), n, root((int) n), GVR).accepted()) {
            report(out, "B " + k + " " + n);
          }
          if (store.checkAndRecordAttestation(key(k), n - 1, n, root((int) n), GVR).accepted()) {
            report(out, "A " + k + " " + n);
          }
        }
      });
      thread.start();
    }
  }

  private static void report(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}

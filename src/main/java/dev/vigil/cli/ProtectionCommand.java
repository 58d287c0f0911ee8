package dev.vigil.cli;

import dev.vigil.protection.ImportSummary;
import dev.vigil.protection.PruneSummary;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.Repair;
import dev.vigil.protection.RepairSummary;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.UInt64;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil protection}: EIP-3076 slashing-protection interchange import and export. */
@Command(
    name = "protection",
    mixinStandardHelpOptions = true,
    description = "Slashing protection: EIP-3076 interchange import and export, pruning, repair.",
    subcommands = {ProtectionCommand.Export.class, ProtectionCommand.Import.class, ProtectionCommand.Prune.class,
        ProtectionCommand.RepairCommand.class})
public final class ProtectionCommand implements Runnable {
  /** The file name written when --output names a directory. */
  public static final String EXPORT_FILE_NAME = "slashing-protection-interchange.json";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every subcommand shares (a picocli mixin): where the store is. */
  static final class StoreOptions {
    @Option(names = "--data-dir", defaultValue = "./vigil-data",
        description = "Data dir (default: ${DEFAULT-VALUE}); refused while a running signer holds it.")
    Path dataDir;

    @Option(names = "--slashing-protection-db-url",
        description = "JDBC URL (default: SQLite in the data dir; jdbc:postgresql://… for shared).")
    String dbUrl;

    SlashingProtection open() {
      return SlashingProtectionStores.open(dbUrl, dataDir, PruningPolicy.OFF);
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Writes the complete signing history as an EIP-3076 (version 5) interchange file.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin StoreOptions store;

    @Option(names = "--output", required = true,
        description = "File to write; an existing directory gets " + EXPORT_FILE_NAME + " inside it.")
    Path output;

    @Option(names = "--pubkey", description = "Only this key (repeat for several; hex with or without 0x).")
    List<String> pubkeys = List.of();

    @Override
    public Integer call() throws IOException {
      Set<BLSPubkey> keys = new LinkedHashSet<>();
      for (String pubkey : pubkeys) {
        try {
          keys.add(BLSPubkey.fromHex(pubkey));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--pubkey " + pubkey + ": " + e.getMessage(), e);
        }
      }
      Path file = Files.isDirectory(output) ? output.resolve(EXPORT_FILE_NAME) : output;
      // Written beside the target and moved into place, so a failed export leaves no partial file.
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      DataDirLock lock = DataDirLock.acquire(store.dataDir);
      try (SlashingProtection protection = store.open()) {
        try (OutputStream out = Files.newOutputStream(partial)) {
          protection.exportInterchange(out, keys);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
        lock.close();
      }
      spec.commandLine().getOut().println("exported slashing protection to " + file);
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Merges an EIP-3076 interchange file; never lowers protection; all or nothing.")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin StoreOptions store;

    @Option(names = "--input", required = true, description = "The interchange file.")
    Path input;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      long size = Files.size(input);
      ImportSummary summary;
      DataDirLock lock = DataDirLock.acquire(store.dataDir);
      try (SlashingProtection protection = store.open();
          InputStream in = new ProgressInputStream(Files.newInputStream(input), size, out)) {
        summary = protection.importInterchange(in);
      } finally {
        lock.close();
      }
      out.printf("imported %d validators, %d blocks, %d attestations from %s%n",
          summary.validators(), summary.blocks(), summary.attestations(), input);
      return 0;
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Deletes history far behind each key's newest record; the low watermarks rise "
          + "so that nothing slashable becomes signable.")
  static final class Prune implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin StoreOptions store;

    @Option(names = "--slots-to-keep", defaultValue = "0",
        description = "Blocks kept behind each key's newest slot (0 keeps all).")
    long slotsToKeep;

    @Option(names = "--epochs-to-keep", defaultValue = "0",
        description = "Attestations kept behind each key's newest target epoch (0 keeps all).")
    long epochsToKeep;

    @Override
    public Integer call() {
      PruningPolicy policy = new PruningPolicy(slotsToKeep, epochsToKeep);
      PruneSummary summary;
      DataDirLock lock = DataDirLock.acquire(store.dataDir);
      try (SlashingProtection protection = store.open()) {
        summary = protection.prune(policy);
      } finally {
        lock.close();
      }
      spec.commandLine().getOut().printf("pruned %d blocks and %d attestations%n",
          summary.blocks(), summary.attestations());
      return 0;
    }
  }

  @Command(name = "repair", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Removes records above a slot or epoch that refuse every honest message (a far-future",
          "block or attestation), and lowers the low watermarks above it, for the given keys or all.",
          "Offline: refused while a signer holds the data dir. Without --confirm it only shows what it would change.",
          "RISK: the removed records are messages that were SIGNED. If one of them was published, signing",
          "below it again can be SLASHED (a block at a removed slot, an attestation a removed one surrounds)."})
  static final class RepairCommand implements Callable<Integer> {
    static final String RISK = "The removed records are messages this signer SIGNED. If any of them was published,"
        + " signing below it again can be SLASHED (a second block at a removed slot, an attestation surrounded by"
        + " a removed one). Repair only records you know were never broadcast.";

    @Spec CommandSpec spec;

    @Mixin StoreOptions store;

    @Option(names = "--pubkey", description = "Only this key (repeat for several; hex with or without 0x). Default: every key.")
    List<String> pubkeys = List.of();

    @Option(names = "--above-slot", paramLabel = "SLOT", description = "Remove blocks above this slot; lower block watermarks above it to it.")
    String aboveSlot;

    @Option(names = "--above-epoch", paramLabel = "EPOCH", description = "Remove attestations whose source or target is above this epoch; lower attestation watermarks above it to it.")
    String aboveEpoch;

    @Option(names = "--genesis-validators-root", paramLabel = "HEX", description = "Pin the store to this root instead of the one it holds (one pinned by mistake refuses every honest message); the records stay.")
    String genesisValidatorsRoot;

    @Option(names = "--confirm", defaultValue = "false", description = "Apply the repair (accepting the risk above); without it nothing is changed.")
    boolean confirm;

    @Override
    public Integer call() {
      if (aboveSlot == null && aboveEpoch == null && genesisValidatorsRoot == null) {
        throw new IllegalArgumentException("--above-slot, --above-epoch or --genesis-validators-root is required");
      }
      Repair repair = new Repair(
          new LinkedHashSet<>(HexArguments.distinctPubkeys("--pubkey", pubkeys)),
          aboveSlot == null ? OptionalLong.empty() : OptionalLong.of(UInt64.parse("--above-slot", aboveSlot)),
          aboveEpoch == null ? OptionalLong.empty() : OptionalLong.of(UInt64.parse("--above-epoch", aboveEpoch)),
          Optional.ofNullable(genesisValidatorsRoot)
              .map(hex -> HexArguments.parse("--genesis-validators-root", hex, Bytes32::fromHex)));
      RepairSummary summary;
      DataDirLock lock = DataDirLock.acquire(store.dataDir);
      try (SlashingProtection protection = store.open()) {
        summary = protection.repair(repair, confirm);
      } finally {
        lock.close();
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("RISK: " + RISK);
      out.printf("%s %d blocks and %d attestations, and %s %d watermarks, of %d validator(s)%n",
          confirm ? "removed" : "would remove", summary.blocks(), summary.attestations(),
          confirm ? "lowered" : "would lower", summary.watermarks(), summary.validators());
      summary.replacedRoot().ifPresent(old -> out.printf("%s the pinned genesis validators root %s by %s%n",
          confirm ? "replaced" : "would replace", old, repair.genesisValidatorsRoot().orElseThrow()));
      if (!confirm) {
        out.println("nothing changed: run again with --confirm to apply");
      }
      return 0;
    }
  }

  /** Prints "read N of M MiB" at every tenth of a large file, so a long import shows progress. */
  private static final class ProgressInputStream extends FilterInputStream {
    private static final long LARGE = 8L << 20;

    private final long size;
    private final PrintWriter out;
    private long read;
    private long nextReport;

    ProgressInputStream(InputStream in, long size, PrintWriter out) {
      super(in);
      this.size = size;
      this.out = out;
      this.nextReport = size >= LARGE ? size / 10 : Long.MAX_VALUE;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        advance(n);
      }
      return n;
    }

    private void advance(int n) {
      read += n;
      if (read >= nextReport) {
        out.printf("read %d of %d MiB%n", read >> 20, size >> 20);
        out.flush();
        nextReport += size / 10;
      }
    }
  }
}

package dev.vigil.attestation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --attestation tsm}: Linux configfs-tsm ({@code /sys/kernel/config/tsm/report}), the kernel's
 * one interface to a TDX quote or an SEV-SNP report. Vigil keeps one report entry, {@code vigil},
 * writes the report data to its {@code inblob}, reads {@code outblob} (and {@code auxblob}, where an
 * SEV-SNP host supplies the VCEK chain) and reads {@code generation} before and after, so that a
 * report written meanwhile by another process over the same entry is detected, not returned.
 */
final class TsmProvider implements AttestationProvider {
  static final String ENTRY = "vigil";
  private final Path reportDir;

  /** {@code root} is "/" in production; tests pass a prepared directory tree. */
  TsmProvider(Path root) {
    this.reportDir = root.resolve("sys/kernel/config/tsm/report");
  }

  @Override
  public String name() {
    return "tsm";
  }

  @Override
  public synchronized RawEvidence attest(byte[] reportData) {
    NoAttestationProvider.checkReportData(reportData);
    if (!Files.isDirectory(reportDir)) {
      throw new AttestationException(
          "tsm: " + reportDir + " does not exist: configfs-tsm needs Linux 6.7 or later in a TDX or "
              + "SEV-SNP guest, with configfs mounted at /sys/kernel/config");
    }
    Path entry = entry();
    EvidenceType type = type(TeeFiles.readText(entry.resolve("provider"), "tsm provider"));
    TeeFiles.write(entry.resolve("inblob"), reportData, "tsm inblob");
    String generation = TeeFiles.readText(entry.resolve("generation"), "tsm generation");
    byte[] outblob = TeeFiles.read(entry.resolve("outblob"), "tsm outblob");
    List<byte[]> certificates =
        Files.exists(entry.resolve("auxblob"))
            ? certificateTable(TeeFiles.read(entry.resolve("auxblob"), "tsm auxblob"))
            : List.of();
    String after = TeeFiles.readText(entry.resolve("generation"), "tsm generation");
    if (!generation.equals(after)) {
      throw new AttestationException(
          "tsm: the report entry " + entry + " was rewritten while it was read (generation "
              + generation + " → " + after + "): another process is using it");
    }
    if (outblob.length == 0) {
      throw new AttestationException("tsm: " + entry.resolve("outblob") + " is empty");
    }
    return new RawEvidence(type, Optional.of(outblob), certificates);
  }

  private Path entry() {
    Path entry = reportDir.resolve(ENTRY);
    try {
      // In configfs, mkdir creates the entry with its attribute files.
      Files.createDirectories(entry);
    } catch (AccessDeniedException e) {
      throw new AttestationException("tsm: permission denied (EACCES) creating " + entry, e);
    } catch (IOException e) {
      throw new AttestationException("tsm: cannot create " + entry + ": " + e.getMessage(), e);
    }
    return entry;
  }

  private static EvidenceType type(String provider) {
    return switch (provider) {
      case "tdx_guest" -> EvidenceType.TDX;
      case "sev_guest" -> EvidenceType.SEV_SNP;
      default -> throw new AttestationException(
          "tsm: provider is '" + provider + "', expected tdx_guest or sev_guest");
    };
  }

  /**
   * The SEV-SNP certificate table (GHCB spec): entries of GUID (16), offset (u32 LE), length (u32 LE)
   * up to an all-zero entry; offsets count from the table start. The certificates are DER (VCEK,
   * ASK, ARK); the verifier tells them apart by key type and issuer, so GUIDs are not interpreted.
   */
  static List<byte[]> certificateTable(byte[] table) {
    List<byte[]> certificates = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at + 24 <= table.length; at += 24) {
      boolean terminator = true;
      for (int i = at; i < at + 24; i++) {
        terminator &= table[i] == 0;
      }
      if (terminator) {
        return certificates;
      }
      long offset = Integer.toUnsignedLong(buffer.getInt(at + 16));
      long length = Integer.toUnsignedLong(buffer.getInt(at + 20));
      if (offset + length > table.length) {
        throw new AttestationException(
            "tsm auxblob: certificate entry at " + at + " points outside the table");
      }
      if (length > 0) {
        byte[] der = new byte[(int) length];
        System.arraycopy(table, (int) offset, der, 0, (int) length);
        certificates.add(der);
      }
    }
    throw new AttestationException("tsm auxblob: certificate table has no terminating entry");
  }
}

package dev.vigil.attestation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code --attestation gramine-dcap}: an SGX DCAP quote through Gramine's pseudo-files. Writing
 * {@code /dev/attestation/user_report_data} makes Gramine fetch a fresh quote whose report data is
 * those 64 bytes; reading {@code /dev/attestation/quote} returns it.
 */
final class GramineDcapProvider implements AttestationProvider {
  private final Path attestationDir;

  /** {@code root} is "/" in production; tests pass a prepared directory tree. */
  GramineDcapProvider(Path root) {
    this.attestationDir = root.resolve("dev/attestation");
  }

  @Override
  public String name() {
    return "gramine-dcap";
  }

  @Override
  public synchronized RawEvidence attest(byte[] reportData) {
    NoAttestationProvider.checkReportData(reportData);
    if (!Files.isDirectory(attestationDir)) {
      throw new AttestationException(
          "gramine-dcap: " + attestationDir + " does not exist: not running inside Gramine-SGX "
              + "(or the manifest lacks sgx.remote_attestation = \"dcap\")");
    }
    String type = TeeFiles.readText(attestationDir.resolve("attestation_type"), "gramine-dcap");
    if (!type.equals("dcap")) {
      throw new AttestationException(
          "gramine-dcap: attestation_type is '" + type + "', expected 'dcap' "
              + "(set sgx.remote_attestation = \"dcap\" in the manifest)");
    }
    TeeFiles.write(attestationDir.resolve("user_report_data"), reportData, "gramine-dcap");
    byte[] quote = TeeFiles.read(attestationDir.resolve("quote"), "gramine-dcap");
    if (quote.length == 0) {
      throw new AttestationException("gramine-dcap: Gramine returned an empty quote");
    }
    return new RawEvidence(EvidenceType.SGX_DCAP, Optional.of(quote), List.of());
  }
}

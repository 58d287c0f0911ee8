package dev.vigil.attestation;

import java.util.List;
import java.util.Optional;

/**
 * {@code --attestation none}: no hardware. Evidence has type insecure-none and no quote, so anyone can
 * forge it; verifiers accept it only with {@code --allow-insecure}.
 */
final class NoAttestationProvider implements AttestationProvider {
  @Override
  public String name() {
    return "none";
  }

  @Override
  public boolean hardwareBacked() {
    return false;
  }

  @Override
  public RawEvidence attest(byte[] reportData) {
    checkReportData(reportData);
    return new RawEvidence(EvidenceType.INSECURE_NONE, Optional.empty(), List.of());
  }

  static void checkReportData(byte[] reportData) {
    if (reportData == null || reportData.length != ReportData.SIZE) {
      throw new IllegalArgumentException(
          "report_data: expected " + ReportData.SIZE + " bytes, got "
              + (reportData == null ? "none" : reportData.length));
    }
  }
}

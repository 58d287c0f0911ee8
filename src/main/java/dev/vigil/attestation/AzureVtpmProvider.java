package dev.vigil.attestation;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code --attestation azure-vtpm}: an Azure confidential VM (SEV-SNP or TDX behind Microsoft's
 * paravisor). Writes the 64 bytes of report data to vTPM NV index 0x01400002 (defining it if
 * needed), which makes the paravisor put them into the runtime claims of a fresh HCL report at
 * 0x01400001; reads that report and checks it carries them. For TDX the report's TDREPORT is turned
 * into a quote by the metadata service and appended: the evidence's quote is the HCL report,
 * followed for TDX by the TD quote. For SNP the evidence carries the VCEK chain the metadata service
 * gives.
 */
final class AzureVtpmProvider implements AttestationProvider {
  static final int HCL_REPORT_INDEX = 0x01400001;
  static final int USER_DATA_INDEX = 0x01400002;
  private final TpmNv nv;
  private final AzureImds imds;

  AzureVtpmProvider(TpmDevice tpm, AzureImds imds) {
    this.nv = new TpmNv(tpm);
    this.imds = imds;
  }

  @Override
  public String name() {
    return "azure-vtpm";
  }

  @Override
  public synchronized RawEvidence attest(byte[] reportData) {
    NoAttestationProvider.checkReportData(reportData);
    Optional<Integer> userDataSize = nv.dataSize(USER_DATA_INDEX);
    if (userDataSize.isEmpty()) {
      nv.define(USER_DATA_INDEX, ReportData.SIZE);
    } else if (userDataSize.get() < ReportData.SIZE) {
      throw new AttestationException("azure-vtpm: NV index 0x1400002 holds " + userDataSize.get() + " bytes, the user data needs "
          + ReportData.SIZE + "; undefine it (tpm2_nvundefine 0x1400002) and retry");
    }
    nv.write(USER_DATA_INDEX, reportData);
    int size = nv.dataSize(HCL_REPORT_INDEX).orElseThrow(() -> new AttestationException(
        "azure-vtpm: NV index 0x1400001 (the HCL report) is not defined: this is not an Azure confidential VM"));
    HclReport report;
    try {
      report = HclReport.parse(nv.read(HCL_REPORT_INDEX, size));
    } catch (IllegalArgumentException e) {
      throw new AttestationException("azure-vtpm: NV index 0x1400001: " + e.getMessage(), e);
    }
    byte[] userData;
    try {
      userData = RuntimeClaims.parse(report.runtimeClaims()).userData();
    } catch (IllegalArgumentException e) {
      throw new AttestationException("azure-vtpm: HCL report: " + e.getMessage(), e);
    }
    if (!Arrays.equals(userData, reportData)) {
      throw new AttestationException("azure-vtpm: the HCL report's user-data is not the report data just written to 0x1400002: "
          + "the paravisor did not refresh the report (another process writing the index?)");
    }
    if (report.hardwareType() == HclReport.HardwareType.TDX) {
      return new RawEvidence(EvidenceType.AZURE_VTPM, Optional.of(concat(report.bytes(), imds.tdQuote(report.tdReport()))), List.of());
    }
    return new RawEvidence(EvidenceType.AZURE_VTPM, Optional.of(report.bytes()), imds.vcekChain());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

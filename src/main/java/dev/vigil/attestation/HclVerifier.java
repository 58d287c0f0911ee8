package dev.vigil.attestation;

import dev.vigil.spec.Hex;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of Azure confidential-VM evidence ({@code azure-vtpm}): the HCL report as read from the
 * vTPM, followed for TDX by the TD quote the instance metadata service made of its TDREPORT. The
 * hardware report is verified as any SEV-SNP report or TDX quote; its report data must start with
 * the hash of the runtime claims, which carry the user data (Vigil's report data) and the vTPM's
 * attestation key. What the hardware measured is Microsoft's paravisor and firmware, not Vigil.
 */
final class HclVerifier {
  static final String MEASURED = "on an Azure confidential VM the hardware measures Microsoft's paravisor (HCL) and firmware, "
      + "not Vigil or the guest OS: MEASUREMENT/MRTD pin Microsoft's build; what runs above it is measured only into the "
      + "vTPM's PCRs (quoted by the attestation key, not checked here), so the operator's image is trusted as deployed";
  /** TDREPORT: REPORTMACSTRUCT.REPORTDATA at 128, TDINFO.MRTD at 512 + 16. */
  private static final int TD_REPORT_DATA = 128;
  private static final int TD_MRTD = 528;

  private HclVerifier() {}

  /** Runs the checks; returns the user data the hardware bound through the claims, if it did. */
  static Optional<byte[]> verify(
      byte[] raw, List<X509Certificate> certificates, VerificationPolicy policy, List<Check> checks, Map<String, String> claims) {
    HclReport hcl = HclReport.parse(raw);
    // The NV index is larger than the report: zero padding (as tpm2_nvread dumps it) is skipped.
    int after = hcl.bytes().length;
    while (after < raw.length && raw[after] == 0) {
      after++;
    }
    byte[] rest = Arrays.copyOfRange(raw, after, raw.length);
    claims.put("hcl_version", Integer.toString(hcl.version()));
    claims.put("hardware", hcl.hardwareType() == HclReport.HardwareType.SNP ? "sev-snp" : "tdx");
    byte[] hardwareReportData;
    if (hcl.hardwareType() == HclReport.HardwareType.SNP) {
      if (rest.length > 0) {
        throw new IllegalArgumentException("HCL report: " + rest.length + " bytes follow an SEV-SNP HCL report");
      }
      SnpReport report = SnpReport.parse(hcl.hardwareReport());
      checks.add(Check.pass("format", "Azure HCL report version " + hcl.version() + " with an SEV-SNP report version " + report.version()));
      SnpVerifier.verify(report, certificates, policy, checks, claims);
      hardwareReportData = report.reportData();
    } else {
      if (rest.length == 0) {
        checks.add(Check.fail("format", "a TDX HCL report needs the TD quote the instance metadata service made of its TDREPORT, appended to it"));
        return Optional.empty();
      }
      DcapQuote quote = DcapQuote.parse(rest);
      if (quote.evidenceType() != EvidenceType.TDX) {
        throw new IllegalArgumentException("HCL report: the quote after a TDX HCL report is an SGX quote");
      }
      checks.add(Check.pass("format", "Azure HCL report version " + hcl.version() + " with a TDREPORT and a TDX quote version " + quote.version()));
      DcapVerifier.verify(quote, policy, checks, claims);
      byte[] tdReport = hcl.tdReport();
      boolean same = Arrays.equals(quote.reportData(), Arrays.copyOfRange(tdReport, TD_REPORT_DATA, TD_REPORT_DATA + 64))
          && Arrays.equals(quote.tdxBody().orElseThrow().mrTd(), Arrays.copyOfRange(tdReport, TD_MRTD, TD_MRTD + 48));
      checks.add(Check.of("td_report", same, "the quote is of the HCL report's TDREPORT (same REPORTDATA and MRTD)",
          "the quote's REPORTDATA or MRTD differ from the HCL report's TDREPORT: the quote is of another TD report"));
      hardwareReportData = quote.reportData();
    }
    byte[] digest = digest(hcl.hashAlgorithm(), hcl.runtimeClaims());
    boolean bound = Arrays.equals(digest, Arrays.copyOf(hardwareReportData, digest.length));
    checks.add(Check.of("runtime_claims", bound,
        "the hardware report's report data starts with " + hcl.hashAlgorithm() + "(runtime claims)",
        "the hardware report's report data does not start with " + hcl.hashAlgorithm() + "(runtime claims): the claims are not the ones the hardware signed"));
    RuntimeClaims runtime;
    try {
      runtime = RuntimeClaims.parse(hcl.runtimeClaims());
    } catch (IllegalArgumentException e) {
      checks.add(Check.fail("claims_format", e.getMessage()));
      return Optional.empty();
    }
    String akFingerprint = Hex.encodeBare(digest("SHA-256", runtime.attestationKey().getEncoded()));
    claims.put("ak_pub_sha256", akFingerprint);
    runtime.vmConfiguration().forEach((name, value) -> claims.put("vm_" + name, value));
    checks.add(Check.pass("attestation_key", "the runtime claims carry the vTPM attestation key " + RuntimeClaims.AK_KID
        + " (RSA, SPKI SHA-256 " + akFingerprint + "), bound with the claims"));
    checks.add(Check.unknown("measured_code", MEASURED));
    return bound ? Optional.of(runtime.userData()) : Optional.empty();
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no " + algorithm, e);
    }
  }
}

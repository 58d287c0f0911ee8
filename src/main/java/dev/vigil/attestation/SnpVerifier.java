package dev.vigil.attestation;

import dev.vigil.spec.Hex;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The hardware checks of an SEV-SNP report: ARK → ASK → VCEK, then the VCEK's P-384 signature. */
final class SnpVerifier {
  private SnpVerifier() {}

  static void verify(
      SnpReport report, List<X509Certificate> certificates, VerificationPolicy policy, List<Check> checks,
      Map<String, String> claims) {
    claims.put("report_version", Integer.toString(report.version()));
    claims.put("measurement", Hex.encodeBare(report.measurement()));
    claims.put("policy", "0x" + Long.toHexString(report.policy()));
    claims.put("vmpl", Integer.toString(report.vmpl()));
    claims.put("host_data", Hex.encodeBare(report.hostData()));
    claims.put("reported_tcb", "0x" + Long.toHexString(report.reportedTcb()));
    claims.put("chip_id", Hex.encodeBare(report.chipId()));
    claims.put("report_data", Hex.encodeBare(report.reportData()));

    // The VCEK is the leaf, the ASK its issuer. ARKs in the evidence are dropped: only the trust
    // anchors decide.
    List<X509Certificate> ordered = Certificates.leafFirst(certificates);
    Optional<X509Certificate> vcek = ordered.stream().findFirst();
    Optional<X509Certificate> ask = ordered.stream().skip(1).findFirst();
    if (vcek.isEmpty() || ask.isEmpty()) {
      checks.add(Check.fail("vcek_chain", "the VCEK and ASK certificates are missing; give them with --cert-chain FILE "
          + "(from the host's auxblob or AMD KDS /vcek/v1/{product}/…)"));
      checks.add(Check.unknown("report_signature", "no VCEK to check it with"));
    } else {
      List<String> problems = new ArrayList<>();
      Optional<X509Certificate> ark = Optional.empty();
      for (X509Certificate candidate : policy.anchors().amdArks()) {
        Optional<String> problem = Certificates.verifyChain(List.of(vcek.get(), ask.get()), candidate, policy.now());
        if (problem.isEmpty()) {
          ark = Optional.of(candidate);
          break;
        }
        problems.add(problem.get());
      }
      String rootName = policy.anchors().amdArksPinned() ? "pinned AMD root" : "TEST root given with --amd-ark (not a pinned AMD ARK)";
      checks.add(ark.isPresent()
          ? Check.pass("vcek_chain", "VCEK chains through " + Certificates.describe(ask.get()) + " to the " + rootName + " " + Certificates.describe(ark.get()))
          : Check.fail("vcek_chain", "VCEK does not chain to any " + rootName + ": " + String.join("; ", problems)));
      boolean signed = report.signatureAlgorithm() == SnpReport.ECDSA_P384_SHA384
          && Ecdsa.verify(vcek.get().getPublicKey(), "SHA384", report.signedBytes(), report.signatureP1363());
      checks.add(Check.of("report_signature", signed, "report is signed by the VCEK (ECDSA P-384)",
          report.signatureAlgorithm() == SnpReport.ECDSA_P384_SHA384
              ? "report signature does not verify with the VCEK"
              : "report signature algorithm " + report.signatureAlgorithm() + " is not ECDSA P-384 (1)"));
      checks.add(vcekTcb(report, vcek.get()));
    }
    claims.put("tcb_status", "unknown");
    checks.add(Check.unknown("tcb_status", "AMD TCB collateral is not evaluated; see reported_tcb"));

    boolean any = false;
    any |= DcapVerifier.expect(checks, "mrenclave", policy.expectedMrEnclave(), Optional.empty(), "an SGX quote");
    any |= DcapVerifier.expect(checks, "mrsigner", policy.expectedMrSigner(), Optional.empty(), "an SGX quote");
    any |= DcapVerifier.expect(checks, "mrtd", policy.expectedMrTd(), Optional.empty(), "a TDX quote");
    any |= DcapVerifier.expect(checks, "measurement", policy.expectedMeasurement(), Optional.of(report.measurement()), "an SEV-SNP report");
    if (!any) {
      checks.add(Check.unknown("measurement", "no expected measurement given; see the claims"));
    }
    checks.add(DcapVerifier.debugCheck(report.debug(), policy.allowDebug(), "guest (POLICY.DEBUG)"));
  }

  /** The VCEK must be the one AMD issued for this chip at the reported TCB. */
  private static Check vcekTcb(SnpReport report, X509Certificate vcek) {
    VcekExtensions extensions;
    try {
      extensions = VcekExtensions.of(vcek);
    } catch (IllegalArgumentException e) {
      return Check.fail("vcek_tcb", e.getMessage());
    }
    if (extensions.hwId().isEmpty() && extensions.spls().isEmpty()) {
      return Check.unknown("vcek_tcb", "the VCEK carries no AMD hwID or SPL extensions");
    }
    boolean maskedChip = Arrays.equals(report.chipId(), new byte[64]);
    if (extensions.hwId().isPresent() && !maskedChip && !Arrays.equals(extensions.hwId().get(), report.chipId())) {
      return Check.fail("vcek_tcb", "the VCEK is for chip " + Hex.encodeBare(extensions.hwId().get()) + ", not this report's chip");
    }
    boolean turin = extensions.productName().map(name -> name.startsWith("Turin")).orElse(false);
    Map<String, Integer> reported = VcekExtensions.tcbVersion(report.reportedTcb(), turin);
    for (Map.Entry<String, Integer> spl : extensions.spls().entrySet()) {
      Integer actual = reported.get(spl.getKey());
      if (actual != null && !actual.equals(spl.getValue())) {
        return Check.fail("vcek_tcb", "the VCEK is for " + spl.getKey() + " SPL " + spl.getValue()
            + ", the report's reported TCB has " + actual);
      }
    }
    return Check.pass("vcek_tcb", "the VCEK is for " + (maskedChip ? "a chip (chip ID masked in the report)" : "this chip")
        + " at the reported TCB " + reported);
  }
}

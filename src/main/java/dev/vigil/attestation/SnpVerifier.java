package dev.vigil.attestation;

import dev.vigil.spec.Hex;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hardware checks of an SEV-SNP report: ARK → ASK → VCEK or ARK → ASVK → VLEK, as the report's
 * FLAGS.SIGNING_KEY says, then that key's P-384 signature, its TCB and the chip generation.
 */
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

    SnpSigningKey key = report.signingKey();
    claims.put("signing_key", key.name());
    if (key == SnpSigningKey.NONE) {
      checks.add(Check.fail("report_signature", "the report is unsigned (FLAGS.SIGNING_KEY = 7, none)"));
    } else {
      signature(report, key, certificates, policy, checks, claims);
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

  /**
   * The key FLAGS.SIGNING_KEY names must be among the certificates, chain through its AMD CA (ASK for
   * a VCEK, ASVK for a VLEK) to a pinned ARK, have signed the report and be for its TCB. ARKs in the
   * evidence are dropped: only the trust anchors decide.
   */
  private static void signature(
      SnpReport report, SnpSigningKey key, List<X509Certificate> certificates, VerificationPolicy policy,
      List<Check> checks, Map<String, String> claims) {
    String chainCheck = key.checkName("chain");
    Optional<X509Certificate> leaf = certificates.stream().filter(c -> kind(c).equals(Optional.of(key))).findFirst();
    Optional<X509Certificate> endorser = leaf.flatMap(l -> certificates.stream()
        .filter(c -> !Certificates.selfSigned(c) && c.getSubjectX500Principal().equals(l.getIssuerX500Principal())).findFirst());
    if (leaf.isEmpty() || endorser.isEmpty()) {
      List<String> others = certificates.stream().map(SnpVerifier::kind).flatMap(Optional::stream)
          .filter(other -> other != key).map(Enum::name).distinct().toList();
      checks.add(Check.fail(chainCheck, "the report is signed by a " + key + " (FLAGS.SIGNING_KEY) but the " + key + " and "
          + key.endorser() + " certificates are missing" + (others.isEmpty() ? "" : " (the certificates hold a " + String.join(", ", others) + ")")
          + "; give them with --cert-chain FILE (from the host's certificate table or AMD KDS /" + key.name().toLowerCase(java.util.Locale.ROOT) + "/v1/{product}/…)"));
      checks.add(Check.unknown("report_signature", "no " + key + " to check it with"));
      return;
    }
    List<String> problems = new ArrayList<>();
    Optional<X509Certificate> ark = Optional.empty();
    for (X509Certificate candidate : policy.anchors().amdArks()) {
      Optional<String> problem = Certificates.verifyChain(List.of(leaf.get(), endorser.get()), candidate, policy.now());
      if (problem.isEmpty()) {
        ark = Optional.of(candidate);
        break;
      }
      problems.add(problem.get());
    }
    String rootName = policy.anchors().amdArksPinned() ? "pinned AMD root" : "TEST root given with --amd-ark (not a pinned AMD ARK)";
    checks.add(ark.isPresent()
        ? Check.pass(chainCheck, key + " chains through " + key.endorser() + " " + Certificates.describe(endorser.get()) + " to the " + rootName + " " + Certificates.describe(ark.get()))
        : Check.fail(chainCheck, key + " does not chain to any " + rootName + ": " + String.join("; ", problems)));
    boolean p384 = report.signatureAlgorithm() == SnpReport.ECDSA_P384_SHA384;
    boolean signed = p384 && Ecdsa.verify(leaf.get().getPublicKey(), "SHA384", report.signedBytes(), report.signatureP1363());
    checks.add(Check.of("report_signature", signed, "report is signed by the " + key + " (ECDSA P-384)",
        p384 ? "report signature does not verify with the " + key
            : "report signature algorithm " + report.signatureAlgorithm() + " is not ECDSA P-384 (1)"));
    Optional<VcekExtensions> extensions = Optional.empty();
    try {
      extensions = Optional.of(VcekExtensions.of(leaf.get()));
      checks.add(keyTcb(report, key, extensions.get()));
    } catch (IllegalArgumentException e) {
      checks.add(Check.fail(key.checkName("tcb"), e.getMessage()));
    }
    List<X509Certificate> chain = new ArrayList<>(List.of(endorser.get()));
    ark.ifPresent(chain::add);
    checks.add(SnpProduct.check(SnpProduct.sources(report, chain, extensions.flatMap(VcekExtensions::productName)), claims));
  }

  /** VCEK or VLEK, for a leaf certificate that AMD's extensions (hwID, CSP_ID) or its name mark as one. */
  static Optional<SnpSigningKey> kind(X509Certificate certificate) {
    if (certificate.getBasicConstraints() >= 0) {
      return Optional.empty();
    }
    Optional<VcekExtensions> extensions = extensions(certificate);
    String name = Certificates.describe(certificate);
    if (extensions.flatMap(VcekExtensions::cspId).isPresent() || name.equals("'SEV-VLEK'")) {
      return Optional.of(SnpSigningKey.VLEK);
    }
    if (extensions.flatMap(VcekExtensions::hwId).isPresent() || name.equals("'SEV-VCEK'")) {
      return Optional.of(SnpSigningKey.VCEK);
    }
    return Optional.empty();
  }

  private static Optional<VcekExtensions> extensions(X509Certificate certificate) {
    try {
      return Optional.of(VcekExtensions.of(certificate));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The VCEK must be the one AMD issued for this chip, a VLEK one issued to a cloud provider, at the reported TCB. */
  private static Check keyTcb(SnpReport report, SnpSigningKey key, VcekExtensions extensions) {
    String name = key.checkName("tcb");
    if (extensions.hwId().isEmpty() && extensions.spls().isEmpty()) {
      return Check.unknown(name, "the " + key + " carries no AMD hwID or SPL extensions");
    }
    boolean maskedChip = Arrays.equals(report.chipId(), new byte[64]);
    if (extensions.hwId().isPresent() && !maskedChip && !Arrays.equals(extensions.hwId().get(), report.chipId())) {
      return Check.fail(name, "the " + key + " is for chip " + Hex.encodeBare(extensions.hwId().get()) + ", not this report's chip");
    }
    boolean turin = extensions.productName().map(product -> product.startsWith("Turin")).orElse(false);
    Map<String, Integer> reported = VcekExtensions.tcbVersion(report.reportedTcb(), turin);
    for (Map.Entry<String, Integer> spl : extensions.spls().entrySet()) {
      Integer actual = reported.get(spl.getKey());
      if (actual != null && !actual.equals(spl.getValue())) {
        return Check.fail(name, "the " + key + " is for " + spl.getKey() + " SPL " + spl.getValue()
            + ", the report's reported TCB has " + actual);
      }
    }
    String whose = key == SnpSigningKey.VLEK
        ? "cloud provider " + extensions.cspId().orElse("(no CSP_ID)")
        : maskedChip ? "a chip (chip ID masked in the report)" : "this chip";
    return Check.pass(name, "the " + key + " is for " + whose + " at the reported TCB " + reported);
  }
}

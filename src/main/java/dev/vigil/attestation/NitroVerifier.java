package dev.vigil.attestation;

import dev.vigil.spec.Hex;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of an AWS Nitro Enclaves attestation document, in the order trust flows: the cabundle
 * and leaf chain to the AWS Nitro root with every certificate valid at the document's timestamp,
 * the leaf's ES384 signature over the COSE Sig_structure, then the PCRs, the debug mode (all-zero
 * PCRs) and the nonce. Returns {@code user_data}, Vigil's 64 bytes of report data.
 */
final class NitroVerifier {
  /** Vigil's report data travels in {@code user_data}: SHA-256(label ‖ what ‖ nonce) ‖ nonce. */
  private static final int USER_DATA_SIZE = ReportData.SIZE;

  private NitroVerifier() {}

  static Optional<byte[]> verify(NitroDocument document, VerificationPolicy policy, List<Check> checks, Map<String, String> claims) {
    claims.put("module_id", document.moduleId());
    claims.put("timestamp", document.timestamp().toString());
    for (int index : List.of(0, 1, 2, 3, 4, 8)) {
      Optional.ofNullable(document.pcrs().get(index)).ifPresent(value -> claims.put("pcr" + index, Hex.encodeBare(value)));
    }
    document.publicKey().ifPresent(key -> claims.put("public_key", Hex.encodeBare(key)));
    document.nonce().ifPresent(nonce -> claims.put("document_nonce", Hex.encodeBare(nonce)));

    checks.add(certificateChain(document, policy));
    checks.add(signature(document));
    if (document.timestamp().isAfter(policy.now())) {
      checks.add(Check.fail("timestamp", "the document is dated " + document.timestamp() + ", after " + policy.now()));
    }
    claims.put("tcb_status", "not applicable");

    pcrs(document, policy, checks);
    byte[] pcr0 = document.pcrs().get(0);
    boolean debug = pcr0 != null && Arrays.equals(pcr0, new byte[pcr0.length]);
    checks.add(DcapVerifier.debugCheck(debug, policy.allowDebug(), "enclave (PCR0 all zero: nitro-cli --debug-mode)"));

    Optional<byte[]> userData = document.userData().filter(data -> data.length == USER_DATA_SIZE);
    if (userData.isEmpty()) {
      checks.add(Check.fail("report_data", document.userData()
          .map(data -> "user_data is " + data.length + " bytes, not Vigil's " + USER_DATA_SIZE + "-byte report data")
          .orElse("the document carries no user_data (Vigil's report data)")));
      return Optional.empty();
    }
    byte[] carried = Arrays.copyOfRange(userData.get(), 32, 64);
    checks.add(document.nonce()
        .map(nonce -> Check.of("document_nonce", Arrays.equals(nonce, carried),
            "the document's nonce is the nonce in user_data",
            "the document's nonce " + Hex.encodeBare(nonce) + " is not the nonce in user_data " + Hex.encodeBare(carried)))
        .orElseGet(() -> Check.unknown("document_nonce", "the document carries no nonce; the nonce in user_data decides")));
    return userData;
  }

  private static Check certificateChain(NitroDocument document, VerificationPolicy policy) {
    X509Certificate root = policy.anchors().nitroRoot();
    String rootName = policy.anchors().nitroRootPinned()
        ? "the pinned AWS Nitro Enclaves root"
        : "the TEST root given with --nitro-root (not the pinned AWS Nitro Enclaves root)";
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      X509Certificate leaf = Certificates.parseDer(document.certificate());
      certificates.add(leaf);
      document.cabundle().forEach(der -> certificates.add(Certificates.parseDer(der)));
    } catch (IllegalArgumentException e) {
      return Check.fail("cert_chain", "a certificate in the document is unreadable: " + e.getMessage());
    }
    // The leaf first, then the cabundle from the intermediate nearest the leaf up to the root.
    List<X509Certificate> chain = new ArrayList<>(certificates.subList(0, 1));
    List<X509Certificate> bundle = new ArrayList<>(certificates.subList(1, certificates.size()));
    Collections.reverse(bundle);
    chain.addAll(bundle);
    Instant at = document.timestamp();
    Optional<String> problem = Certificates.verifyChain(chain, root, at);
    return Check.of("cert_chain", problem.isEmpty(),
        "signing certificate chains through the cabundle to " + rootName + ", every certificate valid at " + at,
        problem.map(reason -> reason + " (chaining to " + rootName + ")").orElse(""));
  }

  private static Check signature(NitroDocument document) {
    Optional<Integer> algorithm;
    try {
      algorithm = document.algorithm();
    } catch (IllegalArgumentException e) {
      return Check.fail("signature", e.getMessage());
    }
    if (algorithm.isEmpty() || algorithm.get() != NitroDocument.ES384) {
      return Check.fail("signature", "the protected header names algorithm " + algorithm.map(String::valueOf).orElse("none")
          + ", not ES384 (" + NitroDocument.ES384 + ")");
    }
    if (document.signature().length != 96) {
      return Check.fail("signature", "the ES384 signature is " + document.signature().length + " bytes, not 96 (r ‖ s)");
    }
    X509Certificate leaf;
    try {
      leaf = Certificates.parseDer(document.certificate());
    } catch (IllegalArgumentException e) {
      return Check.fail("signature", "no readable signing certificate: " + e.getMessage());
    }
    boolean signed = Ecdsa.verify(leaf.getPublicKey(), "SHA384", document.signedBytes(), document.signature());
    return Check.of("signature", signed, "COSE_Sign1 is signed by the document's certificate (ES384)",
        "COSE_Sign1 signature does not verify with the document's certificate");
  }

  private static void pcrs(NitroDocument document, VerificationPolicy policy, List<Check> checks) {
    boolean any = false;
    any |= DcapVerifier.expect(checks, "mrenclave", policy.expectedMrEnclave(), Optional.empty(), "an SGX quote");
    any |= DcapVerifier.expect(checks, "mrsigner", policy.expectedMrSigner(), Optional.empty(), "an SGX quote");
    any |= DcapVerifier.expect(checks, "mrtd", policy.expectedMrTd(), Optional.empty(), "a TDX quote");
    any |= DcapVerifier.expect(checks, "measurement", policy.expectedMeasurement(), Optional.empty(), "an SEV-SNP report");
    for (Map.Entry<Integer, byte[]> expected : policy.expectedPcrs().entrySet()) {
      String name = "pcr" + expected.getKey();
      any |= DcapVerifier.expect(checks, name, Optional.of(expected.getValue()),
          Optional.ofNullable(document.pcrs().get(expected.getKey())), "a document that has " + name);
    }
    if (!any) {
      checks.add(Check.unknown("measurement", "no expected PCR given (--expected-pcr0/1/2/8); see the claims"));
    }
  }
}

package dev.vigil.attestation;

import dev.vigil.spec.Hex;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The hardware checks of an SGX or TDX DCAP quote, in the order trust flows: root → PCK → QE → quote. */
final class DcapVerifier {
  private DcapVerifier() {}

  static void verify(DcapQuote quote, VerificationPolicy policy, List<Check> checks, Map<String, String> claims) {
    claims.put("quote_version", Integer.toString(quote.version()));
    quote.sgxBody().ifPresent(body -> {
      claims.put("mrenclave", Hex.encodeBare(body.mrEnclave()));
      claims.put("mrsigner", Hex.encodeBare(body.mrSigner()));
      claims.put("isvprodid", Integer.toString(body.isvProdId()));
      claims.put("isvsvn", Integer.toString(body.isvSvn()));
      claims.put("attributes", Hex.encodeBare(body.attributes()));
    });
    quote.tdxBody().ifPresent(body -> {
      claims.put("mrtd", Hex.encodeBare(body.mrTd()));
      for (int i = 0; i < 4; i++) {
        claims.put("rtmr" + i, Hex.encodeBare(body.rtmrs().get(i)));
      }
      claims.put("mrseam", Hex.encodeBare(body.mrSeam()));
      claims.put("td_attributes", Hex.encodeBare(body.tdAttributes()));
      claims.put("tee_tcb_svn", Hex.encodeBare(body.teeTcbSvn()));
    });
    claims.put("report_data", Hex.encodeBare(quote.reportData()));

    X509Certificate root = policy.anchors().intelRoot();
    String rootName = policy.anchors().intelRootPinned()
        ? "the pinned Intel SGX Root CA"
        : "the TEST root given with --intel-root-ca (not the pinned Intel SGX Root CA)";
    Optional<List<X509Certificate>> chain = pckChain(quote, policy, checks);
    boolean chainOk = false;
    if (chain.isPresent()) {
      Optional<String> problem = Certificates.verifyChain(chain.get(), root, policy.now());
      chainOk = problem.isEmpty();
      checks.add(Check.of("pck_chain", chainOk, "PCK certificate chains to " + rootName,
          problem.map(reason -> reason + " (chaining to " + rootName + ")").orElse("")));
      boolean qeSigned = Ecdsa.verify(chain.get().get(0).getPublicKey(), "SHA256", quote.qeReportBytes(), quote.qeReportSignature());
      checks.add(Check.of("qe_report_signature", qeSigned,
          "quoting enclave report is signed by the PCK key",
          "quoting enclave report signature does not verify with the PCK key"));
    } else {
      checks.add(Check.unknown("qe_report_signature", "no PCK certificate to check it with"));
    }

    byte[] expectedBinding = sha256(quote.attestationKey(), quote.qeAuthData());
    byte[] qeReportData = quote.qeReport().reportData();
    boolean bound = Arrays.equals(Arrays.copyOf(qeReportData, 32), expectedBinding)
        && Arrays.equals(Arrays.copyOfRange(qeReportData, 32, 64), new byte[32]);
    checks.add(Check.of("attestation_key_binding", bound,
        "QE report data = SHA-256(attestation key ‖ QE auth data) ‖ zeros",
        "QE report data does not bind the attestation key (SHA-256(attestation key ‖ QE auth data) ‖ zeros)"));

    boolean quoteSigned = Ecdsa.verify(Ecdsa.p256Key(quote.attestationKey()), "SHA256", quote.signedBytes(), quote.signature());
    checks.add(Check.of("quote_signature", quoteSigned,
        "quote header and body are signed by the attestation key",
        "quote signature over header and body does not verify with the attestation key"));

    Optional<Collateral> collateral = chainOk
        ? policy.collateral().flatMap(bundle -> bundle.intelFor(quote.evidenceType(), chain.get()))
        : Optional.empty();
    if (collateral.isPresent()) {
      checks.addAll(TcbEvaluator.evaluate(collateral.get(), quote, chain.get(), root, policy.now(), claims));
    } else if (policy.collateral().isPresent() && chainOk) {
      checks.add(Check.fail("collateral", "the collateral holds nothing for this " + quote.evidenceType() + " platform (FMSPC "
          + Hex.encodeBare(PckExtension.of(chain.get().get(0)).fmspc()) + ", " + Certificates.describe(chain.get().get(1))
          + "); fetch it with vigil attestation collateral fetch --fmspc"));
      checks.add(Check.unknown("tcb_status", "no collateral for this platform"));
    } else if (policy.collateral().isPresent()) {
      checks.add(Check.unknown("tcb_status", "collateral given, but the PCK chain did not verify"));
    } else {
      claims.put("tcb_status", "unknown");
      checks.add(Check.unknown("tcb_status", "no collateral given (--collateral FILE)"));
    }

    measurements(quote, policy, checks);
    boolean debug = quote.debug();
    String what = quote.sgxBody().isPresent() ? "enclave (ATTRIBUTES.DEBUG)" : "TD (TD_ATTRIBUTES.DEBUG)";
    checks.add(debugCheck(debug, policy.allowDebug(), what));
  }

  private static Optional<List<X509Certificate>> pckChain(DcapQuote quote, VerificationPolicy policy, List<Check> checks) {
    if (quote.certificationDataType() == DcapQuote.PCK_CERT_CHAIN) {
      try {
        return Optional.of(Certificates.leafFirst(Certificates.parse(quote.certificationData())));
      } catch (IllegalArgumentException e) {
        checks.add(Check.fail("pck_chain", "PCK chain in the quote is unreadable: " + e.getMessage()));
        return Optional.empty();
      }
    }
    if (!policy.extraCertificates().isEmpty()) {
      return Optional.of(Certificates.leafFirst(policy.extraCertificates()));
    }
    checks.add(Check.fail("pck_chain", "the quote carries certification data type "
        + quote.certificationDataType() + ", not a PCK chain; give the chain with --cert-chain FILE"));
    return Optional.empty();
  }

  private static void measurements(DcapQuote quote, VerificationPolicy policy, List<Check> checks) {
    Optional<SgxReportBody> sgx = quote.sgxBody();
    Optional<TdxReportBody> tdx = quote.tdxBody();
    boolean any = false;
    any |= expect(checks, "mrenclave", policy.expectedMrEnclave(), sgx.map(SgxReportBody::mrEnclave), "an SGX quote");
    any |= expect(checks, "mrsigner", policy.expectedMrSigner(), sgx.map(SgxReportBody::mrSigner), "an SGX quote");
    any |= expect(checks, "mrtd", policy.expectedMrTd(), tdx.map(TdxReportBody::mrTd), "a TDX quote");
    any |= expect(checks, "measurement", policy.expectedMeasurement(), Optional.empty(), "an SEV-SNP report");
    if (!any) {
      checks.add(Check.unknown("measurement", "no expected measurement given; see the claims"));
    }
  }

  /** Adds a check when a value is expected; returns whether one was. */
  static boolean expect(List<Check> checks, String name, Optional<byte[]> expected, Optional<byte[]> actual, String only) {
    if (expected.isEmpty()) {
      return false;
    }
    if (actual.isEmpty()) {
      checks.add(Check.fail(name, "--expected-" + name + " applies only to " + only));
      return true;
    }
    boolean match = Arrays.equals(expected.get(), actual.get());
    checks.add(Check.of(name, match, name.toUpperCase(Locale.ROOT) + " is as expected",
        name.toUpperCase(Locale.ROOT) + " is " + Hex.encodeBare(actual.get()) + ", expected " + Hex.encodeBare(expected.get())));
    return true;
  }

  static Check debugCheck(boolean debug, boolean allowDebug, String what) {
    if (!debug) {
      return Check.pass("debug", "production " + what.replaceFirst(" \\(.*", "") + ", debug off");
    }
    return allowDebug
        ? Check.pass("debug", "DEBUG " + what + " accepted because --allow-debug: it keeps no secret")
        : Check.fail("debug", "debug " + what + " is set: its memory is readable by the host; refused without --allow-debug");
  }

  static byte[] sha256(byte[]... parts) {
    MessageDigest sha256 = ReportData.sha256();
    for (byte[] part : parts) {
      sha256.update(part);
    }
    return sha256.digest();
  }
}

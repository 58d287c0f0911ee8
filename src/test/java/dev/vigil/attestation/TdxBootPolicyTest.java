package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.Hex;
import dev.vigil.testing.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * GCP TDX boot checks. The quote (GCP COS 113) and its CCEL event log are real, from
 * google/go-tdx-guest. No real launch endorsement is public in a repository, and Google's
 * GCE-cc-tcb-root is not available offline here: the endorsements are built in the test in
 * gce-tcb-verifier's wire format, signed by a test root.
 */
class TdxBootPolicyTest {
  private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
  private final EvidenceVerifier verifier = new EvidenceVerifier();

  static byte[] quote() {
    try {
      return Files.readAllBytes(Vectors.path("sgx-tdx-quotes/google-go-tdx-guest/testing/testdata/ccel/cos-113-tdx-quote.dat"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] eventLog() {
    try (var in = TdxBootPolicyTest.class.getResourceAsStream("/vectors/google-go-tdx-guest/ccel_data_events.dat")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TdxReportBody body() {
    return DcapQuote.parse(quote()).tdxBody().orElseThrow();
  }

  private static List<Optional<byte[]>> noRtmrs() {
    return List.of(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private Verdict apply(TdxBootPolicy boot) {
    EvidenceFile.Item item = new EvidenceFile.Raw(quote());
    return boot.apply(verifier.verify(item, VerificationPolicy.strict().withNow(NOW)), item, NOW);
  }

  private static TdxBootPolicy withLog(byte[] log) {
    return new TdxBootPolicy(Optional.of(log), Optional.empty(), Optional.empty(), noRtmrs());
  }

  @Test
  void realCcelLogReplaysToTheRealQuotesRtmrs() {
    Verdict verdict = apply(withLog(eventLog()));

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("event_log").orElseThrow().reason()).contains("43 events", "RTMR0–2");
    assertThat(verdict.claims()).containsEntry("event_log_events", "43");
  }

  @Test
  void theRegionsPaddingEndsTheLog() {
    byte[] padded = Arrays.copyOf(eventLog(), eventLog().length + 4096);
    Arrays.fill(padded, eventLog().length, padded.length, (byte) 0xFF);

    assertThat(apply(withLog(padded)).failures()).isEmpty();
  }

  @Test
  void flippedDigestOrDroppedEventFailsTheReplay() {
    CcelEventLog parsed = CcelEventLog.parse(eventLog());
    byte[] digest = parsed.events().get(5).sha384();
    byte[] log = eventLog();
    int at = indexOf(log, digest);
    log[at + 10] ^= 0x01;

    assertThat(apply(withLog(log)).failures()).extracting(Check::name).containsExactly("event_log");
    assertThat(apply(withLog(log)).check("event_log").orElseThrow().reason()).contains("RTMR");

    byte[] lastDigest = parsed.events().get(parsed.events().size() - 1).sha384();
    int last = indexOf(eventLog(), lastDigest) - 2 - 4 - 4 - 4;
    byte[] truncated = Arrays.copyOf(eventLog(), last + 8);
    Arrays.fill(truncated, last, last + 8, (byte) 0xFF);
    assertThat(apply(withLog(truncated)).failures()).extracting(Check::name).containsExactly("event_log");
  }

  @Test
  void notAnEventLogFailsByName() {
    assertThat(apply(withLog(new byte[64])).check("event_log").orElseThrow().reason()).contains("Spec ID");
  }

  @Test
  void eachRtmrExpectationIsChecked() {
    List<byte[]> actual = body().rtmrs();
    for (int i = 0; i < 4; i++) {
      List<Optional<byte[]>> right = new ArrayList<>(noRtmrs());
      right.set(i, Optional.of(actual.get(i)));
      List<Optional<byte[]>> wrong = new ArrayList<>(noRtmrs());
      byte[] other = actual.get(i).clone();
      other[47] ^= 0x01;
      wrong.set(i, Optional.of(other));

      assertThat(apply(new TdxBootPolicy(Optional.empty(), Optional.empty(), Optional.empty(), right)).failures()).isEmpty();
      assertThat(apply(new TdxBootPolicy(Optional.empty(), Optional.empty(), Optional.empty(), wrong)).failures())
          .extracting(Check::name).containsExactly("rtmr" + i);
    }
  }

  @Test
  void demandsOnANonTdxQuoteFail() {
    EvidenceFile.Item sgx = new EvidenceFile.Raw(QuoteVectors.quote("Phala-Network-dcap-qvl/sample/sgx_quote"));

    Verdict verdict = withLog(eventLog()).apply(verifier.verify(sgx, VerificationPolicy.strict()), sgx, Instant.now());

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("tdx_boot");
  }

  // Launch endorsements in gce-tcb-verifier's format, built here.

  private record Endorser(KeyPair rootKey, X509Certificate root, KeyPair signingKey, X509Certificate signing) {
    static Endorser create() {
      KeyPair root = TestCertificates.p384();
      KeyPair signing = rsa();
      return new Endorser(root, TestCertificates.certificate("GCE-cc-tcb-root-test", root, "GCE-cc-tcb-root-test", root.getPrivate(), true, 1),
          signing, TestCertificates.certificate("GCE-cc-tcb-signing-test", signing, "GCE-cc-tcb-root-test", root.getPrivate(), false, 2));
    }

    private static KeyPair rsa() {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    byte[] golden(byte[] mrtd) throws Exception {
      byte[] measurement = concat(varintField(1, 2), field(3, mrtd));
      byte[] tdx = concat(varintField(1, 2), field(2, measurement), field(2, concat(varintField(1, 8), field(3, new byte[48]))));
      byte[] timestamp = varintField(1, 1_716_249_600L);
      return concat(field(1, timestamp), field(4, signing.getEncoded()), field(5, TestCertificates.filled(48, 0x53)), field(8, tdx));
    }

    byte[] endorsement(byte[] golden) throws Exception {
      Signature signer = Signature.getInstance("RSASSA-PSS");
      signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      signer.initSign(signingKey.getPrivate());
      signer.update(golden);
      return concat(field(1, golden), field(2, signer.sign()));
    }
  }

  /** A length-delimited field (bytes or a sub-message). */
  private static byte[] field(int number, byte[] value) {
    return concat(varint((long) number << 3 | 2), varint(value.length), value);
  }

  private static byte[] varintField(int number, long value) {
    return concat(varint((long) number << 3), varint(value));
  }

  /** Base-128 varint encoding. */
  private static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((value & ~0x7FL) != 0) {
      out.write((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  private TdxBootPolicy endorsed(Endorser endorser, byte[] endorsement) {
    return new TdxBootPolicy(Optional.empty(), Optional.of(endorsement), Optional.of(endorser.root()), noRtmrs());
  }

  @Test
  void endorsementNamingTheQuotesMrtdVerifies() throws Exception {
    Endorser endorser = Endorser.create();

    Verdict verdict = apply(endorsed(endorser, endorser.endorsement(endorser.golden(body().mrTd()))));

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("launch_endorsement").orElseThrow().reason()).contains("RSASSA-PSS", "GCE-cc-tcb-root-test");
    assertThat(verdict.check("mrtd_endorsed").orElseThrow().reason()).contains("5353535353535353", "2 GiB");
    assertThat(verdict.claims()).containsEntry("endorsed_tdx_svn", "2").containsEntry("endorsement_time", "2024-05-21T00:00:00Z");
  }

  @Test
  void endorsementOfAnotherMrtdFails() throws Exception {
    Endorser endorser = Endorser.create();
    byte[] other = body().mrTd().clone();
    other[0] ^= 0x01;

    Verdict verdict = apply(endorsed(endorser, endorser.endorsement(endorser.golden(other))));

    assertThat(verdict.failures()).extracting(Check::name).containsExactly("mrtd_endorsed");
  }

  @Test
  void flippedBitInTheSignedMeasurementOrTheSignatureFails() throws Exception {
    Endorser endorser = Endorser.create();
    byte[] golden = endorser.golden(body().mrTd());
    byte[] endorsement = endorser.endorsement(golden);
    int digestAt = indexOf(endorsement, TestCertificates.filled(48, 0x53));
    byte[] tamperedDigest = endorsement.clone();
    tamperedDigest[digestAt] ^= 0x01;
    byte[] tamperedSignature = endorsement.clone();
    tamperedSignature[tamperedSignature.length - 1] ^= 0x01;
    byte[] tamperedSvn = endorsement.clone();
    tamperedSvn[indexOf(endorsement, varintField(1, 2)) + 1] ^= 0x01;

    for (byte[] tampered : List.of(tamperedDigest, tamperedSignature, tamperedSvn)) {
      assertThat(apply(endorsed(endorser, tampered)).failures()).extracting(Check::name).contains("launch_endorsement");
    }
  }

  @Test
  void endorsementFromAnotherRootOrWithoutARootFails() throws Exception {
    Endorser endorser = Endorser.create();
    byte[] endorsement = endorser.endorsement(endorser.golden(body().mrTd()));

    Verdict otherRoot = apply(endorsed(Endorser.create(), endorsement));
    Verdict noRoot = apply(new TdxBootPolicy(Optional.empty(), Optional.of(endorsement), Optional.empty(), noRtmrs()));

    assertThat(otherRoot.check("launch_endorsement").orElseThrow().reason()).contains("does not chain");
    assertThat(noRoot.check("launch_endorsement").orElseThrow().reason()).contains("--gce-tcb-root", "pki.goog");
  }

  @Test
  void malformedEndorsementFailsByName() {
    Verdict verdict = apply(endorsed(Endorser.create(), Hex.decode("0a05")));

    assertThat(verdict.check("launch_endorsement").orElseThrow().reason()).contains("runs past the end");
  }

  @Test
  void endorsementWithoutItsUefiDigestFailsByName() throws Exception {
    Endorser endorser = Endorser.create();
    byte[] golden = concat(field(4, endorser.signing().getEncoded()));

    Verdict verdict = apply(endorsed(endorser, endorser.endorsement(golden)));

    assertThat(verdict.check("launch_endorsement").orElseThrow().reason()).contains("no digest (5)");
  }
}

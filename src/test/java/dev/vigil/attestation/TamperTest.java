package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A single flipped bit anywhere that matters fails the check that covers it, and only that one. */
class TamperTest {
  private static final List<String> QUOTES =
      List.of(
          "Phala-Network-dcap-qvl/sample/sgx_quote",
          "Phala-Network-dcap-qvl/sample/tdx_quote",
          "google-go-tdx-guest/testing/testdata/quote_v5_sample.dat");

  enum Region {
    BODY("quote_signature"),
    SIGNATURE("quote_signature"),
    QE_REPORT("qe_report_signature"),
    QE_REPORT_DATA("attestation_key_binding"),
    PCK_CERTIFICATE("pck_chain");

    final String failingCheck;

    Region(String failingCheck) {
      this.failingCheck = failingCheck;
    }
  }

  static Stream<Arguments> cases() {
    return QUOTES.stream().flatMap(quote -> Stream.of(Region.values()).map(region -> Arguments.of(quote + " " + region, quote, region)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void flippedBitFailsTheRightCheck(String name, String file, Region region) {
    byte[] quote = QuoteVectors.quote(file);
    flip(quote, region);

    Verdict verdict = new EvidenceVerifier().verify(quote, VerificationPolicy.strict());

    assertThat(verdict.ok()).isFalse();
    assertThat(verdict.failures()).extracting(Check::name).contains(region.failingCheck);
    if (region != Region.QE_REPORT_DATA) {
      // A QE report data edit breaks both its signature and the binding; every other edit is caught by exactly one check.
      assertThat(verdict.failures()).extracting(Check::name).containsExactly(region.failingCheck);
    }
  }

  private static void flip(byte[] quote, Region region) {
    DcapQuote parsed = DcapQuote.parse(quote);
    int signatureData = parsed.signedBytes().length + 4;
    int qeReport = signatureData + 128 + (parsed.version() >= 4 ? 6 : 0);
    switch (region) {
      case BODY -> quote[parsed.bodyOffset() + 100] ^= 0x01;
      case SIGNATURE -> quote[signatureData + 10] ^= 0x01;
      case QE_REPORT -> quote[qeReport + 64] ^= 0x01;
      case QE_REPORT_DATA -> quote[qeReport + 320] ^= 0x01;
      case PCK_CERTIFICATE -> flipInFirstCertificate(quote);
    }
  }

  /** Flips one bit of the PCK leaf's subject name and writes the certificate back in the same PEM layout. */
  private static void flipInFirstCertificate(byte[] quote) {
    String text = new String(quote, StandardCharsets.ISO_8859_1);
    Matcher pem = Pattern.compile("-----BEGIN CERTIFICATE-----\n(.+?)\n-----END CERTIFICATE-----", Pattern.DOTALL).matcher(text);
    assertThat(pem.find()).isTrue();
    String body = pem.group(1);
    byte[] der = Base64.getMimeDecoder().decode(body);
    byte[] marker = "PCK Certificate".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(der, marker);
    der[at] ^= 0x01;
    String encoded = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    assertThat(encoded).hasSameSizeAs(body);
    byte[] replacement = encoded.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(replacement, 0, quote, pem.start(1), replacement.length);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("PCK subject not found");
  }
}

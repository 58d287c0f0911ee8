package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A single flipped bit in any signed part of a Nitro attestation document fails the check that
 * covers it (the COSE signature, plus the chain for a certificate), on the real recorded document
 * and on a Vigil-shaped one built over a test chain.
 */
class NitroTamperTest {
  private static final BLSPubkey KEY = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final byte[] NONCE = {7, 7, 7};
  private static final NitroDocuments.Chain CHAIN = NitroDocuments.Chain.create();

  enum Field {
    PROTECTED_HEADER("signature"),
    MODULE_ID("signature"),
    DIGEST("signature"),
    TIMESTAMP("signature"),
    PCR0("signature"),
    PCR1("signature"),
    PCR2("signature"),
    PCR8("signature"),
    CERTIFICATE("signature", "cert_chain"),
    CABUNDLE("signature", "cert_chain"),
    PUBLIC_KEY("signature"),
    USER_DATA("signature", "report_data"),
    NONCE("signature", "document_nonce"),
    SIGNATURE("signature");

    final List<String> failing;

    Field(String... failing) {
      this.failing = List.of(failing);
    }
  }

  /** The real document lacks distinct values for PCR8, public_key and nonce, and its user_data is not Vigil's. */
  private static final Set<Field> NOT_IN_REAL = Set.of(Field.PCR8, Field.PUBLIC_KEY, Field.NONCE, Field.USER_DATA);

  static Stream<Arguments> cases() {
    Stream<Arguments> real = Stream.of(Field.values()).filter(f -> !NOT_IN_REAL.contains(f)).map(f -> Arguments.of("real " + f, true, f));
    Stream<Arguments> built = Stream.of(Field.values()).map(f -> Arguments.of("constructed " + f, false, f));
    return Stream.concat(real, built);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void flippedBitFailsTheCheckThatCoversIt(String name, boolean real, Field field) {
    byte[] document = real ? NitroDocuments.real("nitro_attestation") : vigilDocument();
    List<String> baseline = verify(real, document).failures().stream().map(Check::name).toList();
    flip(document, field);

    Verdict verdict = verify(real, document);

    Set<String> expected = new LinkedHashSet<>(baseline);
    expected.addAll(field.failing);
    assertThat(verdict.ok()).isFalse();
    assertThat(verdict.failures()).extracting(Check::name).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static Verdict verify(boolean real, byte[] document) {
    EvidenceVerifier verifier = new EvidenceVerifier();
    if (real) {
      return verifier.verify(document, VerificationPolicy.strict().withNow(NitroDocuments.REAL_TIME));
    }
    Evidence evidence = new Evidence(EvidenceType.NITRO, ReportData.forKey(KEY, NONCE), Optional.of(document),
        ReportData.nonce(NONCE), Optional.of(KEY), List.of(), List.of());
    return verifier.verify(evidence, VerificationPolicy.strict().withAnchors(CHAIN.anchors()).withNow(NitroDocuments.TIME.plusSeconds(60)));
  }

  private static byte[] vigilDocument() {
    NitroDocuments.Builder builder = new NitroDocuments.Builder(CHAIN);
    byte[] reportData = ReportData.forKey(KEY, NONCE);
    builder.userData = Optional.of(reportData);
    builder.nonce = Optional.of(Arrays.copyOfRange(reportData, 32, 64));
    builder.publicKey = Optional.of(TestCertificates.filled(97, 0x5a));
    return builder.build();
  }

  private static void flip(byte[] document, Field field) {
    NitroDocument parsed = NitroDocument.parse(document);
    switch (field) {
      case PROTECTED_HEADER -> document[5] ^= 0x01; // 84 44 a1 01 38 22: the algorithm, -35 → -36
      case SIGNATURE -> document[document.length - 1] ^= 0x01;
      case MODULE_ID -> flipValue(document, "module_id", parsed.moduleId().getBytes(StandardCharsets.UTF_8), 3);
      case DIGEST -> flipValue(document, "digest", parsed.digest().getBytes(StandardCharsets.UTF_8), 5);
      case TIMESTAMP -> flipValue(document, "timestamp",
          ByteBuffer.allocate(8).putLong(parsed.timestamp().toEpochMilli()).array(), 7);
      case PCR0 -> flipValue(document, "pcrs", parsed.pcrs().get(0), 20);
      case PCR1 -> flipValue(document, "pcrs", parsed.pcrs().get(1), 20);
      case PCR2 -> flipValue(document, "pcrs", parsed.pcrs().get(2), 20);
      case PCR8 -> flipValue(document, "pcrs", parsed.pcrs().get(8), 20);
      // In the DER signature at the end: the certificate still parses, its signature no longer verifies.
      case CERTIFICATE -> flipValue(document, "certificate", parsed.certificate(), parsed.certificate().length - 5);
      case CABUNDLE -> {
        byte[] intermediate = parsed.cabundle().get(parsed.cabundle().size() - 1);
        flipValue(document, "cabundle", intermediate, intermediate.length - 5);
      }
      case PUBLIC_KEY -> flipValue(document, "public_key", parsed.publicKey().orElseThrow(), 10);
      case USER_DATA -> flipValue(document, "user_data", parsed.userData().orElseThrow(), 5);
      case NONCE -> flipValue(document, "nonce", parsed.nonce().orElseThrow(), 5);
    }
  }

  /** Flips the low bit of byte {@code at} of {@code value}, found after the CBOR text key {@code key}. */
  private static void flipValue(byte[] document, String key, byte[] value, int at) {
    byte[] encodedKey = new byte[key.length() + 1];
    encodedKey[0] = (byte) (0x60 | key.length());
    System.arraycopy(key.getBytes(StandardCharsets.US_ASCII), 0, encodedKey, 1, key.length());
    int keyAt = indexOf(document, encodedKey, 0);
    assertThat(keyAt).as("key " + key).isNotNegative();
    int valueAt = indexOf(document, value, keyAt + encodedKey.length);
    assertThat(valueAt).as("value of " + key).isNotNegative();
    document[valueAt + at] ^= 0x01;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    for (int i = from; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}

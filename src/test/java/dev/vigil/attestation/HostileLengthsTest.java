package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Evidence comes from peers (migration offers, witness handshakes): every length, count and
 * nesting taken from it is checked against what is there before anything is allocated or computed
 * from it (issue 12 §2). Each case is a document that lies about one of them.
 */
class HostileLengthsTest {
  @Test
  void nitroDocumentNestedDeeperThanTheBoundIsRefused() {
    ByteArrayOutputStream cose = new ByteArrayOutputStream();
    cose.write(0x84);
    for (int i = 0; i < 200; i++) {
      cose.write(0x81); // an array of one
    }
    cose.write(0x00);
    cose.writeBytes(new byte[] {0x40, 0x40, 0x40});
    assertThatThrownBy(() -> NitroDocument.parse(cose.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nesting depth").hasMessageContaining("64");
  }

  @Test
  void nitroByteStringDeclaringMoreThanIsThereIsRefused() {
    // COSE_Sign1 whose protected header declares 2^31 - 1 bytes (0x5a + u32) and carries 16.
    byte[] declared = {(byte) 0x84, 0x5a, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    byte[] cose = Arrays.copyOf(declared, declared.length + 16);
    assertThatThrownBy(() -> NitroDocument.parse(cose))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid CBOR");
  }

  @Test
  void runtimeClaimsNestedDeeperThanTheBoundAreRefused() {
    String claims = "{\"x\":" + "[".repeat(200) + "]".repeat(200) + "}";
    assertThatThrownBy(() -> RuntimeClaims.parse(claims.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nesting depth").hasMessageContaining("64");
  }

  @Test
  void attestationKeyWithAHugeExponentIsRefusedBeforeDecoding() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
    byte[] exponent = new byte[1 << 20];
    Arrays.fill(exponent, (byte) 0xff);
    String claims = "{\"user-data\":\"" + "00".repeat(ReportData.SIZE) + "\",\"keys\":[{\"kid\":\"HCLAkPub\",\"kty\":\"RSA\",\"n\":\""
        + base64(key.getModulus()) + "\",\"e\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(exponent) + "\"}]}";
    assertThatThrownBy(() -> RuntimeClaims.parse(claims.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("e: ").hasMessageContaining("longer than a " + RuntimeClaims.MAX_EXPONENT_BITS + "-bit value");
    String genuine = claims.replaceFirst("\"e\":\"[^\"]*\"", "\"e\":\"" + base64(key.getPublicExponent()) + "\"");
    assertThat(RuntimeClaims.parse(genuine.getBytes(StandardCharsets.UTF_8)).attestationKey()).isEqualTo(key);
  }

  @Test
  void eventLogListingMoreAlgorithmsThanItsSpecEventHoldsIsRefused() {
    ByteBuffer log = specIdLog(0x7fffffff);
    assertThatThrownBy(() -> CcelEventLog.parse(log.array()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("digest algorithms, more than its");
  }

  @Test
  void eventLogDigestRunningBeyondTheLogIsRefused() {
    ByteBuffer log = specIdLog(1);
    // One event: RTMR0, type 1, one SHA-384 digest, but only 10 of its 48 bytes are there.
    log.putInt(1).putInt(1).putInt(1).putShort((short) CcelEventLog.SHA384).put(new byte[10]);
    byte[] bytes = Arrays.copyOf(log.array(), log.position());
    assertThatThrownBy(() -> CcelEventLog.parse(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("digest running beyond the log");
  }

  @Test
  void protobufFieldDeclaringMoreBytesThanTheMessageHasIsRefused() {
    // field 1, length-delimited, length 2^31 - 1 as a varint, then 4 bytes.
    byte[] message = {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 1, 2, 3, 4};
    assertThatThrownBy(() -> new ProtobufReader(message, "test"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs past the end of the message");
  }

  @Test
  void hclReportDeclaringMoreClaimsThanItHoldsIsRefused() {
    ByteBuffer report = ByteBuffer.allocate(HclReport.HEADER_SIZE + HclReport.HARDWARE_REPORT_SIZE + 20).order(ByteOrder.LITTLE_ENDIAN);
    long claims = 0xffffffecL; // data_size = 20 + claims wraps to exactly 2^32: a u32 that cannot hold it
    report.put(HclReport.MAGIC).putInt(2).putInt((int) (HclReport.HEADER_SIZE + HclReport.HARDWARE_REPORT_SIZE + 20 + claims));
    report.position(HclReport.HEADER_SIZE + HclReport.HARDWARE_REPORT_SIZE);
    report.putInt((int) (20 + claims)).putInt(1).putInt(4).putInt(2).putInt((int) claims);
    assertThatThrownBy(() -> HclReport.parse(report.array()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not describe one report within");
  }

  /** A log of the Spec ID event alone, saying it lists {@code algorithms} algorithms (it holds one, SHA-384). */
  private static ByteBuffer specIdLog(int algorithms) {
    ByteBuffer log = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    log.putInt(0).putInt(CcelEventLog.EV_NO_ACTION).put(new byte[20]);
    byte[] specId = "Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer spec = ByteBuffer.allocate(33).order(ByteOrder.LITTLE_ENDIAN);
    spec.put(specId).putInt(0).putInt(0).putInt(algorithms).putShort((short) CcelEventLog.SHA384).putShort((short) 48).put((byte) 0);
    log.putInt(spec.capacity()).put(spec.array());
    return log;
  }

  private static String base64(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int skip = bytes[0] == 0 ? 1 : 0;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(bytes, skip, bytes.length));
  }

  private static String insecureEvidenceWithCertificates(String certificates) {
    return "{\"type\":\"insecure-none\",\"report_data\":\"0x" + "00".repeat(ReportData.SIZE)
        + "\",\"nonce\":\"0x" + "00".repeat(32) + "\",\"certificates\":[" + certificates + "]}";
  }

  private static byte[] intelRootDer() throws Exception {
    try (var in = HostileLengthsTest.class.getResourceAsStream("/attestation/intel-sgx-root-ca.der")) {
      return in.readAllBytes();
    }
  }

  @Test
  void evidenceCarryingMoreThan16CertificatesIsRefusedNamingTheField() {
    String seventeen = String.join(",", java.util.Collections.nCopies(17, "\"0x3000\""));

    assertThatThrownBy(() -> Evidence.fromJson(insecureEvidenceWithCertificates(seventeen)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("certificates[16]: ").hasMessageContaining("more than 16 certificates");
  }

  @Test
  void evidenceCertificateOver64KiBIsRefusedBeforeDecoding() {
    String huge = "\"0x" + "00".repeat(64 * 1024 + 1) + "\"";

    assertThatThrownBy(() -> Evidence.fromJson(insecureEvidenceWithCertificates(huge)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("certificates[0]: ").hasMessageContaining("more than 65536");
  }

  @Test
  void pemBundleOfMoreThan16CertificatesIsRefused() throws Exception {
    String block = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(intelRootDer())
        + "\n-----END CERTIFICATE-----\n";
    assertThat(Certificates.parse(block.repeat(16).getBytes(StandardCharsets.US_ASCII))).hasSize(16);

    assertThatThrownBy(() -> Certificates.parse(block.repeat(17).getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 16 certificates");
  }

  @Test
  void derCertificatesBeyondTheCountOrSizeAreRefused() throws Exception {
    byte[] der = intelRootDer();
    ByteArrayOutputStream seventeen = new ByteArrayOutputStream();
    for (int i = 0; i < 17; i++) {
      seventeen.write(der);
    }
    byte[] huge = new byte[5 + 70_000];
    huge[0] = 0x30;
    huge[1] = (byte) 0x83;
    huge[2] = (byte) (70_000 >> 16);
    huge[3] = (byte) (70_000 >> 8);
    huge[4] = (byte) 70_000;

    assertThatThrownBy(() -> Certificates.parse(seventeen.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 16 certificates");
    assertThatThrownBy(() -> Certificates.parse(huge))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 65536");
  }
}

package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure vTPM provider against a scripted TPM: each command must be byte for byte the TPM 2.0
 * command written out below (Part 3 §31), and gets a constructed response; the NV contents returned
 * are the real HCL reports recorded by confidential-containers/trustee (no public recording of raw
 * TPM traffic exists). The TDX quote comes from a local server standing in for the metadata service.
 */
class AzureVtpmProviderTest {
  private static final String PASSWORD_SESSION = "00000009" + "40000009" + "0000" + "00" + "0000";
  private static final String READ_PUBLIC_USER_DATA = "8001" + "0000000e" + "00000169" + "01400002";
  private static final String READ_PUBLIC_REPORT = "8001" + "0000000e" + "00000169" + "01400001";
  private static final byte[] ZERO = new byte[64];

  /** A TPM that expects exactly these commands, in order, and answers each with its response. */
  static final class ScriptedTpm implements TpmDevice {
    private final Deque<String[]> script = new ArrayDeque<>();

    ScriptedTpm expect(String commandHex, byte[] response) {
      script.add(new String[] {commandHex, Hex.encodeBare(response)});
      return this;
    }

    @Override
    public byte[] transmit(byte[] command) {
      String[] next = script.poll();
      assertThat(next).as("a command after the script ended: %s", Hex.encodeBare(command)).isNotNull();
      assertThat(Hex.encodeBare(command)).isEqualTo(next[0]);
      return Hex.decode(next[1]);
    }

    void assertDone() {
      assertThat(script).isEmpty();
    }
  }

  static byte[] response(int tag, int code, byte[] body) {
    return ByteBuffer.allocate(10 + body.length).putShort((short) tag).putInt(10 + body.length).putInt(code).put(body).array();
  }

  /** TPM2B_NV_PUBLIC of an ordinary index of {@code size} bytes, and its name. */
  static byte[] readPublicResponse(int index, int size) {
    ByteBuffer body = ByteBuffer.allocate(2 + 14 + 2 + 34).putShort((short) 14).putInt(index).putShort((short) 0x000B)
        .putInt(0x00060006).putShort((short) 0).putShort((short) size).putShort((short) 34).putShort((short) 0x000B);
    return response(0x8001, 0, body.array());
  }

  static final byte[] SESSION_RESPONSE = Hex.decode("0000" + "01" + "0000");

  static byte[] writeResponse() {
    return response(0x8002, 0, ByteBuffer.allocate(4 + 5).putInt(0).put(SESSION_RESPONSE).array());
  }

  static byte[] readResponse(byte[] chunk) {
    return response(0x8002, 0, ByteBuffer.allocate(4 + 2 + chunk.length + 5).putInt(2 + chunk.length)
        .putShort((short) chunk.length).put(chunk).put(SESSION_RESPONSE).array());
  }

  static String writeCommand(byte[] userData) {
    return "8002" + "00000063" + "00000137" + "40000001" + "01400002" + PASSWORD_SESSION + "0040" + Hex.encodeBare(userData) + "0000";
  }

  /** ReadPublic and NV_Read of the whole report index in 512-byte pieces. */
  static ScriptedTpm readsReport(ScriptedTpm tpm, byte[] nvContents) {
    tpm.expect(READ_PUBLIC_REPORT, readPublicResponse(0x01400001, nvContents.length));
    for (int offset = 0; offset < nvContents.length; offset += 512) {
      int length = Math.min(512, nvContents.length - offset);
      String command = "8002" + "00000023" + "0000014e" + "40000001" + "01400001" + PASSWORD_SESSION
          + String.format("%04x%04x", length, offset);
      tpm.expect(command, readResponse(Arrays.copyOfRange(nvContents, offset, offset + length)));
    }
    return tpm;
  }

  /** The VCEK chain of the recorded SNP report, as the metadata service would give it. */
  private static final AzureImds SNP_IMDS = new AzureImds() {
    @Override
    public byte[] tdQuote(byte[] tdReport) {
      throw new AssertionError("an SNP report needs no TD quote");
    }

    @Override
    public java.util.List<byte[]> vcekChain() {
      return TrusteeVectors.certificates("az-snp-vtpm/vcek.pem").stream().map(AzureVtpmProviderTest::der).toList();
    }
  };

  private static byte[] der(java.security.cert.X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A local server standing in for the metadata service, answering {@code path} with {@code body}. */
  private static HttpServer imds(String path, int status, String body, AtomicReference<String> requested) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(path, exchange -> {
      requested.set(exchange.getRequestHeaders().getFirst("Metadata") + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static URI address(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void snpWritesTheUserDataReadsTheReportAndItVerifies() {
    byte[] nv = TrusteeVectors.file("az-snp-vtpm/hcl-report.bin");
    ScriptedTpm tpm = new ScriptedTpm()
        .expect(READ_PUBLIC_USER_DATA, readPublicResponse(0x01400002, 64))
        .expect(writeCommand(ZERO), writeResponse());
    readsReport(tpm, nv);

    AttestationProvider.RawEvidence raw = new AzureVtpmProvider(tpm, SNP_IMDS).attest(ZERO);

    tpm.assertDone();
    assertThat(raw.type()).isEqualTo(EvidenceType.AZURE_VTPM);
    assertThat(raw.quote().orElseThrow()).isEqualTo(HclReport.parse(nv).bytes());
    Evidence evidence = new Evidence(raw.type(), ZERO, raw.quote(), ReportData.nonce(null), java.util.Optional.empty(), java.util.List.of(), raw.certificates());
    Verdict verdict = new EvidenceVerifier().verify(Evidence.fromJson(evidence.toJson()),
        VerificationPolicy.strict().withNow(HclVerifierTest.AT).withExpectedReportData(ZERO));
    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("vcek_chain").orElseThrow().status()).isEqualTo(Check.Status.PASS);
  }

  @Test
  void undefinedUserDataIndexIsDefinedFirst() {
    String define = "8002" + "0000002d" + "0000012a" + "40000001" + PASSWORD_SESSION + "0000"
        + "000e" + "01400002" + "000b" + "00060006" + "0000" + "0040";
    ScriptedTpm tpm = new ScriptedTpm()
        .expect(READ_PUBLIC_USER_DATA, response(0x8001, 0x18B, new byte[0]))
        .expect(define, writeResponse())
        .expect(writeCommand(ZERO), writeResponse());
    readsReport(tpm, TrusteeVectors.file("az-snp-vtpm/hcl-report.bin"));

    new AzureVtpmProvider(tpm, SNP_IMDS).attest(ZERO);

    tpm.assertDone();
  }

  @Test
  void aReportThatDoesNotCarryTheWrittenUserDataIsRefused() {
    BLSPubkey key = BLSPubkey.fromHex("0x" + "a1".repeat(48));
    byte[] reportData = ReportData.forKey(key, new byte[] {7});
    ScriptedTpm tpm = new ScriptedTpm()
        .expect(READ_PUBLIC_USER_DATA, readPublicResponse(0x01400002, 64))
        .expect(writeCommand(reportData), writeResponse());
    readsReport(tpm, TrusteeVectors.file("az-snp-vtpm/hcl-report.bin"));

    assertThatThrownBy(() -> new AzureVtpmProvider(tpm, SNP_IMDS).keyEvidence(key, new byte[] {7}))
        .isInstanceOf(AttestationException.class).hasMessageContaining("did not refresh the report");
  }

  @Test
  void tpmErrorsNameTheCommandAndCode() {
    ScriptedTpm tpm = new ScriptedTpm()
        .expect(READ_PUBLIC_USER_DATA, readPublicResponse(0x01400002, 64))
        .expect(writeCommand(ZERO), response(0x8002, 0x149, new byte[0]));

    assertThatThrownBy(() -> new AzureVtpmProvider(tpm, SNP_IMDS).attest(ZERO))
        .hasMessageContaining("TPM2_NV_Write of NV index 0x1400002 failed with TPM response code 0x149");
  }

  @Test
  void tooSmallUserDataIndexIsRefused() {
    ScriptedTpm tpm = new ScriptedTpm().expect(READ_PUBLIC_USER_DATA, readPublicResponse(0x01400002, 32));

    assertThatThrownBy(() -> new AzureVtpmProvider(tpm, SNP_IMDS).attest(ZERO)).hasMessageContaining("holds 32 bytes");
  }

  @Test
  void tdxReportIsTurnedIntoAQuoteByTheMetadataServiceAndVerifies() throws IOException {
    byte[] nv = TrusteeVectors.file("az-tdx-vtpm/hcl-report.bin");
    byte[] tdQuote = TrusteeVectors.file("az-tdx-vtpm/td-quote.bin");
    AtomicReference<String> requested = new AtomicReference<>();
    HttpServer server = imds("/acc/tdquote", 200, "{\"quote\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(tdQuote) + "\"}", requested);
    try {
      ScriptedTpm tpm = new ScriptedTpm()
          .expect(READ_PUBLIC_USER_DATA, readPublicResponse(0x01400002, 64))
          .expect(writeCommand(ZERO), writeResponse());
      readsReport(tpm, nv);

      AttestationProvider.RawEvidence raw = new AzureVtpmProvider(tpm, new AzureImdsClient(address(server))).attest(ZERO);

      String expectedReport = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(nv, 32, 32 + 1024));
      assertThat(requested.get()).isEqualTo("true {\"report\":\"" + expectedReport + "\"}");
      Verdict verdict = new EvidenceVerifier().verify(raw.quote().orElseThrow(),
          VerificationPolicy.strict().withNow(HclVerifierTest.AT).withExpectedReportData(ZERO));
      assertThat(verdict.failures()).isEmpty();
      assertThat(verdict.check("td_report").orElseThrow().status()).isEqualTo(Check.Status.PASS);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void vcekChainComesFromTheMetadataServicesPem() throws IOException {
    String pem = new String(TrusteeVectors.file("az-snp-vtpm/vcek.pem"), StandardCharsets.US_ASCII);
    int second = pem.indexOf("-----BEGIN CERTIFICATE-----", 1);
    String body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
        .put("vcekCert", pem.substring(0, second)).put("certificateChain", pem.substring(second)).toString();
    AtomicReference<String> requested = new AtomicReference<>();
    HttpServer server = imds("/metadata/THIM/amd/certification", 200, body, requested);
    try {
      java.util.List<byte[]> chain = new AzureImdsClient(address(server)).vcekChain();

      assertThat(chain).hasSize(3);
      assertThat(chain.get(0)).isEqualTo(SNP_IMDS.vcekChain().get(0));
      assertThat(requested.get()).startsWith("true");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void metadataServiceErrorsAreNamed() throws IOException {
    HttpServer failing = imds("/acc/tdquote", 503, "", new AtomicReference<>());
    HttpServer noQuote = imds("/acc/tdquote", 200, "{}", new AtomicReference<>());
    try {
      assertThatThrownBy(() -> new AzureImdsClient(address(failing)).tdQuote(new byte[1024])).hasMessageContaining("answered HTTP 503");
      assertThatThrownBy(() -> new AzureImdsClient(address(noQuote)).tdQuote(new byte[1024])).hasMessageContaining("no \"quote\" string");
      assertThatThrownBy(() -> new AzureImdsClient(address(noQuote)).vcekChain()).hasMessageContaining("answered HTTP 404");
    } finally {
      failing.stop(0);
      noQuote.stop(0);
    }
  }

  @Test
  void missingDeviceSaysWhatIsExpected(@TempDir Path root) {
    AttestationProvider provider = AttestationProviders.create("azure-vtpm", root);

    assertThat(provider.name()).isEqualTo("azure-vtpm");
    assertThatThrownBy(() -> provider.attest(ZERO)).isInstanceOf(AttestationException.class)
        .hasMessageContaining("dev/tpmrm0 does not exist");
  }
}

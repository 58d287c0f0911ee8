package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.vigil.spec.BLSPubkey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --attestation nitro} against devices answering as the NSM does: the real recorded document
 * wrapped in the NSM's response, documents built over a test chain for the request's user_data,
 * the NSM's error answer, and the real ioctl path on a machine without {@code /dev/nsm}.
 */
class NitroProviderTest {
  private static final BLSPubkey KEY = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final byte[] NONCE = {9, 9, 9};
  private static final NitroDocuments.Chain CHAIN = NitroDocuments.Chain.create();
  @TempDir Path root;

  /** Records each request and answers with {@code answer(request)}. */
  private static final class RecordingNsm implements NsmDevice {
    final List<JsonNode> requests = new ArrayList<>();
    final Function<JsonNode, byte[]> answer;

    RecordingNsm(Function<JsonNode, byte[]> answer) {
      this.answer = answer;
    }

    @Override
    public byte[] call(byte[] request) {
      try {
        JsonNode decoded = new CBORMapper().readTree(request);
        requests.add(decoded);
        return answer.apply(decoded);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A module that signs, over the test chain, a document with the request's user_data and nonce. */
  private static byte[] signed(JsonNode request) {
    try {
      NitroDocuments.Builder builder = new NitroDocuments.Builder(CHAIN);
      builder.userData = Optional.of(request.path("Attestation").get("user_data").binaryValue());
      builder.nonce = Optional.of(request.path("Attestation").get("nonce").binaryValue());
      return NitroDocuments.attestationResponse(builder.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void requestCarriesTheKeygenBindingAndItsNonce() throws IOException {
    RecordingNsm nsm = new RecordingNsm(NitroProviderTest::signed);

    new NitroProvider(nsm).keyEvidence(KEY, NONCE);

    JsonNode attestation = nsm.requests.get(0).get("Attestation");
    byte[] reportData = ReportData.forKey(KEY, NONCE);
    assertThat(attestation.get("user_data").binaryValue()).isEqualTo(reportData);
    assertThat(attestation.get("nonce").binaryValue()).isEqualTo(Arrays.copyOfRange(reportData, 32, 64));
    assertThat(attestation.get("public_key").isNull()).isTrue();
  }

  @Test
  void keyEvidenceVerifiesEndToEnd() {
    Evidence evidence = new NitroProvider(new RecordingNsm(NitroProviderTest::signed)).keyEvidence(KEY, NONCE);

    Verdict verdict = new EvidenceVerifier().verify(Evidence.fromJson(evidence.toJson()),
        VerificationPolicy.strict().withAnchors(CHAIN.anchors()).withNow(NitroDocuments.TIME)
            .withPubkey(KEY).withNonce(ReportData.nonce(NONCE)));

    assertThat(evidence.type()).isEqualTo(EvidenceType.NITRO);
    assertThat(verdict.failures()).isEmpty();
  }

  @Test
  void signerEvidenceBindsTheKeySet() {
    BLSPubkey other = BLSPubkey.fromHex("0x" + "b2".repeat(48));
    Evidence evidence = new NitroProvider(new RecordingNsm(NitroProviderTest::signed)).signerEvidence(List.of(other, KEY), NONCE);

    Verdict verdict = new EvidenceVerifier().verify(evidence,
        VerificationPolicy.strict().withAnchors(CHAIN.anchors()).withNow(NitroDocuments.TIME).withPubkey(KEY));

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.check("report_data").orElseThrow().reason()).contains("vigil/signer/v1");
  }

  @Test
  void recordedRealDocumentThatDoesNotCarryTheRequestIsRefused() {
    NitroProvider provider = new NitroProvider(new RecordingNsm(request -> NitroDocuments.attestationResponse(NitroDocuments.real("nitro_attestation"))));

    assertThatThrownBy(() -> provider.keyEvidence(KEY, NONCE))
        .isInstanceOf(AttestationException.class).hasMessageContaining("does not carry the report data asked for");
  }

  @Test
  void errorAnswerIsReported() {
    byte[] error = NitroDocuments.cbor(gen -> {
      gen.writeStartObject(1);
      gen.writeFieldName("Error");
      gen.writeString("InvalidArgument");
      gen.writeEndObject();
    });
    NitroProvider provider = new NitroProvider(new RecordingNsm(request -> error));

    assertThatThrownBy(() -> provider.keyEvidence(KEY, NONCE))
        .isInstanceOf(AttestationException.class).hasMessageContaining("refused the attestation request: InvalidArgument");
  }

  @Test
  void outsideAnEnclaveTheMissingDeviceIsNamed() {
    AttestationProvider provider = AttestationProviders.create("nitro", root);

    assertThatThrownBy(() -> provider.keyEvidence(KEY, NONCE))
        .isInstanceOf(AttestationException.class).hasMessageContaining(root.resolve("dev/nsm") + " does not exist");
  }

  @Test
  void aFileThatIsNotTheModuleIsRefusedByTheIoctl() throws IOException {
    Files.createDirectories(root.resolve("dev"));
    Files.write(root.resolve("dev/nsm"), new byte[0]);

    assertThatThrownBy(() -> AttestationProviders.create("nitro", root).keyEvidence(KEY, NONCE))
        .isInstanceOf(AttestationException.class).hasMessageContaining("is not the Nitro Secure Module");
  }

  @Test
  void ioctlRequestCodeIsNsmIoctlRequest() {
    // _IOWR(0x0A, 0, struct nsm_message) with two 16-byte iovecs on a 64-bit kernel.
    assertThat(NsmIoctlDevice.requestCode(8)).isEqualTo(0xC0200A00L);
  }

  @Test
  void anNsmAnswerNestedDeeperThanTheJsonBoundIsRefused() {
    // 100 nested one-element CBOR arrays (0x81 each) around an empty map: deeper than BoundedJson allows.
    byte[] nested = new byte[101];
    Arrays.fill(nested, 0, 100, (byte) 0x81);
    nested[100] = (byte) 0xa0;

    assertThatThrownBy(() -> new NitroProvider(request -> nested).keyEvidence(KEY, NONCE))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("not CBOR").hasMessageContaining("nesting depth");
  }
}

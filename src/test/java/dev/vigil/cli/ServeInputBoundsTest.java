package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spec.BLSPubkey;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §2 over HTTP, without a token: hostile bodies are refused by checks that look at their
 * length or the URL first. Each assertion names a message or status only such a check produces, so
 * the test shows which path answered rather than timing it.
 */
class ServeInputBoundsTest {
  @TempDir static Path dir;
  private static SignerFixture signer;
  private static BLSPubkey key;

  @BeforeAll
  static void start() throws Exception {
    key = SignerFixture.sealTestKeys(dir, 1).get(0);
    signer = SignerFixture.start(dir);
  }

  @AfterAll
  static void stop() {
    signer.close();
  }

  private static HttpResponse<String> sign(BLSPubkey pubkey, String body) throws Exception {
    return signer.postJson("/api/v1/eth2/sign/" + pubkey.toHexString(), body, "application/json");
  }

  @Test
  void millionDigitSlotIsRefusedByItsLength() throws Exception {
    HttpResponse<String> response = sign(key, Requests.aggregationSlot("9".repeat(1_000_000)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("aggregation_slot.slot: more than 20 digits").hasSizeLessThan(2048);
  }

  @Test
  void deeplyNestedBodyIsRefused() throws Exception {
    String nested = "[".repeat(200) + "]".repeat(200);
    HttpResponse<String> response = sign(key, "{\"type\":\"ATTESTATION\",\"attestation\":" + nested + "}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("nesting depth");
  }

  @Test
  void unknownKeyIs404BeforeTheBodyIsRead() throws Exception {
    BLSPubkey unknown = SignerFixture.testKey(99).publicKey().toBytes();
    HttpResponse<String> response = sign(unknown, "{not json at all");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no key loaded for public key " + unknown);
  }

  @Test
  void hugeTypeIsNotEchoedBack() throws Exception {
    String type = "X".repeat(3 * 1024 * 1024);
    HttpResponse<String> response = sign(key, "{\"type\":\"" + type + "\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("type: unknown signing type 'XXXX").hasSizeLessThan(1024);
  }

  @Test
  void oversizedHexRootIsRefusedByItsLength() throws Exception {
    String body = Requests.attestation(1, 2, "0x" + "zz".repeat(1_000_000));
    HttpResponse<String> response = sign(key, body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("attestation.beacon_block_root: expected 32 bytes of hex, got 1000000");
  }

  @Test
  void honestRequestStillSigns() throws Exception {
    assertThat(sign(key, Requests.attestation(1, 2, Requests.root(1))).statusCode()).isEqualTo(200);
  }
}

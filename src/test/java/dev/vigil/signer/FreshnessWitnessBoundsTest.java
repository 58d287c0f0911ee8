package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.protection.Highs;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.signer.FreshnessEnvelope.Direction;
import dev.vigil.signer.FreshnessMessage.Kind;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a caller of the witness routes can make the witness do (issue 12 §2): without the key, no
 * more than one bounded pass to find the claimed identity and the MAC check; with it, no more keys
 * than a raise may carry, counted before any is decoded.
 */
class FreshnessWitnessBoundsTest {
  private static final Bytes32 GVR = filled(0x6e);
  private static final String TOKEN = "shared-token";

  @TempDir Path dir;
  private SlashingProtection store;
  private FreshnessWitness witness;

  @BeforeEach
  void start() {
    store = SlashingProtectionStores.open(null, dir, PruningPolicy.OFF);
    witness = new FreshnessWitness(store, Map.of("alpha", TOKEN, "beta", "beta-token"), Optional.empty());
  }

  @AfterEach
  void stop() {
    store.close();
  }

  @Test
  void payloadIsNotDecodedBeforeItsMacVerifies() {
    String payload = "{\"kind\":\"raise\",\"signer_identity\":\"alpha\",\"counter\":\"not a number\",\"highs\":[]}";
    CompletableFuture<ObjectNode> answer = witness.raise(sealed("wrong-token", payload));
    FreshnessWitness.Refused refused = refusal(answer);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.getMessage()).startsWith("mac:");
    assertThat(store.witnessedHighs("alpha")).isEmpty();
  }

  @Test
  void deeplyNestedPayloadIsRefusedByTheBoundedReaderBeforeTheMac() {
    String payload = "{\"x\":" + "[".repeat(200) + "]".repeat(200) + ",\"signer_identity\":\"alpha\"}";
    FreshnessWitness.Refused refused = refusal(witness.raise(sealed("wrong-token", payload)));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.getMessage()).contains("nesting depth").contains("64");
  }

  @Test
  void millionDigitNumberInThePayloadIsRefusedOnItsLength() {
    String payload = "{\"x\":" + "9".repeat(1_000_000) + ",\"signer_identity\":\"alpha\"}";
    FreshnessWitness.Refused refused = refusal(witness.raise(sealed("wrong-token", payload)));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.getMessage()).contains("Number value length").contains("64");
  }

  @Test
  void raiseOfMoreKeysThanABatchIsRefusedAndStoresNothing() {
    Map<BLSPubkey, Highs> highs = new LinkedHashMap<>();
    for (int i = 0; i <= WitnessLink.MAX_BATCH_KEYS; i++) {
      byte[] key = new byte[BLSPubkey.SIZE];
      key[0] = (byte) (i >> 8);
      key[1] = (byte) i;
      highs.put(new BLSPubkey(key), Highs.ofBlock(i));
    }
    String payload = new FreshnessMessage(Kind.RAISE, "alpha", Optional.of(GVR), 1, filled(7), highs).toPayload();
    FreshnessWitness.Refused refused = refusal(witness.raise(sealed(TOKEN, payload)));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.getMessage()).contains("exceeds its limit of " + WitnessLink.MAX_BATCH_KEYS);
    assertThat(store.witnessedHighs("alpha")).isEmpty();
  }

  @Test
  void signerIdentityGivenTwiceIsRefused() {
    String payload = new FreshnessMessage(Kind.RAISE, "alpha", Optional.of(GVR), 1, filled(7),
        Map.of(new BLSPubkey(new byte[BLSPubkey.SIZE]), Highs.ofBlock(5))).toPayload();
    String twice = payload.substring(0, payload.length() - 1) + ",\"signer_identity\":\"beta\"}";
    FreshnessWitness.Refused refused = refusal(witness.raise(sealed(TOKEN, twice)));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.getMessage()).contains("signer_identity");
    assertThat(store.witnessedHighs("alpha")).isEmpty();
    assertThat(store.witnessedHighs("beta")).isEmpty();
  }

  private static ObjectNode sealed(String token, String payload) {
    return FreshnessEnvelope.seal(FreshnessEnvelope.tokenKey(token, "alpha"), Direction.REQUEST, "s1", payload).toJson();
  }

  private static FreshnessWitness.Refused refusal(CompletableFuture<ObjectNode> answer) {
    try {
      answer.join();
      throw new AssertionError("accepted");
    } catch (CompletionException e) {
      return (FreshnessWitness.Refused) e.getCause();
    }
  }

  private static Bytes32 filled(int value) {
    byte[] bytes = new byte[Bytes32.SIZE];
    Arrays.fill(bytes, (byte) value);
    return new Bytes32(bytes);
  }

}

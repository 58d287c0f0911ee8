package dev.vigil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.crypto.InvalidPointException.Reason;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Hex;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlsSecretKeyTest {
  private static final byte[] MESSAGE = Hex.decode("0x5656565656565656565656565656565656565656565656565656565656565656");

  @Test
  void refusesZeroOrderAndWrongLength() {
    assertThatThrownBy(() -> BlsSecretKey.fromBytes(new byte[32])).hasMessageContaining("zero");
    byte[] order = BlsSecretKey.toBytes32(BlsSecretKey.CURVE_ORDER);
    assertThatThrownBy(() -> BlsSecretKey.fromBytes(order)).hasMessageContaining("curve order");
    byte[] all = new byte[32];
    Arrays.fill(all, (byte) 0xFF);
    assertThatThrownBy(() -> BlsSecretKey.fromBytes(all)).hasMessageContaining("curve order");
    assertThatThrownBy(() -> BlsSecretKey.fromBytes(new byte[31])).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> BlsSecretKey.fromInteger(BigInteger.ZERO)).hasMessageContaining("[1, r)");
    try (BlsSecretKey largest = BlsSecretKey.fromInteger(BlsSecretKey.CURVE_ORDER.subtract(BigInteger.ONE));
        BlsSecretKey one = BlsSecretKey.fromInteger(BigInteger.ONE)) {
      assertThat(largest.toBytes()).isEqualTo(BlsSecretKey.toBytes32(BlsSecretKey.CURVE_ORDER.subtract(BigInteger.ONE)));
      // 1·G1 is the generator, whose compressed form is well known.
      assertThat(one.publicKey().toBytes().toHexString()).isEqualTo(
          "0x97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb");
    }
  }

  @Test
  void signsRootsAsBytes() {
    try (BlsSecretKey key = BlsSecretKey.generate(new SecureRandom())) {
      Bytes32 root = new Bytes32(MESSAGE);
      BlsSignature signature = key.sign(root);
      assertThat(signature).isEqualTo(key.sign(MESSAGE));
      assertThat(Bls.verify(key.publicKey(), MESSAGE, signature)).isTrue();
      assertThat(Bls.verify(key.publicKey(), new byte[32], signature)).isFalse();
    }
  }

  @Test
  void destroyWipesAndStopsSigning() {
    BlsSecretKey key = BlsSecretKey.generate(new SecureRandom());
    BLSPubkey publicKey = key.publicKey().toBytes();
    key.close();
    assertThat(key.isDestroyed()).isTrue();
    assertThatThrownBy(() -> key.sign(MESSAGE)).isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
    assertThatThrownBy(key::toBytes).isInstanceOf(IllegalStateException.class);
    assertThat(key.publicKey().toBytes()).isEqualTo(publicKey);
  }

  @Test
  void toStringShowsOnlyThePublicKey() {
    byte[] secret = Hex.decode("0x263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3");
    try (BlsSecretKey key = BlsSecretKey.fromBytes(secret)) {
      assertThat(key.toString()).contains("not yet derived").doesNotContain("263dbd792f5b1be4");
      BlsPublicKey publicKey = key.publicKey();
      assertThat(key.toString()).contains(publicKey.toString()).doesNotContain("263dbd792f5b1be4");
    }
  }

  @Test
  void generatesDistinctValidKeys() {
    SecureRandom random = new SecureRandom();
    try (BlsSecretKey a = BlsSecretKey.generate(random); BlsSecretKey b = BlsSecretKey.generate(random)) {
      assertThat(a.publicKey()).isNotEqualTo(b.publicKey());
      assertThat(BlsPublicKey.fromBytes(a.publicKey().toBytes())).isEqualTo(a.publicKey());
    }
  }

  @Test
  void publicKeyRefusalsNameTheCheck() {
    InvalidPointException infinity = (InvalidPointException) catchThrowable(
        () -> BlsPublicKey.fromBytes(Hex.decode("0xc0" + "00".repeat(47))));
    assertThat(infinity.reason()).isEqualTo(Reason.INFINITY);
    assertThat(infinity.getMessage()).isEqualTo("public key: point at infinity is not a valid public key");
    InvalidPointException length = (InvalidPointException) catchThrowable(
        () -> BlsPublicKey.fromBytes(new byte[47]));
    assertThat(length.reason()).isEqualTo(Reason.WRONG_LENGTH);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("knownKeyPairs")
  void knownSecretKeysGiveTheirPublicKeys(String name, String sk, String pk) {
    try (BlsSecretKey key = BlsSecretKey.fromBytes(Hex.decode(sk))) {
      assertThat(key.publicKey().toBytes().toHexString()).isEqualTo(pk);
    }
  }

  static Stream<Arguments> knownKeyPairs() throws IOException {
    JsonNode extracted = new ObjectMapper().readTree(Vectors.path("deposit-data/EXTRACTED_vectors.json").toFile());
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode k : extracted.at("/web3signer_deposit_keys/keys")) {
      cases.add(Arguments.of("web3signer deposit key " + k.get("pk").asText().substring(0, 12), k.get("sk").asText(), k.get("pk").asText()));
    }
    return cases.stream();
  }
}

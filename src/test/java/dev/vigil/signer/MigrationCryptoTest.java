package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MigrationCryptoTest {
  // RFC 7748 section 6.1.
  private static final String ALICE_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
  private static final String ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
  private static final String BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
  private static final String SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
  private static final BLSPubkey KEY_A = BLSPubkey.fromHex("0x" + "a1".repeat(48));
  private static final BLSPubkey KEY_B = BLSPubkey.fromHex("0x" + "b2".repeat(48));
  private final SecureRandom random = new SecureRandom();

  private static PrivateKey alice() throws Exception {
    return KeyFactory.getInstance("X25519")
        .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, Hex.decode(ALICE_PRIVATE)));
  }

  @Test
  void x25519MatchesRfc7748() throws Exception {
    assertThat(Hex.encodeBare(MigrationCrypto.agree(alice(), Bytes32.fromHex(BOB_PUBLIC), "peer"))).isEqualTo(SHARED);
  }

  @Test
  void rawPublicKeyIsLittleEndianU() throws Exception {
    byte[] raw = Hex.decode(ALICE_PUBLIC);
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = raw[31 - i];
    }
    var publicKey = KeyFactory.getInstance("X25519")
        .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
    assertThat(MigrationCrypto.rawPublicKey(publicKey)).isEqualTo(Bytes32.fromHex(ALICE_PUBLIC));
  }

  @Test
  void generatedPairsAgree() {
    KeyPair a = MigrationCrypto.generateKeyPair(random);
    KeyPair b = MigrationCrypto.generateKeyPair(random);
    assertThat(MigrationCrypto.agree(a.getPrivate(), MigrationCrypto.rawPublicKey(b.getPublic()), "b"))
        .isEqualTo(MigrationCrypto.agree(b.getPrivate(), MigrationCrypto.rawPublicKey(a.getPublic()), "a"));
  }

  @Test
  void smallOrderAndNonCanonicalPeerKeysAreRefusedNamingTheField() {
    assertThatThrownBy(() -> MigrationCrypto.agree(alice(), Bytes32.ZERO, "sender_public_key"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sender_public_key: ");
    byte[] topBit = Hex.decode(BOB_PUBLIC);
    topBit[31] |= (byte) 0x80;
    assertThatThrownBy(() -> MigrationCrypto.agree(alice(), new Bytes32(topBit), "offer.public_key"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("offer.public_key: ");
  }

  @Test
  void offerReportDataIsHashOfLabelKeyAndNonceThenNonce() throws Exception {
    Bytes32 publicKey = Bytes32.fromHex(ALICE_PUBLIC);
    Bytes32 nonce = Bytes32.fromHex("0x" + "5e".repeat(32));
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update("vigil/migrate/v1".getBytes(StandardCharsets.US_ASCII));
    sha256.update(publicKey.toArray());
    sha256.update(nonce.toArray());
    assertThat(Hex.encode(MigrationCrypto.offerReportData(publicKey, nonce)))
        .isEqualTo(Hex.encode(sha256.digest()) + "5e".repeat(32));
  }

  @Test
  void transcriptCoversHistoryAndKeyOrder() {
    Bytes32 r = Bytes32.fromHex(ALICE_PUBLIC);
    Bytes32 s = Bytes32.fromHex(BOB_PUBLIC);
    byte[] base = MigrationCrypto.transcript(r, s, Bytes32.ZERO, Optional.of("{}"), List.of(KEY_A, KEY_B));
    assertThat(List.of(
            MigrationCrypto.transcript(s, r, Bytes32.ZERO, Optional.of("{}"), List.of(KEY_A, KEY_B)),
            MigrationCrypto.transcript(r, s, Bytes32.fromHex("0x" + "01".repeat(32)), Optional.of("{}"), List.of(KEY_A, KEY_B)),
            MigrationCrypto.transcript(r, s, Bytes32.ZERO, Optional.of("{ }"), List.of(KEY_A, KEY_B)),
            MigrationCrypto.transcript(r, s, Bytes32.ZERO, Optional.empty(), List.of(KEY_A, KEY_B)),
            MigrationCrypto.transcript(r, s, Bytes32.ZERO, Optional.of("{}"), List.of(KEY_B, KEY_A)),
            MigrationCrypto.transcript(r, s, Bytes32.ZERO, Optional.of("{}"), List.of(KEY_A))))
        .allSatisfy(other -> assertThat(other).isNotEqualTo(base));
  }

  @Test
  void sealedSecretOpensOnlyWithItsKeyAndPubkey() throws Exception {
    byte[] secret = new byte[32];
    secret[31] = 7;
    SecretKeySpec key = MigrationCrypto.packageKey(new byte[32], new byte[32]);
    SecretKeySpec otherKey = MigrationCrypto.packageKey(new byte[32], new byte[] {1});
    byte[] sealed = MigrationCrypto.seal(key, secret, KEY_A, random);

    assertThat(MigrationCrypto.open(key, sealed, KEY_A)).isEqualTo(secret);
    assertThatThrownBy(() -> MigrationCrypto.open(key, sealed, KEY_B)).isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> MigrationCrypto.open(otherKey, sealed, KEY_A)).isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> MigrationCrypto.open(key, java.util.Arrays.copyOf(sealed, 40), KEY_A))
        .isInstanceOf(AEADBadTagException.class);
  }
}

package dev.vigil.signer;

import dev.vigil.attestation.AttestationProvider;
import dev.vigil.attestation.Evidence;
import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.keys.SealedKeyStore;
import dev.vigil.spec.BLSPubkey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates keys inside the process from the operating system's secure random source. A key is
 * attested first, then sealed to disk, then made available for signing; if any step fails the key
 * is discarded, so there is never a key without evidence or an unsealed key that signs.
 */
public final class KeyGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(KeyGenerator.class);
  public static final int MAX_COUNT = 1000;

  /** A generated public key with the evidence that binds it to this signer. */
  public record GeneratedKey(BLSPubkey pubkey, Evidence evidence) {}

  private final KeyRing keys;
  private final SealedKeyStore sealedKeys;
  private final AttestationProvider attestation;
  private final SecureRandom random;

  public KeyGenerator(KeyRing keys, SealedKeyStore sealedKeys, AttestationProvider attestation, SecureRandom random) {
    this.keys = keys;
    this.sealedKeys = sealedKeys;
    this.attestation = attestation;
    this.random = random;
  }

  public List<GeneratedKey> generate(int count, byte[] nonce) {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count: must be between 1 and " + MAX_COUNT + ", got " + count);
    }
    List<GeneratedKey> generated = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BlsSecretKey secretKey = BlsSecretKey.generate(random);
      BLSPubkey pubkey = secretKey.publicKey().toBytes();
      Evidence evidence;
      byte[] secret = secretKey.toBytes();
      try {
        evidence = attestation.keyEvidence(pubkey, nonce);
        sealedKeys.put(pubkey, secret);
      } catch (RuntimeException e) {
        secretKey.destroy();
        throw e;
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
      keys.add(pubkey, secretKey);
      generated.add(new GeneratedKey(pubkey, evidence));
    }
    LOG.info("generated {} key(s) with {} evidence", count, attestation.name());
    return generated;
  }
}

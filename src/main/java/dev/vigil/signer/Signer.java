package dev.vigil.signer;

import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.protection.Decision;
import dev.vigil.protection.ProtectionUnavailableException;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The one place where a signature is made. For a block or an attestation, slashing protection
 * checks and durably records the message before the signature is computed, so no signature leaves
 * the process without its record. Signing runs on a bounded pool (about one thread per core), never
 * on the HTTP threads.
 */
public final class Signer {
  private final KeyRing keys;
  private final SlashingProtection protection;
  private final Executor signingPool;
  private final SigningMetrics metrics;
  /** Signings hold it shared; removing keys holds it exclusively, so none is in flight afterwards. */
  private final ReadWriteLock keyRemoval = new ReentrantReadWriteLock();

  public Signer(KeyRing keys, SlashingProtection protection, Executor signingPool, SigningMetrics metrics) {
    this.keys = keys;
    this.protection = protection;
    this.signingPool = signingPool;
    this.metrics = metrics;
  }

  /**
   * Signs a message with the key of {@code pubkey}. Completes exceptionally with
   * {@link UnknownKeyException}, {@link SigningRefusedException} or
   * {@link ProtectionUnavailableException}.
   */
  public CompletableFuture<BLSSignature> sign(BLSPubkey pubkey, SignableMessage message) {
    long start = System.nanoTime();
    BlsSecretKey secretKey = keys.get(pubkey).orElse(null);
    if (secretKey == null) {
      metrics.outcome(message.type(), "unknown_key");
      return CompletableFuture.failedFuture(new UnknownKeyException(pubkey));
    }
    return CompletableFuture.supplyAsync(() -> signNow(pubkey, secretKey, message, start), signingPool);
  }

  private BLSSignature signNow(BLSPubkey pubkey, BlsSecretKey secretKey, SignableMessage message, long start) {
    keyRemoval.readLock().lock();
    try {
      if (!keys.contains(pubkey)) {
        metrics.outcome(message.type(), "unknown_key");
        throw new UnknownKeyException(pubkey);
      }
      message.slashable().ifPresent(data -> checkAndRecord(pubkey, message, data));
      BLSSignature signature = secretKey.sign(message.signingRoot()).toBytes();
      metrics.signed(message.type(), System.nanoTime() - start);
      return signature;
    } finally {
      keyRemoval.readLock().unlock();
    }
  }

  /**
   * Removes keys from the ring and waits until no signing with them is in flight, so that what
   * slashing protection holds afterwards is their complete history. Returns the keys that were loaded.
   */
  public List<BLSPubkey> removeKeys(Collection<BLSPubkey> pubkeys) {
    keyRemoval.writeLock().lock();
    try {
      List<BLSPubkey> removed = new ArrayList<>();
      for (BLSPubkey pubkey : pubkeys) {
        if (keys.remove(pubkey)) {
          removed.add(pubkey);
        }
      }
      return removed;
    } finally {
      keyRemoval.writeLock().unlock();
    }
  }

  private Decision decide(BLSPubkey pubkey, SignableMessage message, SlashableData data) {
    if (data instanceof SlashableData.Block block) {
      return protection.checkAndRecordBlock(
          pubkey, block.slot(), message.signingRoot(), block.genesisValidatorsRoot());
    }
    SlashableData.Attestation attestation = (SlashableData.Attestation) data;
    return protection.checkAndRecordAttestation(
        pubkey,
        attestation.sourceEpoch(),
        attestation.targetEpoch(),
        message.signingRoot(),
        attestation.genesisValidatorsRoot());
  }

  private void checkAndRecord(BLSPubkey pubkey, SignableMessage message, SlashableData data) {
    long start = System.nanoTime();
    Decision decision;
    try {
      decision = decide(pubkey, message, data);
    } catch (ProtectionUnavailableException e) {
      metrics.outcome(message.type(), "unavailable");
      throw e;
    } finally {
      metrics.protectionTook(System.nanoTime() - start);
    }
    if (decision instanceof Decision.Refused refused) {
      metrics.outcome(message.type(), "refused");
      throw new SigningRefusedException(refused.refusal());
    }
  }
}

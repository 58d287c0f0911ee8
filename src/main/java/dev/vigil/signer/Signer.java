package dev.vigil.signer;

import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.crypto.RecentMessagePoints;
import dev.vigil.protection.Decision;
import dev.vigil.protection.ProtectionUnavailableException;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.protection.UnpinnedChainException;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.StampedLock;

/**
 * The one place where a signature is made. For a block or an attestation, slashing protection
 * checks and durably records the message before the signature is computed, so no signature leaves
 * the process without its record. Signing runs on a bounded pool (about one thread per core), never
 * on the HTTP threads. The check-and-record waits for a durable commit: it runs on a pool of its
 * own, so that the signing threads never wait on the disk and concurrent records share one commit.
 * A message signed by many validators (one slot's attestation data, one block root for the sync
 * committee) is hashed to the curve once, which is about half the cost of each of its signatures.
 */
public final class Signer {
  private final KeyRing keys;
  private final SlashingProtection protection;
  private final Executor protectionPool;
  private final Executor signingPool;
  private final SigningMetrics metrics;
  private final FreshnessGuard freshness;
  /** Enough for every distinct message of a few slots; an entry costs under 400 bytes. */
  private final RecentMessagePoints messagePoints = new RecentMessagePoints(1024);
  /**
   * Signings hold it shared from the key check to the signature; removing keys holds it exclusively,
   * so none is in flight afterwards. A stamped lock, because a signing takes it on a protection
   * thread and releases it on a signing thread.
   */
  private final StampedLock keyRemoval = new StampedLock();

  public Signer(KeyRing keys, SlashingProtection protection, Executor protectionPool, Executor signingPool,
      SigningMetrics metrics, FreshnessGuard freshness) {
    this.keys = keys;
    this.freshness = freshness;
    this.protection = protection;
    this.protectionPool = protectionPool;
    this.signingPool = signingPool;
    this.metrics = metrics;
    metrics.reportMessagePoints(messagePoints);
  }

  /**
   * Signs a message with the key of {@code pubkey}. Completes exceptionally with
   * {@link UnknownKeyException}, {@link KeyMismatchException}, {@link SigningRefusedException},
   * {@link UnpinnedChainException}, {@link ProtectionUnavailableException} or {@link FreshnessUnavailableException}. A block or an
   * attestation is released only once its record is durable and the freshness guard acknowledged it
   * (the signature is computed meanwhile).
   */
  public CompletableFuture<BLSSignature> sign(BLSPubkey pubkey, SignableMessage message) {
    long start = System.nanoTime();
    BlsSecretKey secretKey = keys.get(pubkey).orElse(null);
    if (secretKey == null) {
      metrics.outcome(message.type(), "unknown_key");
      return CompletableFuture.failedFuture(new UnknownKeyException(pubkey));
    }
    // Checked on first use rather than at load (the public key is derived lazily and cached).
    if (!secretKey.publicKey().toBytes().equals(pubkey)) {
      metrics.outcome(message.type(), "key_mismatch");
      return CompletableFuture.failedFuture(new KeyMismatchException(pubkey));
    }
    if (message.slashable().isEmpty()) {
      // Admitted here, never on a signing thread: a signing thread blocked behind a pending key
      // removal could not run the signings that removal waits for.
      long stamp;
      try {
        stamp = admit(pubkey, message);
      } catch (UnknownKeyException e) {
        return CompletableFuture.failedFuture(e);
      }
      return CompletableFuture.supplyAsync(() -> {
        BLSSignature signature = signNow(stamp, secretKey, message);
        metrics.signed(message.type(), System.nanoTime() - start);
        return signature;
      }, signingPool);
    }
    SlashableData data = message.slashable().get();
    try {
      freshness.requireReady();
    } catch (FreshnessUnavailableException e) {
      metrics.outcome(message.type(), "unavailable");
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(() -> {
          long stamp = admit(pubkey, message);
          try {
            checkAndRecord(pubkey, message, data);
          } catch (RuntimeException | Error e) {
            keyRemoval.unlockRead(stamp);
            throw e;
          }
          return new Recorded(stamp, freshness.acknowledge(pubkey, data));
        }, protectionPool)
        .thenComposeAsync(recorded -> {
          BLSSignature signature = signNow(recorded.stamp(), secretKey, message);
          return recorded.acknowledged().handle((ok, error) -> {
            if (error != null) {
              metrics.outcome(message.type(), "unavailable");
              throw error instanceof RuntimeException runtime ? runtime : new FreshnessUnavailableException(error.getMessage(), error);
            }
            metrics.signed(message.type(), System.nanoTime() - start);
            return signature;
          });
        }, signingPool);
  }

  /** A durable record: the key-removal stamp held and the freshness acknowledgement under way. */
  private record Recorded(long stamp, CompletableFuture<Void> acknowledged) {}

  /** Takes the key-removal lock shared (returning its stamp) if the key is still loaded. */
  private long admit(BLSPubkey pubkey, SignableMessage message) {
    long stamp = keyRemoval.readLock();
    if (!keys.contains(pubkey)) {
      keyRemoval.unlockRead(stamp);
      metrics.outcome(message.type(), "unknown_key");
      throw new UnknownKeyException(pubkey);
    }
    return stamp;
  }

  /** Signs (any record already made) and releases the key-removal lock. */
  private BLSSignature signNow(long stamp, BlsSecretKey secretKey, SignableMessage message) {
    try {
      return secretKey.sign(messagePoints.pointOf(message.signingRoot().toArray())).toBytes();
    } finally {
      keyRemoval.unlockRead(stamp);
    }
  }

  /**
   * Removes keys from the ring and waits until no signing with them is in flight, so that what
   * slashing protection holds afterwards is their complete history. Returns the keys that were loaded.
   */
  public List<BLSPubkey> removeKeys(Collection<BLSPubkey> pubkeys) {
    long stamp = keyRemoval.writeLock();
    try {
      List<BLSPubkey> removed = new ArrayList<>();
      for (BLSPubkey pubkey : pubkeys) {
        if (keys.remove(pubkey)) {
          removed.add(pubkey);
        }
      }
      return removed;
    } finally {
      keyRemoval.unlockWrite(stamp);
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
    } catch (UnpinnedChainException e) {
      metrics.outcome(message.type(), "refused");
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

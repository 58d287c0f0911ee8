package dev.vigil.protection;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Slashing protection: decides whether a block or attestation may be signed and durably records it
 * in the same atomic step (DESIGN.md section 2). uint64 values are carried in {@code long}s and
 * always treated as unsigned. Thread-safe.
 */
public interface SlashingProtection extends AutoCloseable {
  /** Checks a block proposal and, when allowed, durably records it before returning. */
  Decision checkAndRecordBlock(
      BLSPubkey pubkey, long slot, Bytes32 signingRoot, Bytes32 genesisValidatorsRoot);

  /** Checks an attestation and, when allowed, durably records it before returning. */
  Decision checkAndRecordAttestation(
      BLSPubkey pubkey,
      long sourceEpoch,
      long targetEpoch,
      Bytes32 signingRoot,
      Bytes32 genesisValidatorsRoot);

  /**
   * {@link #checkAndRecordBlock} without waiting: the future completes once the decision is
   * durably committed (exceptionally with {@link ProtectionUnavailableException} when it cannot
   * be). A caller may compute the signature meanwhile but must release it only after the future
   * completed with {@link Decision.Accepted}. The future may complete on the store's own thread:
   * chain only cheap stages, or use the *Async ones.
   */
  default CompletableFuture<Decision> checkAndRecordBlockAsync(
      BLSPubkey pubkey, long slot, Bytes32 signingRoot, Bytes32 genesisValidatorsRoot) {
    try {
      return CompletableFuture.completedFuture(
          checkAndRecordBlock(pubkey, slot, signingRoot, genesisValidatorsRoot));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link #checkAndRecordAttestation} without waiting; see {@link #checkAndRecordBlockAsync}. */
  default CompletableFuture<Decision> checkAndRecordAttestationAsync(
      BLSPubkey pubkey,
      long sourceEpoch,
      long targetEpoch,
      Bytes32 signingRoot,
      Bytes32 genesisValidatorsRoot) {
    try {
      return CompletableFuture.completedFuture(checkAndRecordAttestation(
          pubkey, sourceEpoch, targetEpoch, signingRoot, genesisValidatorsRoot));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * EIP-3076 import: merges, never lowers protection; all-or-nothing.
   *
   * @throws InterchangeException when the file is malformed or for another chain (nothing imported)
   */
  ImportSummary importInterchange(InputStream json);

  /** EIP-3076 export of the complete history; all keys when {@code pubkeys} is empty. */
  void exportInterchange(OutputStream out, Set<BLSPubkey> pubkeys);

  /** The pinned genesis validators root, if any. Pinning happens on first sight or via pin(). */
  Optional<Bytes32> genesisValidatorsRoot();

  /** Pins the genesis validators root; refuses a different already-pinned root. */
  void pinGenesisValidatorsRoot(Bytes32 gvr);

  /**
   * Prunes history older than the store's {@link PruningPolicy} keeps, raising the low watermarks so
   * that every rule still holds. Does nothing when pruning is off.
   */
  PruneSummary prune();

  /** Prunes as {@link #prune()} does, with the given policy instead of the store's. */
  PruneSummary prune(PruningPolicy policy);

  /**
   * Removes records above the repair's slot / epoch and lowers watermarks to them (see
   * {@link Repair}), all or nothing; with {@code apply} false, only counts what it would change.
   *
   * @throws IllegalArgumentException when a named key has no record in the store (nothing changed)
   */
  RepairSummary repair(Repair repair, boolean apply);

  /**
   * Raises each key's floors to at least these highs, in one transaction: afterwards no block at or
   * below the slot, no attestation with a lower source or a target at or below the target is
   * signed, unless it repeats a recorded message. Floors never fall. Used at start with what a
   * quorum of freshness witnesses reports. (Defaults: for test doubles; both stores implement these.)
   */
  default void raiseFloors(Map<BLSPubkey, Highs> floors) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot raise floors");
  }

  /**
   * As a freshness witness: raises the highs kept for {@code signerIdentity} (never lowering any),
   * pinning the identity to {@code genesisValidatorsRoot} on first sight, and completes once that is
   * durably committed with {@code highs} (each key is now kept at least that high; reading the kept
   * values back would cost a query per key). When the identity is pinned to another chain nothing
   * changes and the result names that chain, with no highs.
   */
  default CompletableFuture<WitnessedHighs> raiseWitnessedHighs(
      String signerIdentity, Bytes32 genesisValidatorsRoot, Map<BLSPubkey, Highs> highs) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot serve as a freshness witness");
  }

  /** As a freshness witness: everything kept for {@code signerIdentity}, empty if it was never told anything. */
  default Optional<WitnessedHighs> witnessedHighs(String signerIdentity) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot serve as a freshness witness");
  }

  /** Whether the store answers (for /healthcheck). */
  boolean isReachable();

  /**
   * Why the store refuses everything until a restart (for /healthcheck), e.g. its database file was
   * deleted or replaced under it; empty while it works or only fails for the moment.
   */
  default Optional<String> fault() {
    return Optional.empty();
  }

  @Override
  void close();
}

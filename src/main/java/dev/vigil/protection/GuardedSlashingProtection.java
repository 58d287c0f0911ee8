package dev.vigil.protection;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The store as signing requests see it: before a block or attestation reaches the store, the
 * {@link RecordingPolicy} refuses a root that may not be pinned on first sight
 * ({@link UnpinnedChainException}) and a slot or epoch beyond the wall clock's bound
 * ({@link Refusal.BeyondWallClock}); nothing is recorded or pinned for either. Everything else is
 * the store's own.
 */
public final class GuardedSlashingProtection implements SlashingProtection {
  private final SlashingProtection store;
  private final RecordingPolicy policy;

  public GuardedSlashingProtection(SlashingProtection store, RecordingPolicy policy) {
    this.store = store;
    this.policy = policy;
  }

  @Override
  public Decision checkAndRecordBlock(BLSPubkey pubkey, long slot, Bytes32 signingRoot, Bytes32 gvr) {
    return blockGuard(slot, gvr).orElseGet(() -> store.checkAndRecordBlock(pubkey, slot, signingRoot, gvr));
  }

  @Override
  public CompletableFuture<Decision> checkAndRecordBlockAsync(
      BLSPubkey pubkey, long slot, Bytes32 signingRoot, Bytes32 gvr) {
    try {
      Optional<Decision> refused = blockGuard(slot, gvr);
      return refused.isPresent()
          ? CompletableFuture.completedFuture(refused.get())
          : store.checkAndRecordBlockAsync(pubkey, slot, signingRoot, gvr);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public Decision checkAndRecordAttestation(
      BLSPubkey pubkey, long source, long target, Bytes32 signingRoot, Bytes32 gvr) {
    return attestationGuard(source, target, gvr)
        .orElseGet(() -> store.checkAndRecordAttestation(pubkey, source, target, signingRoot, gvr));
  }

  @Override
  public CompletableFuture<Decision> checkAndRecordAttestationAsync(
      BLSPubkey pubkey, long source, long target, Bytes32 signingRoot, Bytes32 gvr) {
    try {
      Optional<Decision> refused = attestationGuard(source, target, gvr);
      return refused.isPresent()
          ? CompletableFuture.completedFuture(refused.get())
          : store.checkAndRecordAttestationAsync(pubkey, source, target, signingRoot, gvr);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Optional<Decision> blockGuard(long slot, Bytes32 gvr) {
    requirePinnable(gvr);
    return beyond("block slot", slot, policy.latestSlot(gvr));
  }

  private Optional<Decision> attestationGuard(long source, long target, Bytes32 gvr) {
    requirePinnable(gvr);
    OptionalLong latest = policy.latestEpoch(gvr);
    Optional<Decision> refused = beyond("attestation target epoch", target, latest);
    return refused.isPresent() ? refused : beyond("attestation source epoch", source, latest);
  }

  private void requirePinnable(Bytes32 gvr) {
    if (store.genesisValidatorsRoot().isEmpty() && !policy.pinsOnFirstSight(gvr)) {
      throw new UnpinnedChainException(gvr);
    }
  }

  private static Optional<Decision> beyond(String what, long value, OptionalLong latest) {
    return latest.isPresent() && Long.compareUnsigned(value, latest.getAsLong()) > 0
        ? Optional.of(new Decision.Refused(new Refusal.BeyondWallClock(what, value, latest.getAsLong())))
        : Optional.empty();
  }

  @Override
  public ImportSummary importInterchange(InputStream json) {
    return store.importInterchange(json);
  }

  @Override
  public void exportInterchange(OutputStream out, Set<BLSPubkey> pubkeys) {
    store.exportInterchange(out, pubkeys);
  }

  @Override
  public Optional<Bytes32> genesisValidatorsRoot() {
    return store.genesisValidatorsRoot();
  }

  @Override
  public void pinGenesisValidatorsRoot(Bytes32 gvr) {
    store.pinGenesisValidatorsRoot(gvr);
  }

  @Override
  public PruneSummary prune() {
    return store.prune();
  }

  @Override
  public PruneSummary prune(PruningPolicy pruning) {
    return store.prune(pruning);
  }

  @Override
  public RepairSummary repair(Repair repair, boolean apply) {
    return store.repair(repair, apply);
  }

  @Override
  public void raiseFloors(Map<BLSPubkey, Highs> floors) {
    store.raiseFloors(floors);
  }

  @Override
  public CompletableFuture<WitnessedHighs> raiseWitnessedHighs(
      String signerIdentity, Bytes32 genesisValidatorsRoot, Map<BLSPubkey, Highs> highs) {
    return store.raiseWitnessedHighs(signerIdentity, genesisValidatorsRoot, highs);
  }

  @Override
  public Optional<WitnessedHighs> witnessedHighs(String signerIdentity) {
    return store.witnessedHighs(signerIdentity);
  }

  @Override
  public boolean isReachable() {
    return store.isReachable();
  }

  @Override
  public Optional<String> fault() {
    return store.fault();
  }

  @Override
  public void close() {
    store.close();
  }
}

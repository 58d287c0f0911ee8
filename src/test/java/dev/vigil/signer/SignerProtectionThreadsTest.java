package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.crypto.BlsSecretKey;
import dev.vigil.protection.Decision;
import dev.vigil.protection.ImportSummary;
import dev.vigil.protection.PruneSummary;
import dev.vigil.protection.PruningPolicy;
import dev.vigil.protection.Repair;
import dev.vigil.protection.RepairSummary;
import dev.vigil.protection.SlashingProtection;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Bytes32;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slashing protection waits for a durable commit on threads of its own: the signing threads keep
 * signing meanwhile, and a key's removal still waits for a signing whose record is in progress.
 */
class SignerProtectionThreadsTest {
  private static final Bytes32 GVR = Bytes32.fromHex("0x" + "42".repeat(32));
  private static final Duration GENEROUS = Duration.ofSeconds(30);

  private final ExecutorService protectionPool = Executors.newCachedThreadPool();
  private final ExecutorService signingPool = Executors.newSingleThreadExecutor();
  private final ExecutorService removals = Executors.newSingleThreadExecutor();
  private final BlockingProtection protection = new BlockingProtection();
  private final KeyRing keys = new KeyRing();
  private final Signer signer =
      new Signer(keys, protection, protectionPool, signingPool, SigningMetrics.unregistered(keys::size), FreshnessGuard.NONE);
  private final BlsSecretKey key = BlsSecretKey.fromInteger(BigInteger.valueOf(4242));
  private final BLSPubkey pubkey = key.publicKey().toBytes();

  @AfterEach
  void stop() {
    protection.commit.countDown();
    protectionPool.shutdownNow();
    signingPool.shutdownNow();
    removals.shutdownNow();
  }

  @Test
  void aSigningThreadIsNotHeldWhileARecordWaitsForItsCommit() throws Exception {
    keys.add(pubkey, key);
    CompletableFuture<BLSSignature> attestation = signer.sign(pubkey, attestation());
    protection.entered.await();

    CompletableFuture<BLSSignature> randao = signer.sign(pubkey, SignableMessage.unslashable(ArtifactType.RANDAO_REVEAL, root(2)));

    assertThat(randao).succeedsWithin(GENEROUS);
    assertThat(attestation).isNotDone();
    protection.commit.countDown();
    assertThat(attestation).succeedsWithin(GENEROUS);
  }

  @Test
  void removingAKeyWaitsForTheSigningWhoseRecordIsInProgress() throws Exception {
    keys.add(pubkey, key);
    CompletableFuture<BLSSignature> attestation = signer.sign(pubkey, attestation());
    protection.entered.await();

    CompletableFuture<List<BLSPubkey>> removal =
        CompletableFuture.supplyAsync(() -> signer.removeKeys(List.of(pubkey)), removals);
    Thread.sleep(200); // gives a removal that did not wait the chance to finish first
    boolean removedBeforeTheSignature = removal.isDone();
    protection.commit.countDown();

    assertThat(removedBeforeTheSignature).isFalse();
    assertThat(attestation).succeedsWithin(GENEROUS);
    assertThat(removal).succeedsWithin(GENEROUS).isEqualTo(List.of(pubkey));
  }

  private static SignableMessage attestation() {
    return SignableMessage.slashable(ArtifactType.ATTESTATION, root(1), new SlashableData.Attestation(1, 2, GVR));
  }

  private static Bytes32 root(int fill) {
    return Bytes32.fromHex("0x" + "%02x".formatted(fill).repeat(32));
  }

  /** Accepts every attestation, but only once the test lets the "commit" finish. */
  private static final class BlockingProtection implements SlashingProtection {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch commit = new CountDownLatch(1);

    @Override
    public Decision checkAndRecordAttestation(BLSPubkey pubkey, long source, long target, Bytes32 root, Bytes32 gvr) {
      entered.countDown();
      try {
        commit.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return Decision.ACCEPTED;
    }

    @Override
    public Decision checkAndRecordBlock(BLSPubkey pubkey, long slot, Bytes32 root, Bytes32 gvr) {
      throw new UnsupportedOperationException("blocks are not used here");
    }

    @Override
    public ImportSummary importInterchange(InputStream json) {
      throw new UnsupportedOperationException("not used here");
    }

    @Override
    public void exportInterchange(OutputStream out, Set<BLSPubkey> pubkeys) {
      throw new UnsupportedOperationException("not used here");
    }

    @Override
    public Optional<Bytes32> genesisValidatorsRoot() {
      return Optional.of(GVR);
    }

    @Override
    public void pinGenesisValidatorsRoot(Bytes32 gvr) {}

    @Override
    public PruneSummary prune() {
      return new PruneSummary(0, 0);
    }

    @Override
    public PruneSummary prune(PruningPolicy policy) {
      return new PruneSummary(0, 0);
    }

    @Override
    public RepairSummary repair(Repair repair, boolean apply) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isReachable() {
      return true;
    }

    @Override
    public void close() {}
  }
}

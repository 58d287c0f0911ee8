package dev.vigil.cli;

import static dev.vigil.cli.FreshnessWitnesses.awaitReady;
import static dev.vigil.cli.FreshnessWitnesses.copyDir;
import static dev.vigil.cli.FreshnessWitnesses.signAttestation;
import static dev.vigil.cli.FreshnessWitnesses.signBlock;
import static dev.vigil.cli.FreshnessWitnesses.signer;
import static dev.vigil.cli.FreshnessWitnesses.witness;
import static dev.vigil.cli.Requests.root;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host copies the signer's data dir, lets it sign more, stops it and restores the copy: with
 * three freshness witnesses every request that conflicts with what was signed after the copy is
 * refused and fresh duties above it are signed, also with one witness down (2 of 3) and with a
 * witness restored as well. Without a quorum at start, blocks and attestations get 503.
 */
class FreshnessRollbackTest {
  @TempDir Path dir;
  private final List<SignerFixture> running = new ArrayList<>();
  private String key;

  @AfterEach
  void stopAll() {
    running.forEach(SignerFixture::close);
  }

  private SignerFixture keep(SignerFixture fixture) {
    running.add(fixture);
    return fixture;
  }

  private List<SignerFixture> witnesses(int count) throws Exception {
    List<SignerFixture> witnesses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      witnesses.add(keep(witness(dir.resolve("witness-" + i))));
    }
    return witnesses;
  }

  private SignerFixture startSigner(List<SignerFixture> witnesses) throws Exception {
    SignerFixture signer = keep(signer(dir.resolve("signer"), witnesses));
    awaitReady(signer);
    return signer;
  }

  private void stop(SignerFixture fixture) {
    fixture.close();
    running.remove(fixture);
  }

  /**
   * Signs block 10 and vote 1→2, copies the data dir (T0), signs block 20 and vote 2→3, stops and
   * restores the T0 copy. {@code afterCopy} runs between the copy and the second signing.
   */
  private void signCopySignRestore(List<SignerFixture> witnesses, Runnable afterCopy) throws Exception {
    key = SignerFixture.sealTestKeys(dir.resolve("signer"), 1).get(0).toHexString();
    SignerFixture signer = startSigner(witnesses);
    assertThat(signBlock(signer, key, 10, root(1))).isEqualTo(200);
    assertThat(signAttestation(signer, key, 1, 2, root(1))).isEqualTo(200);
    stop(signer);
    copyDir(dir.resolve("signer"), dir.resolve("signer-at-t0"));
    afterCopy.run();
    signer = startSigner(witnessesStillRunning(witnesses));
    assertThat(signBlock(signer, key, 20, root(2))).isEqualTo(200);
    assertThat(signAttestation(signer, key, 2, 3, root(2))).isEqualTo(200);
    stop(signer);
    copyDir(dir.resolve("signer-at-t0"), dir.resolve("signer"));
  }

  private List<SignerFixture> witnessesStillRunning(List<SignerFixture> witnesses) {
    return witnesses.stream().filter(running::contains).toList();
  }

  /** What a restored signer must refuse (everything conflicting with block 20 and vote 2→3) and sign. */
  private void assertRollbackDefeated(SignerFixture signer) throws Exception {
    assertThat(signBlock(signer, key, 20, root(3))).as("double proposal at slot 20").isEqualTo(412);
    assertThat(signBlock(signer, key, 15, root(3))).as("block between the copy and slot 20").isEqualTo(412);
    assertThat(signAttestation(signer, key, 2, 3, root(3))).as("double vote at target 3").isEqualTo(412);
    assertThat(signAttestation(signer, key, 1, 3, root(3))).as("vote at target 3 from source 1").isEqualTo(412);
    assertThat(signBlock(signer, key, 21, root(3))).as("fresh block").isEqualTo(200);
    assertThat(signAttestation(signer, key, 3, 4, root(3))).as("fresh vote").isEqualTo(200);
  }

  @Test
  void restoredDataDirWithThreeWitnesses() throws Exception {
    List<SignerFixture> witnesses = witnesses(3);
    signCopySignRestore(witnesses, () -> {});
    assertRollbackDefeated(startSigner(witnesses));
  }

  @Test
  void restoredDataDirWithOneWitnessDown() throws Exception {
    List<SignerFixture> witnesses = witnesses(3);
    signCopySignRestore(witnesses, () -> stop(witnesses.get(2)));
    assertRollbackDefeated(startSigner(witnessesStillRunning(witnesses)));
  }

  @Test
  void restoredDataDirAndOneRestoredWitness() throws Exception {
    List<SignerFixture> witnesses = new ArrayList<>(witnesses(3));
    Path witnessDir = dir.resolve("witness-0");
    signCopySignRestore(witnesses, () -> {
      stop(witnesses.get(0));
      copyDir(witnessDir, dir.resolve("witness-0-at-t0"));
      try {
        witnesses.set(0, keep(witness(witnessDir)));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    stop(witnesses.get(0));
    copyDir(dir.resolve("witness-0-at-t0"), witnessDir);
    witnesses.set(0, keep(witness(witnessDir)));
    // Only a quorum of witnesses rolled back with the signer could defeat this (docs/tee.md section 3).
    assertRollbackDefeated(startSigner(witnesses));
  }

  @Test
  void withoutAQuorumAtStartBlocksAndAttestationsGet503() throws Exception {
    List<SignerFixture> witnesses = witnesses(3);
    key = SignerFixture.sealTestKeys(dir.resolve("signer"), 1).get(0).toHexString();
    List<String> urls = witnesses.stream().map(SignerFixture::baseUrl).toList();
    stop(witnesses.get(0));
    stop(witnesses.get(1));
    SignerFixture signer = keep(SignerFixture.start(dir.resolve("signer"),
        FreshnessWitnesses.signerArgs(dir.resolve("signer"), Requests.GVR, urls)));
    assertThat(signBlock(signer, key, 10, root(1))).isEqualTo(503);
    assertThat(signAttestation(signer, key, 1, 2, root(1))).isEqualTo(503);
    assertThat(signer.postJson("/api/v1/eth2/sign/" + key, Requests.randaoReveal(1, Requests.GVR), "application/json")
        .statusCode()).isEqualTo(200);
    HttpResponse<String> health = healthOnceAsked(signer);
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("freshness-check").contains("1 of 3 witnesses answered, 2 needed");
  }

  /** /healthcheck once the signer has asked its witnesses at least once. */
  private static HttpResponse<String> healthOnceAsked(SignerFixture signer) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    HttpResponse<String> health;
    while (!(health = signer.get("/healthcheck")).body().contains("witnesses answered") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return health;
  }

  @Test
  void witnessKeepingTheIdentityOnAnotherChainIsRefused() throws Exception {
    List<SignerFixture> witnesses = witnesses(1);
    Path other = dir.resolve("other-chain-signer");
    String otherKey = SignerFixture.sealTestKeys(other, 1).get(0).toHexString();
    SignerFixture otherSigner = keep(SignerFixture.start(other,
        FreshnessWitnesses.signerArgs(other, Requests.OTHER_GVR, List.of(witnesses.get(0).baseUrl()))));
    awaitReady(otherSigner);
    assertThat(otherSigner.postJson("/api/v1/eth2/sign/" + otherKey, Requests.blockV2(5, root(1), Requests.OTHER_GVR),
        "application/json").statusCode()).isEqualTo(200);
    stop(otherSigner);

    key = SignerFixture.sealTestKeys(dir.resolve("signer"), 1).get(0).toHexString();
    SignerFixture signer = keep(signer(dir.resolve("signer"), witnesses));
    HttpResponse<String> health = healthOnceAsked(signer);
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("on chain " + Requests.OTHER_GVR);
    assertThat(signBlock(signer, key, 10, root(1))).isEqualTo(503);
  }

  @Test
  void restartHoldRefusesBlocksAndAttestationsButSignsTheRest() throws Exception {
    key = SignerFixture.sealTestKeys(dir.resolve("signer"), 1).get(0).toHexString();
    SignerFixture signer = keep(SignerFixture.start(dir.resolve("signer"), "--restart-hold-epochs", "1"));
    assertThat(signBlock(signer, key, 10, root(1))).isEqualTo(503);
    assertThat(signAttestation(signer, key, 1, 2, root(1))).isEqualTo(503);
    assertThat(signer.postJson("/api/v1/eth2/sign/" + key, Requests.randaoReveal(1, Requests.GVR), "application/json")
        .statusCode()).isEqualTo(200);
    HttpResponse<String> health = signer.get("/healthcheck");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("restart hold");
  }

  @Test
  void attestedSessionsWithoutTokens() throws Exception {
    SignerFixture witness = keep(SignerFixture.start(dir.resolve("witness"),
        "--freshness-serve-witness", "--freshness-allow-insecure-peers"));
    Path signerDir = dir.resolve("signer");
    key = SignerFixture.sealTestKeys(signerDir, 1).get(0).toHexString();
    java.nio.file.Files.writeString(signerDir.resolve("gvr.txt"), Requests.GVR);
    SignerFixture signer = keep(SignerFixture.start(signerDir, "--genesis-validators-root-file",
        signerDir.resolve("gvr.txt").toString(), "--freshness-identity", "alpha", "--freshness-allow-insecure-peers",
        "--freshness-witness", witness.baseUrl()));
    awaitReady(signer);
    assertThat(signBlock(signer, key, 10, root(1))).isEqualTo(200);
    stop(signer);
    signer = keep(SignerFixture.start(signerDir, "--genesis-validators-root-file",
        signerDir.resolve("gvr.txt").toString(), "--freshness-identity", "alpha", "--freshness-allow-insecure-peers",
        "--freshness-witness", witness.baseUrl()));
    awaitReady(signer);
    assertThat(signBlock(signer, key, 11, root(1))).isEqualTo(200);
    // A witness that demands a measurement refuses the insecure-none evidence: no session, no quorum.
    SignerFixture strictWitness = keep(SignerFixture.start(dir.resolve("strict-witness"),
        "--freshness-serve-witness", "--freshness-peer-measurement", "mrenclave:" + "00".repeat(32)));
    SignerFixture refused = keep(SignerFixture.start(dir.resolve("signer-2"), "--genesis-validators-root-file",
        signerDir.resolve("gvr.txt").toString(), "--freshness-identity", "beta", "--freshness-allow-insecure-peers",
        "--freshness-witness", strictWitness.baseUrl()));
    assertThat(healthOnceAsked(refused).body()).contains("refused the attested handshake");
  }
}

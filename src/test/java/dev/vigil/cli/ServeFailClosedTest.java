package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.protection.SlashingProtectionStores;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.GenesisTimes;
import dev.vigil.spec.Networks;
import dev.vigil.testing.GenesisStates;
import dev.vigil.testing.LogCapture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `vigil serve` fails closed where a lost history or one bogus record would otherwise make it sign
 * slashable messages or refuse every honest one (issue 16).
 */
class ServeFailClosedTest {
  private static final String MAINNET_GVR = Networks.MAINNET.requireGenesisValidatorsRoot().toString();

  @TempDir Path dir;

  private static String signPath(BLSPubkey key) {
    return "/api/v1/eth2/sign/" + key.toHexString();
  }

  private Path database() {
    return dir.resolve(SlashingProtectionStores.SQLITE_FILE_NAME);
  }

  @Test
  void sealedKeysWithoutTheirDatabaseDoNotStartOnAnEmptyOne() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 1);
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(dir.resolve(SlashingProtectionStores.SQLITE_FILE_NAME + suffix));
    }
    assertThatThrownBy(() -> SignerFixture.start(dir))
        .hasMessageContaining("refusing to create an empty slashing protection database")
        .hasMessageContaining("1 sealed key(s)")
        .hasMessageContaining("vigil protection import")
        .hasMessageContaining("--allow-empty-slashing-protection");
    assertThat(database()).doesNotExist();

    try (SignerFixture signer = SignerFixture.start(dir, "--allow-empty-slashing-protection")) {
      assertThat(signer.postJson(signPath(keys.get(0)), Requests.attestation(1, 2, Requests.root(1)), null).statusCode())
          .isEqualTo(200);
    }
    // The database exists now: later starts need no flag.
    try (SignerFixture signer = SignerFixture.start(dir)) {
      assertThat(signer.postJson(signPath(keys.get(0)), Requests.attestation(1, 2, Requests.root(2)), null).statusCode())
          .isEqualTo(412);
    }
  }

  @Test
  void aDatabaseDeletedWhileRunningStopsSigningAndTheHealthcheckSaysWhy() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 1);
    try (SignerFixture signer = SignerFixture.start(dir)) {
      assertThat(signer.postJson(signPath(keys.get(0)), Requests.attestation(1, 2, Requests.root(1)), null).statusCode())
          .isEqualTo(200);
      assertThat(signer.get("/healthcheck").statusCode()).isEqualTo(200);

      Files.delete(database());

      HttpResponse<String> refused =
          signer.postJson(signPath(keys.get(0)), Requests.attestation(2, 3, Requests.root(1)), null);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.body()).contains("was deleted");
      HttpResponse<String> health = signer.get("/healthcheck");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("was deleted");
    }
  }

  @Test
  void aRequestForAnUnknownRootPinsNothing() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 1);
    try (SignerFixture signer = SignerFixture.startUnpinned(dir)) {
      HttpResponse<String> unknown = signer.postJson(signPath(keys.get(0)), Requests.blockV2(1, Requests.root(1)), null);
      assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(403);
      assertThat(unknown.body()).contains("--genesis-validators-root").contains("--network");
      // Nothing pinned: an honest request for a built-in network still pins that network.
      assertThat(signer.postJson(signPath(keys.get(0)), Requests.blockV2(1, Requests.root(1), MAINNET_GVR), null)
          .statusCode()).isEqualTo(200);
      assertThat(signer.postJson(signPath(keys.get(0)), Requests.blockV2(2, Requests.root(1)), null).statusCode())
          .isEqualTo(412);
    }
    try (SignerFixture signer = SignerFixture.startUnpinned(dir, "--network", "mainnet")) {
      assertThat(signer.postJson(signPath(keys.get(0)), Requests.blockV2(3, Requests.root(1), MAINNET_GVR), null)
          .statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anExplicitRootIsPinnedAtStart() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 1);
    try (SignerFixture signer = SignerFixture.startUnpinned(dir, "--genesis-validators-root", Requests.GVR)) {
      assertThat(signer.postJson(signPath(keys.get(0)), Requests.blockV2(1, Requests.root(1)), null).statusCode())
          .isEqualTo(200);
      assertThat(signer.postJson(signPath(keys.get(0)), Requests.blockV2(2, Requests.root(1), MAINNET_GVR), null)
          .statusCode()).isEqualTo(412);
    }
  }

  @Test
  void farFutureMessagesAreRefusedAndBlockNothing() throws Exception {
    List<BLSPubkey> keys = SignerFixture.sealTestKeys(dir, 1);
    BLSPubkey key = keys.get(0);
    try (SignerFixture signer = SignerFixture.startUnpinned(dir, "--network", "mainnet")) {
      HttpResponse<String> attestation =
          signer.postJson(signPath(key), Requests.attestation(100, -1L, Requests.root(1), MAINNET_GVR), null);
      assertThat(attestation.statusCode()).as(attestation.body()).isEqualTo(412);
      assertThat(attestation.body()).contains("beyond the wall clock");
      HttpResponse<String> block = signer.postJson(signPath(key), Requests.blockV2(-1L, Requests.root(1), MAINNET_GVR), null);
      assertThat(block.statusCode()).as(block.body()).isEqualTo(412);
      assertThat(block.body()).contains("beyond the wall clock");

      // Neither was recorded: the honest messages of now are signed.
      long slot = (Instant.now().getEpochSecond() - GenesisTimes.of("mainnet").getAsLong()) / GenesisTimes.SECONDS_PER_SLOT;
      long epoch = slot / 32;
      assertThat(signer.postJson(signPath(key), Requests.attestation(epoch - 1, epoch, Requests.root(1), MAINNET_GVR), null)
          .statusCode()).isEqualTo(200);
      assertThat(signer.postJson(signPath(key), Requests.blockV2(slot, Requests.root(1), MAINNET_GVR), null).statusCode())
          .isEqualTo(200);
      // Within the default bound of 2 epochs: signed (a validator client's clock may run ahead).
      assertThat(signer.postJson(signPath(key), Requests.attestation(epoch, epoch + 2, Requests.root(1), MAINNET_GVR), null)
          .statusCode()).isEqualTo(200);
    }
    try (SignerFixture signer = SignerFixture.startUnpinned(dir, "--network", "mainnet",
        "--slashing-protection-max-future-epochs", "0")) {
      long epoch = (Instant.now().getEpochSecond() - GenesisTimes.of("mainnet").getAsLong()) / GenesisTimes.SECONDS_PER_SLOT / 32;
      assertThat(signer.postJson(signPath(key), Requests.attestation(epoch + 2, epoch + 5, Requests.root(1), MAINNET_GVR), null)
          .statusCode()).isEqualTo(412);
    }
  }

  /** A genesis time 1000 epochs of 12-second slots ago. */
  private static final long DEVNET_GENESIS = Instant.now().getEpochSecond() - 1000 * 32 * 12;

  /**
   * A config.yaml network of the test chain {@link Requests#GVR} (genesis_validators_root.txt beside
   * it) in its own folder, with these extra lines, and a genesis.ssz of these bytes when given.
   */
  private Path devnet(String extraLines, byte[] genesisState) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("devnet"));
    Path config = folder.resolve("config.yaml");
    Files.writeString(config, "CONFIG_NAME: devnet\nGENESIS_FORK_VERSION: 0x00000001\n" + extraLines);
    Files.writeString(folder.resolve(Networks.GENESIS_VALIDATORS_ROOT_FILE), Requests.GVR + "\n");
    if (genesisState != null) {
      Files.write(folder.resolve(Networks.GENESIS_STATE_FILE), genesisState);
    }
    return config;
  }

  /** Far-future messages of the devnet are refused and not recorded; those of its wall clock are signed. */
  private static void farFutureRefusedAndNowSigned(SignerFixture signer, BLSPubkey key) throws Exception {
    HttpResponse<String> attestation = signer.postJson(signPath(key), Requests.attestation(100, -1L, Requests.root(1)), null);
    assertThat(attestation.statusCode()).as(attestation.body()).isEqualTo(412);
    assertThat(attestation.body()).contains("beyond the wall clock");
    HttpResponse<String> block = signer.postJson(signPath(key), Requests.blockV2(-1L, Requests.root(1)), null);
    assertThat(block.statusCode()).as(block.body()).isEqualTo(412);
    assertThat(block.body()).contains("beyond the wall clock");

    long slot = (Instant.now().getEpochSecond() - DEVNET_GENESIS) / GenesisTimes.SECONDS_PER_SLOT;
    long epoch = slot / 32;
    HttpResponse<String> now = signer.postJson(signPath(key), Requests.attestation(epoch - 1, epoch, Requests.root(1)), null);
    assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
    assertThat(signer.postJson(signPath(key), Requests.blockV2(slot, Requests.root(1)), null).statusCode()).isEqualTo(200);
  }

  @Test
  void aConfigYamlNetworkIsBoundedByTheGenesisTimeOfItsGenesisState() throws Exception {
    // MIN_GENESIS_TIME far earlier than the genesis state's time: the state's is the one used.
    Path config = devnet("MIN_GENESIS_TIME: 1000\nSECONDS_PER_SLOT: 12\n", GenesisStates.truncated(DEVNET_GENESIS));
    BLSPubkey key = SignerFixture.sealTestKeys(dir.resolve("data"), 1).get(0);
    try (LogCapture log = LogCapture.capture();
        SignerFixture signer = SignerFixture.startUnpinned(dir.resolve("data"), "--network", config.toString())) {
      assertThat(log.text()).contains("genesis time " + DEVNET_GENESIS + " (genesis_time of "
          + config.resolveSibling(Networks.GENESIS_STATE_FILE));
      farFutureRefusedAndNowSigned(signer, key);
      // Bounded by the state's genesis time, not MIN_GENESIS_TIME's: 3 epochs ahead is refused.
      long epoch = (Instant.now().getEpochSecond() - DEVNET_GENESIS) / GenesisTimes.SECONDS_PER_SLOT / 32;
      assertThat(signer.postJson(signPath(key), Requests.attestation(epoch, epoch + 3, Requests.root(1)), null)
          .statusCode()).isEqualTo(412);
    }
  }

  @Test
  void withoutAGenesisStateAConfigYamlNetworkIsBoundedFromMinGenesisTime() throws Exception {
    Path config = devnet("MIN_GENESIS_TIME: " + DEVNET_GENESIS + "\nSLOT_DURATION_MS: 12000\n", null);
    BLSPubkey key = SignerFixture.sealTestKeys(dir.resolve("data"), 1).get(0);
    try (LogCapture log = LogCapture.capture();
        SignerFixture signer = SignerFixture.startUnpinned(dir.resolve("data"), "--network", config.toString())) {
      assertThat(log.text()).contains("genesis time " + DEVNET_GENESIS + " (MIN_GENESIS_TIME of " + config);
      farFutureRefusedAndNowSigned(signer, key);
    }
  }

  @Test
  void aGenesisStateTooShortForItsGenesisTimeStopsTheStartNamingTheFile() throws Exception {
    Path config = devnet("SECONDS_PER_SLOT: 12\n", new byte[] {1, 2, 3});
    SignerFixture.sealTestKeys(dir.resolve("data"), 1);
    assertThatThrownBy(() -> SignerFixture.startUnpinned(dir.resolve("data"), "--network", config.toString()))
        .hasMessageContaining(config.resolveSibling(Networks.GENESIS_STATE_FILE).toString())
        .hasMessageContaining("genesis_time");
  }

  @Test
  void aConfigYamlNetworkWithoutAGenesisTimeIsUnboundedAndTheStartSaysSo() throws Exception {
    Path config = devnet("SECONDS_PER_SLOT: 12\n", null);
    BLSPubkey key = SignerFixture.sealTestKeys(dir.resolve("data"), 1).get(0);
    try (LogCapture log = LogCapture.capture();
        SignerFixture signer = SignerFixture.startUnpinned(dir.resolve("data"), "--network", config.toString())) {
      assertThat(log.lines()).anySatisfy(line -> assertThat(line)
          .startsWith("WARN").contains("CANNOT refuse far-future blocks and attestations")
          .contains("network devnet has no known genesis time").contains(Networks.GENESIS_STATE_FILE)
          .contains("MIN_GENESIS_TIME"));
      assertThat(signer.postJson(signPath(key), Requests.attestation(100, -1L, Requests.root(1)), null).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aNegativeFutureBoundIsRefusedNamingTheFlag() {
    assertThatThrownBy(() -> SignerFixture.start(dir, "--slashing-protection-max-future-epochs", "-1"))
        .hasMessageContaining("--slashing-protection-max-future-epochs");
  }
}

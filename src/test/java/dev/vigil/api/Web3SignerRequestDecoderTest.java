package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.AggregateAndProof;
import dev.vigil.spec.AggregateAndProofElectra;
import dev.vigil.spec.Attestation;
import dev.vigil.spec.AttestationData;
import dev.vigil.spec.AttestationElectra;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Bitlist;
import dev.vigil.spec.Bitvector;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.Checkpoint;
import dev.vigil.spec.DomainType;
import dev.vigil.spec.Domains;
import dev.vigil.spec.Fork;
import dev.vigil.spec.ForkInfo;
import dev.vigil.spec.ForkName;
import dev.vigil.spec.Network;
import dev.vigil.spec.NetworkRecognition;
import dev.vigil.spec.Networks;
import dev.vigil.spec.Preset;
import dev.vigil.spec.VoluntaryExit;
import dev.vigil.spec.json.SpecJsonEncoder;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fork-schedule choices of the decoder: the aggregate container (by slot on a known network, by
 * committee_bits otherwise, whatever the type name and version say) and EIP-7044 exits.
 */
class Web3SignerRequestDecoderTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Network MAINNET = Networks.MAINNET;
  private static final Bytes32 MAINNET_GVR = MAINNET.requireGenesisValidatorsRoot();
  private static final Bytes32 UNKNOWN_GVR = Bytes32.fromHex("0x" + "ab".repeat(32));
  private static final long ELECTRA_EPOCH = MAINNET.schedule(ForkName.ELECTRA).orElseThrow().epoch();

  /** No --network: mainnet preset, networks recognised from the request's root only. */
  private final Web3SignerRequestDecoder decoder =
      new Web3SignerRequestDecoder(MAINNET, new NetworkRecognition(Optional.empty()));

  private static AttestationData data(long slot) {
    return new AttestationData(slot, 0, Bytes32.fromHex("0x" + "01".repeat(32)),
        new Checkpoint(1, Bytes32.fromHex("0x" + "02".repeat(32))), new Checkpoint(2, Bytes32.fromHex("0x" + "03".repeat(32))));
  }

  private static AggregateAndProofElectra electra(long slot) {
    return new AggregateAndProofElectra(7,
        new AttestationElectra(Bitlist.of(true, false, true), data(slot), BLSSignature.fromHex("0x" + "c0".repeat(96)),
            new Bitvector(new byte[] {4, 0, 0, 0, 0, 0, 0, 0})),
        BLSSignature.fromHex("0x" + "c0".repeat(96)));
  }

  private static AggregateAndProof phase0(long slot) {
    return new AggregateAndProof(7,
        new Attestation(Bitlist.of(true, false, true), data(slot), BLSSignature.fromHex("0x" + "c0".repeat(96))),
        BLSSignature.fromHex("0x" + "c0".repeat(96)));
  }

  private static ForkInfo forkInfo(String previous, String current, long epoch, Bytes32 gvr) {
    return new ForkInfo(new Fork(Bytes4.fromHex(previous), Bytes4.fromHex(current), epoch), gvr);
  }

  private static ObjectNode request(String type, ForkInfo forkInfo) {
    ObjectNode body = NODES.objectNode();
    body.put("type", type);
    body.set("fork_info", SpecJsonEncoder.toJson(forkInfo));
    return body;
  }

  private static ObjectNode aggregateRequest(String type, ForkInfo forkInfo, Record message, String version) {
    ObjectNode body = request(type, forkInfo);
    ObjectNode json = SpecJsonEncoder.toJson(message);
    if (version == null) {
      body.set("aggregate_and_proof", json);
    } else {
      ObjectNode wrapper = body.putObject("aggregate_and_proof");
      wrapper.put("version", version);
      wrapper.set("data", json);
    }
    return body;
  }

  private static Bytes32 aggregateRoot(ForkInfo forkInfo, Bytes32 objectRoot, long slot) {
    return forkInfo.signingRoot(objectRoot, DomainType.AGGREGATE_AND_PROOF, Preset.MAINNET.epochAtSlot(slot));
  }

  /** Both ways round: whatever the type name and version say, the slot's fork decides on a known network. */
  @ParameterizedTest(name = "{0} version={1} at {2} ({3})")
  @CsvSource(nullValues = "null", value = {
      "AGGREGATE_AND_PROOF,    null,    FULU,  Lighthouse/Teku Electra container",
      "AGGREGATE_AND_PROOF_V2, ELECTRA, FULU,  Prysm/Lodestar",
      "AGGREGATE_AND_PROOF_V2, electra, FULU,  Nimbus lower case",
      "AGGREGATE_AND_PROOF_V2, DENEB,   FULU,  a version that disagrees with the slot",
      "AGGREGATE_AND_PROOF_V2, null,    FULU,  bare object under V2",
      "AGGREGATE_AND_PROOF,    null,    DENEB, Lighthouse/Teku/Nimbus/Lodestar phase0 container",
      "AGGREGATE_AND_PROOF_V2, PHASE0,  DENEB, Prysm",
      "AGGREGATE_AND_PROOF_V2, deneb,   DENEB, lower case",
      "AGGREGATE_AND_PROOF_V2, ELECTRA, DENEB, a version that disagrees with the slot",
      "AGGREGATE_AND_PROOF_V2, null,    DENEB, bare object under V2",
  })
  void onAKnownNetworkTheSlotsForkChoosesTheContainer(String type, String version, ForkName fork, String who) {
    long forkEpoch = MAINNET.schedule(fork).orElseThrow().epoch();
    long slot = (forkEpoch + 3) * 32 + 5;
    ForkInfo forkInfo = new ForkInfo(MAINNET.forkAt(forkEpoch), MAINNET_GVR);
    boolean electra = fork.compareTo(ForkName.ELECTRA) >= 0;
    Record message = electra ? electra(slot) : phase0(slot);
    Bytes32 objectRoot = electra
        ? ((AggregateAndProofElectra) message).hashTreeRoot(Preset.MAINNET)
        : ((AggregateAndProof) message).hashTreeRoot(Preset.MAINNET);

    Bytes32 root = decoder.decode(aggregateRequest(type, forkInfo, message, version)).signingRoot();

    assertThat(root).isEqualTo(aggregateRoot(forkInfo, objectRoot, slot));
  }

  @ParameterizedTest(name = "{0} version={1}")
  @CsvSource(nullValues = "null", value = {
      "AGGREGATE_AND_PROOF, null", "AGGREGATE_AND_PROOF_V2, DENEB", "AGGREGATE_AND_PROOF_V2, null"})
  void onAnUnknownNetworkCommitteeBitsDecideBothWaysRound(String type, String version) {
    long slot = 40;
    ForkInfo forkInfo = forkInfo("0x00000001", "0x00000001", 0, UNKNOWN_GVR);
    AggregateAndProofElectra withBits = electra(slot);
    AggregateAndProof withoutBits = phase0(slot);

    assertThat(decoder.decode(aggregateRequest(type, forkInfo, withBits, version)).signingRoot())
        .isEqualTo(aggregateRoot(forkInfo, withBits.hashTreeRoot(Preset.MAINNET), slot));
    assertThat(decoder.decode(aggregateRequest(type, forkInfo, withoutBits, version)).signingRoot())
        .isEqualTo(aggregateRoot(forkInfo, withoutBits.hashTreeRoot(Preset.MAINNET), slot));
  }

  @Test
  void electraSlotWithoutCommitteeBitsIsA400NamingTheField() {
    long slot = ELECTRA_EPOCH * 32;
    ForkInfo forkInfo = forkInfo("0x04000000", "0x05000000", ELECTRA_EPOCH, MAINNET_GVR);
    assertThatThrownBy(() -> decoder.decode(aggregateRequest("AGGREGATE_AND_PROOF", forkInfo, phase0(slot), null)))
        .isInstanceOf(ApiException.class).hasMessageContaining("aggregate_and_proof.aggregate.committee_bits");
  }

  @Test
  void unknownVersionHintIsA400NamingTheField() {
    ForkInfo forkInfo = forkInfo("0x00000001", "0x00000001", 0, UNKNOWN_GVR);
    assertThatThrownBy(() -> decoder.decode(aggregateRequest("AGGREGATE_AND_PROOF_V2", forkInfo, phase0(1), "VERKLE")))
        .isInstanceOf(ApiException.class).hasMessageContaining("aggregate_and_proof.version");
  }

  private static ObjectNode exitRequest(ForkInfo forkInfo, VoluntaryExit exit) {
    ObjectNode body = request("VOLUNTARY_EXIT", forkInfo);
    body.set("voluntary_exit", SpecJsonEncoder.toJson(exit));
    return body;
  }

  private static Bytes32 capellaExitRoot(VoluntaryExit exit, Bytes4 capella, Bytes32 gvr) {
    return Domains.computeSigningRoot(exit.hashTreeRoot(), Domains.computeDomain(DomainType.VOLUNTARY_EXIT, capella, gvr));
  }

  /** The four conventions, on mainnet recognised from its root (no --network). */
  @ParameterizedTest(name = "{0}: fork {1}/{2}@{3}, exit epoch {4}")
  @CsvSource({
      "Lighthouse (Capella versions),       0x03000000, 0x03000000, 400000, 400000",
      "Nimbus (Capella versions; epoch 0),  0x03000000, 0x03000000, 0,      400000",
      "Lodestar (Capella's own entry),      0x02000000, 0x03000000, 194048, 400000",
      "Teku/Prysm (current fork),           0x05000000, 0x06000000, 411392, 420000",
      "Teku/Prysm (current fork; old epoch), 0x05000000, 0x06000000, 411392, 10",
      "Teku/Prysm (Deneb fork),              0x03000000, 0x04000000, 269568, 269570",
  })
  void exitOnAKnownNetworkAfterDenebIsSignedOverCapella(String who, String previous, String current, long forkEpoch, long exitEpoch) {
    ForkInfo forkInfo = forkInfo(previous, current, forkEpoch, MAINNET_GVR);
    VoluntaryExit exit = new VoluntaryExit(exitEpoch, 12345);
    Bytes32 expected = capellaExitRoot(exit, Bytes4.fromHex("0x03000000"), MAINNET_GVR);

    assertThat(decoder.decode(exitRequest(forkInfo, exit)).signingRoot()).isEqualTo(expected);

    ObjectNode withRoot = exitRequest(forkInfo, exit);
    withRoot.put("signingRoot", expected.toHexString());
    assertThat(decoder.decode(withRoot).signingRoot()).as("a supplied root computed by the rule").isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "mainnet before Deneb with a pre-Deneb fork, 0x01000000, 0x02000000, 144896, 150000, mainnet",
      "an unknown network after its Deneb-like fork, 0x05000000, 0x06000000, 411392, 420000, unknown",
  })
  void otherExitsAreSignedAsSent(String name, String previous, String current, long forkEpoch, long exitEpoch, String network) {
    ForkInfo forkInfo = forkInfo(previous, current, forkEpoch, network.equals("mainnet") ? MAINNET_GVR : UNKNOWN_GVR);
    VoluntaryExit exit = new VoluntaryExit(exitEpoch, 3);
    assertThat(decoder.decode(exitRequest(forkInfo, exit)).signingRoot())
        .isEqualTo(forkInfo.signingRoot(exit.hashTreeRoot(), DomainType.VOLUNTARY_EXIT, exitEpoch));
  }

  @Test
  void exitOnAConfigYamlNetworkWithoutAKnownRootFollowsItsSchedule() throws Exception {
    Path config = Path.of(getClass().getResource("/client-requests/gloas-devnet-config.yaml").toURI());
    Network devnet = Networks.fromConfigYaml(config);
    Web3SignerRequestDecoder configured = new Web3SignerRequestDecoder(devnet, new NetworkRecognition(Optional.of(devnet)));
    ForkInfo forkInfo = forkInfo("0x60000000", "0x70000000", 0, UNKNOWN_GVR);
    VoluntaryExit exit = new VoluntaryExit(25, 3);

    assertThat(configured.decode(exitRequest(forkInfo, exit)).signingRoot())
        .isEqualTo(capellaExitRoot(exit, Bytes4.fromHex("0x40000000"), UNKNOWN_GVR));
    assertThat(decoder.decode(exitRequest(forkInfo, exit)).signingRoot()).as("the same request without the config")
        .isEqualTo(forkInfo.signingRoot(exit.hashTreeRoot(), DomainType.VOLUNTARY_EXIT, 25));
  }
}

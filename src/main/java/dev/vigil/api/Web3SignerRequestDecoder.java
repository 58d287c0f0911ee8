package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.signer.ArtifactType;
import dev.vigil.signer.SignableMessage;
import dev.vigil.signer.SlashableData;
import dev.vigil.spec.AttestationData;
import dev.vigil.spec.BeaconBlock;
import dev.vigil.spec.BeaconBlockHeader;
import dev.vigil.spec.BuilderRequestAuth;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.ContributionAndProof;
import dev.vigil.spec.DepositMessage;
import dev.vigil.spec.DomainType;
import dev.vigil.spec.Domains;
import dev.vigil.spec.ExecutionPayloadBid;
import dev.vigil.spec.ExecutionPayloadEnvelope;
import dev.vigil.spec.ForkInfo;
import dev.vigil.spec.ForkName;
import dev.vigil.spec.HashTreeRoots;
import dev.vigil.spec.Network;
import dev.vigil.spec.NetworkRecognition;
import dev.vigil.spec.PayloadAttestationData;
import dev.vigil.spec.Preset;
import dev.vigil.spec.ProposerPreferences;
import dev.vigil.spec.SyncAggregatorSelectionData;
import dev.vigil.spec.ValidatorRegistration;
import dev.vigil.spec.VoluntaryExit;
import dev.vigil.spec.json.JsonField;
import dev.vigil.spec.json.SpecJsonDecoder;
import java.util.Arrays;
import java.util.Optional;

/**
 * Web3Signer eth2 signing bodies → signing roots, as the consensus specs compute them. The fork
 * version comes from {@code fork_info} as sent ({@code epoch < fork.epoch ? previous : current}),
 * except for voluntary exits on a known network (EIP-7044); the preset (list limits, slots per
 * epoch) and the genesis fork version for validator registrations come from the configured
 * network. Where the fork schedule decides (exits, aggregate containers) the request's network is
 * the one {@link NetworkRecognition} knows for its genesis validators root.
 */
public final class Web3SignerRequestDecoder implements Eth2RequestDecoder {
  private final Network network;
  private final NetworkRecognition recognition;
  private final Preset preset;
  private final SpecJsonDecoder spec;

  public Web3SignerRequestDecoder(Network network, NetworkRecognition recognition) {
    this.network = network;
    this.recognition = recognition;
    this.preset = network.preset();
    this.spec = new SpecJsonDecoder(preset);
  }

  @Override
  public SignableMessage decode(JsonNode body) {
    try {
      JsonField request = JsonField.root(body);
      ArtifactType type = ArtifactType.parse(request.get("type").text());
      SignableMessage message = decode(type, request);
      checkSuppliedSigningRoot(request, message.signingRoot());
      return message;
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private SignableMessage decode(ArtifactType type, JsonField request) {
    switch (type) {
      case BLOCK:
        return block(type, forkInfo(request), spec.beaconBlock(request.get("block"), ForkName.PHASE0));
      case BLOCK_V2:
        return blockV2(forkInfo(request), request.get("beacon_block"));
      case ATTESTATION: {
        ForkInfo forkInfo = forkInfo(request);
        AttestationData data = spec.attestationData(request.get("attestation"));
        Bytes32 root = forkInfo.signingRoot(data.hashTreeRoot(), DomainType.BEACON_ATTESTER, data.target().epoch());
        return SignableMessage.slashable(type, root,
            new SlashableData.Attestation(data.source().epoch(), data.target().epoch(), forkInfo.genesisValidatorsRoot()));
      }
      case AGGREGATION_SLOT: {
        long slot = request.get("aggregation_slot").get("slot").uint64();
        return unslashable(type, forkInfo(request), HashTreeRoots.ofUint64(slot), DomainType.SELECTION_PROOF, epochAtSlot(slot));
      }
      case AGGREGATE_AND_PROOF:
      case AGGREGATE_AND_PROOF_V2:
        return aggregateAndProof(type, forkInfo(request), request.get("aggregate_and_proof"));
      case DEPOSIT: {
        JsonField deposit = request.get("deposit");
        DepositMessage message = new DepositMessage(
            deposit.get("pubkey").pubkey(), deposit.get("withdrawal_credentials").bytes32(), deposit.get("amount").uint64());
        Bytes32 domain = Domains.computeDepositDomain(deposit.get("genesis_fork_version").bytes4());
        return SignableMessage.unslashable(type, Domains.computeSigningRoot(message.hashTreeRoot(), domain));
      }
      case RANDAO_REVEAL: {
        long epoch = request.get("randao_reveal").get("epoch").uint64();
        return unslashable(type, forkInfo(request), HashTreeRoots.ofUint64(epoch), DomainType.RANDAO, epoch);
      }
      case VOLUNTARY_EXIT: {
        ForkInfo forkInfo = forkInfo(request);
        VoluntaryExit exit = spec.voluntaryExit(request.get("voluntary_exit"));
        return SignableMessage.unslashable(type,
            Domains.computeSigningRoot(exit.hashTreeRoot(), voluntaryExitDomain(forkInfo, exit.epoch())));
      }
      case SYNC_COMMITTEE_MESSAGE: {
        JsonField message = request.get("sync_committee_message");
        Bytes32 blockRoot = message.get("beacon_block_root").bytes32();
        long slot = message.get("slot").uint64();
        return unslashable(type, forkInfo(request), HashTreeRoots.ofRoot(blockRoot), DomainType.SYNC_COMMITTEE, epochAtSlot(slot));
      }
      case SYNC_COMMITTEE_SELECTION_PROOF: {
        SyncAggregatorSelectionData data = spec.syncAggregatorSelectionData(request.get("sync_aggregator_selection_data"));
        return unslashable(type, forkInfo(request), data.hashTreeRoot(),
            DomainType.SYNC_COMMITTEE_SELECTION_PROOF, epochAtSlot(data.slot()));
      }
      case SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF: {
        ContributionAndProof proof = spec.contributionAndProof(request.get("contribution_and_proof"));
        return unslashable(type, forkInfo(request), proof.hashTreeRoot(preset),
            DomainType.CONTRIBUTION_AND_PROOF, epochAtSlot(proof.contribution().slot()));
      }
      case VALIDATOR_REGISTRATION: {
        ValidatorRegistration registration = spec.validatorRegistration(request.get("validator_registration"));
        return SignableMessage.unslashable(type,
            Domains.computeSigningRoot(registration.hashTreeRoot(), network.builderDomain()));
      }
      case EXECUTION_PAYLOAD_BID: {
        ExecutionPayloadBid bid = spec.executionPayloadBid(gloasMessage(request, "execution_payload_bid"));
        return unslashable(type, forkInfo(request), bid.hashTreeRoot(), DomainType.BEACON_BUILDER, epochAtSlot(bid.slot()));
      }
      case EXECUTION_PAYLOAD_ENVELOPE: {
        ExecutionPayloadEnvelope envelope = spec.executionPayloadEnvelope(gloasMessage(request, "execution_payload_envelope"));
        return unslashable(type, forkInfo(request), envelope.hashTreeRoot(), DomainType.BEACON_BUILDER,
            epochAtSlot(envelope.payload().slotNumber()));
      }
      case PAYLOAD_ATTESTATION_MESSAGE: {
        PayloadAttestationData data = spec.payloadAttestationData(payloadAttestationData(request));
        return unslashable(type, forkInfo(request), data.hashTreeRoot(), DomainType.PTC_ATTESTER, epochAtSlot(data.slot()));
      }
      case PROPOSER_PREFERENCES: {
        ProposerPreferences preferences = spec.proposerPreferences(gloasMessage(request, "proposer_preferences"));
        return unslashable(type, forkInfo(request), preferences.hashTreeRoot(), DomainType.PROPOSER_PREFERENCES,
            epochAtSlot(preferences.proposalSlot()));
      }
      case BUILDER_REQUEST_AUTH: {
        BuilderRequestAuth auth = spec.builderRequestAuth(gloasMessage(request, "builder_request_auth", "request_auth"));
        Bytes32 domain = Domains.computeDomain(DomainType.BUILDER_REQUEST_AUTH, network.genesisForkVersion(), Bytes32.ZERO);
        return SignableMessage.unslashable(type, Domains.computeSigningRoot(auth.hashTreeRoot(), domain));
      }
      default:
        throw new IllegalArgumentException("type: " + type + " is not supported");
    }
  }

  private SignableMessage blockV2(ForkInfo forkInfo, JsonField beaconBlock) {
    ForkName fork = forkName(beaconBlock.get("version"));
    Optional<JsonField> header = beaconBlock.find("block_header");
    if (header.isPresent()) {
      BeaconBlockHeader blockHeader = spec.beaconBlockHeader(header.get());
      return proposal(ArtifactType.BLOCK_V2, forkInfo, blockHeader.slot(), blockHeader.hashTreeRoot());
    }
    if (fork.compareTo(ForkName.BELLATRIX) >= 0) {
      throw beaconBlock.get("block_header").error("missing (from BELLATRIX on, blocks are signed by their header)");
    }
    return block(ArtifactType.BLOCK_V2, forkInfo, spec.beaconBlock(beaconBlock.get("block"), fork));
  }

  private SignableMessage block(ArtifactType type, ForkInfo forkInfo, BeaconBlock block) {
    return proposal(type, forkInfo, block.slot(), block.hashTreeRoot(preset));
  }

  private SignableMessage proposal(ArtifactType type, ForkInfo forkInfo, long slot, Bytes32 blockRoot) {
    Bytes32 root = forkInfo.signingRoot(blockRoot, DomainType.BEACON_PROPOSER, epochAtSlot(slot));
    return SignableMessage.slashable(type, root, new SlashableData.Block(slot, forkInfo.genesisValidatorsRoot()));
  }

  /**
   * AGGREGATE_AND_PROOF and AGGREGATE_AND_PROOF_V2, each either bare or wrapped as {version, data}.
   * The container (phase0, Electra or Gloas) is the one of the fork at aggregate.data.slot on a known
   * network, else chosen as {@link #containerForkWithoutSchedule} says; {@code version} is only a hint
   * (any letter case), since clients send V1 with Electra containers and V2 with phase0 ones.
   */
  private SignableMessage aggregateAndProof(ArtifactType type, ForkInfo forkInfo, JsonField field) {
    Optional<JsonField> version = field.find("version");
    JsonField message = field;
    if (version.isPresent()) {
      message = field.get("data");
    }
    JsonField aggregate = message.get("aggregate");
    long epoch = epochAtSlot(aggregate.get("data").get("slot").uint64());
    Optional<ForkName> hint = version.map(Web3SignerRequestDecoder::forkName);
    ForkName fork = recognition.networkOf(forkInfo.genesisValidatorsRoot())
        .map(n -> n.forkNameAt(epoch))
        .orElseGet(() -> containerForkWithoutSchedule(aggregate, hint));
    Bytes32 root;
    if (fork.compareTo(ForkName.GLOAS) >= 0) {
      root = spec.aggregateAndProofGloas(message).hashTreeRoot(preset);
    } else if (fork.compareTo(ForkName.ELECTRA) >= 0) {
      root = spec.aggregateAndProofElectra(message).hashTreeRoot(preset);
    } else {
      root = spec.aggregateAndProof(message).hashTreeRoot(preset);
    }
    return unslashable(type, forkInfo, root, DomainType.AGGREGATE_AND_PROOF, epoch);
  }

  /**
   * On an unknown network: phase0's container without committee_bits; with them Electra's, or
   * Gloas's when the version hint says GLOAS or later (the two have the same fields).
   */
  private static ForkName containerForkWithoutSchedule(JsonField aggregate, Optional<ForkName> hint) {
    if (aggregate.find("committee_bits").isEmpty()) {
      return ForkName.PHASE0;
    }
    return hint.filter(f -> f.compareTo(ForkName.GLOAS) >= 0).orElse(ForkName.ELECTRA);
  }

  /**
   * EIP-7044: on a known network an exit at or after Deneb, or sent with a Deneb-or-later fork, is
   * signed over CAPELLA_FORK_VERSION whatever fork_info says; otherwise, and on an unknown network, as sent.
   */
  private Bytes32 voluntaryExitDomain(ForkInfo forkInfo, long exitEpoch) {
    Bytes32 root = forkInfo.genesisValidatorsRoot();
    return recognition.networkOf(root)
        .filter(n -> n.signsExitOverCapella(exitEpoch, forkInfo.fork()))
        .flatMap(n -> n.versionOf(ForkName.CAPELLA))
        .map(capella -> Domains.computeDomain(DomainType.VOLUNTARY_EXIT, capella, root))
        .orElseGet(() -> forkInfo.domain(DomainType.VOLUNTARY_EXIT, exitEpoch));
  }

  /**
   * The message of a Gloas type: the first of {@code names} present, wrapped as {version, data}
   * (remote-signing-api v1.4.0) or bare (as Lighthouse and Lodestar send it).
   */
  private static JsonField gloasMessage(JsonField request, String... names) {
    JsonField field = Arrays.stream(names).map(request::find).flatMap(Optional::stream).findFirst()
        .orElseThrow(() -> request.get(names[0]).error("missing"));
    Optional<JsonField> version = field.find("version");
    if (version.isPresent()) {
      forkName(version.get());
      return field.get("data");
    }
    return field;
  }

  /**
   * The PayloadAttestationData of a PAYLOAD_ATTESTATION_MESSAGE: under payload_attestation_message,
   * payload_attestation_data (Lighthouse) or payload_attestation (Lodestar), wrapped or bare, either
   * the data itself or a PayloadAttestationMessage around it (what is signed is the data).
   */
  private static JsonField payloadAttestationData(JsonField request) {
    JsonField message = gloasMessage(request, "payload_attestation_message", "payload_attestation_data", "payload_attestation");
    return message.find("beacon_block_root").isPresent() ? message : message.get("data");
  }

  private static ForkName forkName(JsonField version) {
    try {
      return ForkName.parse(version.text());
    } catch (IllegalArgumentException e) {
      throw version.error(e.getMessage());
    }
  }

  private static SignableMessage unslashable(
      ArtifactType type, ForkInfo forkInfo, Bytes32 objectRoot, DomainType domainType, long epoch) {
    return SignableMessage.unslashable(type, forkInfo.signingRoot(objectRoot, domainType, epoch));
  }

  private ForkInfo forkInfo(JsonField request) {
    return spec.forkInfo(request.get("fork_info", "forkInfo"));
  }

  private long epochAtSlot(long slot) {
    return preset.epochAtSlot(slot);
  }

  /** A signing root sent with the request must be the one the body gives: otherwise 400, never a signature. */
  private static void checkSuppliedSigningRoot(JsonField request, Bytes32 computed) {
    Optional<JsonField> supplied = request.find("signing_root").or(() -> request.find("signingRoot"));
    if (supplied.isPresent() && !supplied.get().node().isNull()) {
      Bytes32 root = supplied.get().bytes32();
      if (!root.equals(computed)) {
        throw supplied.get().error("does not match the request body (computed " + computed + ")");
      }
    }
  }
}

package dev.vigil.spec.json;

import dev.vigil.spec.AggregateAndProof;
import dev.vigil.spec.AggregateAndProofElectra;
import dev.vigil.spec.Attestation;
import dev.vigil.spec.AttestationData;
import dev.vigil.spec.AttestationElectra;
import dev.vigil.spec.AttesterSlashing;
import dev.vigil.spec.BeaconBlock;
import dev.vigil.spec.BeaconBlockBody;
import dev.vigil.spec.BeaconBlockBodyAltair;
import dev.vigil.spec.BeaconBlockHeader;
import dev.vigil.spec.BlockBody;
import dev.vigil.spec.Checkpoint;
import dev.vigil.spec.ContributionAndProof;
import dev.vigil.spec.Deposit;
import dev.vigil.spec.DepositData;
import dev.vigil.spec.DepositMessage;
import dev.vigil.spec.Eth1Data;
import dev.vigil.spec.Fork;
import dev.vigil.spec.ForkData;
import dev.vigil.spec.ForkInfo;
import dev.vigil.spec.ForkName;
import dev.vigil.spec.IndexedAttestation;
import dev.vigil.spec.Preset;
import dev.vigil.spec.ProposerSlashing;
import dev.vigil.spec.SignedAggregateAndProof;
import dev.vigil.spec.SignedBeaconBlock;
import dev.vigil.spec.SignedBeaconBlockHeader;
import dev.vigil.spec.SignedVoluntaryExit;
import dev.vigil.spec.SigningData;
import dev.vigil.spec.SyncAggregate;
import dev.vigil.spec.SyncAggregatorSelectionData;
import dev.vigil.spec.SyncCommitteeContribution;
import dev.vigil.spec.ValidatorRegistration;
import dev.vigil.spec.VoluntaryExit;
import java.util.function.Function;

/**
 * Decodes the beacon-API / Web3Signer JSON form (snake_case names, uint64 as decimal strings or
 * numbers, bytes as 0x-hex, bitlists with their length bit) into the spec containers. List limits and
 * bitvector sizes come from the preset and are checked here, so errors name the field.
 */
public final class SpecJsonDecoder {
  private final Preset preset;

  public SpecJsonDecoder(Preset preset) {
    this.preset = preset;
  }

  public Preset preset() {
    return preset;
  }

  /** Fork; accepts previousVersion/currentVersion spellings too (seen in published examples). */
  public Fork fork(JsonField f) {
    return new Fork(
        f.get("previous_version", "previousVersion").bytes4(),
        f.get("current_version", "currentVersion").bytes4(),
        f.get("epoch").uint64());
  }

  /** The fork_info object of a signing request: {fork, genesis_validators_root}. */
  public ForkInfo forkInfo(JsonField f) {
    return new ForkInfo(
        fork(f.get("fork")), f.get("genesis_validators_root", "genesisValidatorsRoot").bytes32());
  }

  public ForkData forkData(JsonField f) {
    return new ForkData(f.get("current_version").bytes4(), f.get("genesis_validators_root").bytes32());
  }

  public SigningData signingData(JsonField f) {
    return new SigningData(f.get("object_root").bytes32(), f.get("domain").bytes32());
  }

  public Checkpoint checkpoint(JsonField f) {
    return new Checkpoint(f.get("epoch").uint64(), f.get("root").bytes32());
  }

  public AttestationData attestationData(JsonField f) {
    return new AttestationData(
        f.get("slot").uint64(),
        f.get("index").uint64(),
        f.get("beacon_block_root").bytes32(),
        checkpoint(f.get("source")),
        checkpoint(f.get("target")));
  }

  public BeaconBlockHeader beaconBlockHeader(JsonField f) {
    return new BeaconBlockHeader(
        f.get("slot").uint64(),
        f.get("proposer_index").uint64(),
        f.get("parent_root").bytes32(),
        f.get("state_root").bytes32(),
        f.get("body_root").bytes32());
  }

  public SignedBeaconBlockHeader signedBeaconBlockHeader(JsonField f) {
    return new SignedBeaconBlockHeader(beaconBlockHeader(f.get("message")), f.get("signature").signature());
  }

  public Eth1Data eth1Data(JsonField f) {
    return new Eth1Data(
        f.get("deposit_root").bytes32(), f.get("deposit_count").uint64(), f.get("block_hash").bytes32());
  }

  public ProposerSlashing proposerSlashing(JsonField f) {
    return new ProposerSlashing(
        signedBeaconBlockHeader(f.get("signed_header_1")), signedBeaconBlockHeader(f.get("signed_header_2")));
  }

  public IndexedAttestation indexedAttestation(JsonField f) {
    return new IndexedAttestation(
        f.get("attesting_indices").list(preset.maxValidatorsPerCommittee(), JsonField::uint64),
        attestationData(f.get("data")),
        f.get("signature").signature());
  }

  public AttesterSlashing attesterSlashing(JsonField f) {
    return new AttesterSlashing(
        indexedAttestation(f.get("attestation_1")), indexedAttestation(f.get("attestation_2")));
  }

  /** Attestation, phase0 to Deneb. */
  public Attestation attestation(JsonField f) {
    return new Attestation(
        f.get("aggregation_bits").bitlist(preset.maxValidatorsPerCommittee()),
        attestationData(f.get("data")),
        f.get("signature").signature());
  }

  /** Attestation from Electra on (with committee_bits). */
  public AttestationElectra attestationElectra(JsonField f) {
    return new AttestationElectra(
        f.get("aggregation_bits").bitlist(preset.maxValidatorsPerSlot()),
        attestationData(f.get("data")),
        f.get("signature").signature(),
        f.get("committee_bits").bitvector(preset.maxCommitteesPerSlot()));
  }

  public DepositMessage depositMessage(JsonField f) {
    return new DepositMessage(
        f.get("pubkey").pubkey(), f.get("withdrawal_credentials").bytes32(), f.get("amount").uint64());
  }

  public DepositData depositData(JsonField f) {
    return new DepositData(
        f.get("pubkey").pubkey(),
        f.get("withdrawal_credentials").bytes32(),
        f.get("amount").uint64(),
        f.get("signature").signature());
  }

  public Deposit deposit(JsonField f) {
    JsonField proof = f.get("proof");
    int length = Preset.DEPOSIT_CONTRACT_TREE_DEPTH + 1;
    if (!proof.node().isArray() || proof.node().size() != length) {
      throw proof.error("expected an array of " + length + " roots");
    }
    return new Deposit(proof.list(length, JsonField::bytes32), depositData(f.get("data")));
  }

  public VoluntaryExit voluntaryExit(JsonField f) {
    return new VoluntaryExit(f.get("epoch").uint64(), f.get("validator_index").uint64());
  }

  public SignedVoluntaryExit signedVoluntaryExit(JsonField f) {
    return new SignedVoluntaryExit(voluntaryExit(f.get("message")), f.get("signature").signature());
  }

  public SyncAggregate syncAggregate(JsonField f) {
    return new SyncAggregate(
        f.get("sync_committee_bits").bitvector(preset.syncCommitteeSize()),
        f.get("sync_committee_signature").signature());
  }

  /** BeaconBlockBody of phase0. */
  public BeaconBlockBody beaconBlockBody(JsonField f) {
    return new BeaconBlockBody(
        f.get("randao_reveal").signature(),
        eth1Data(f.get("eth1_data")),
        f.get("graffiti").bytes32(),
        f.get("proposer_slashings").list(preset.maxProposerSlashings(), this::proposerSlashing),
        f.get("attester_slashings").list(preset.maxAttesterSlashings(), this::attesterSlashing),
        f.get("attestations").list(preset.maxAttestations(), this::attestation),
        f.get("deposits").list(preset.maxDeposits(), this::deposit),
        f.get("voluntary_exits").list(preset.maxVoluntaryExits(), this::signedVoluntaryExit));
  }

  /** BeaconBlockBody of Altair. */
  public BeaconBlockBodyAltair beaconBlockBodyAltair(JsonField f) {
    BeaconBlockBody p = beaconBlockBody(f);
    return new BeaconBlockBodyAltair(
        p.randaoReveal(), p.eth1Data(), p.graffiti(), p.proposerSlashings(), p.attesterSlashings(),
        p.attestations(), p.deposits(), p.voluntaryExits(), syncAggregate(f.get("sync_aggregate")));
  }

  /** A full BeaconBlock of phase0 or Altair (later forks are signed by header only). */
  public BeaconBlock beaconBlock(JsonField f, ForkName fork) {
    Function<JsonField, BlockBody> body = switch (fork) {
      case PHASE0 -> this::beaconBlockBody;
      case ALTAIR -> this::beaconBlockBodyAltair;
      default -> throw f.error("full blocks are decoded for PHASE0 and ALTAIR only, not " + fork
          + " (later forks are signed by block_header)");
    };
    return new BeaconBlock(
        f.get("slot").uint64(),
        f.get("proposer_index").uint64(),
        f.get("parent_root").bytes32(),
        f.get("state_root").bytes32(),
        body.apply(f.get("body")));
  }

  public SignedBeaconBlock signedBeaconBlock(JsonField f, ForkName fork) {
    return new SignedBeaconBlock(beaconBlock(f.get("message"), fork), f.get("signature").signature());
  }

  /** AggregateAndProof, phase0 to Deneb. */
  public AggregateAndProof aggregateAndProof(JsonField f) {
    return new AggregateAndProof(
        f.get("aggregator_index").uint64(), attestation(f.get("aggregate")), f.get("selection_proof").signature());
  }

  /** AggregateAndProof from Electra on. */
  public AggregateAndProofElectra aggregateAndProofElectra(JsonField f) {
    return new AggregateAndProofElectra(
        f.get("aggregator_index").uint64(),
        attestationElectra(f.get("aggregate")),
        f.get("selection_proof").signature());
  }

  public SignedAggregateAndProof signedAggregateAndProof(JsonField f) {
    return new SignedAggregateAndProof(aggregateAndProof(f.get("message")), f.get("signature").signature());
  }

  public SyncAggregatorSelectionData syncAggregatorSelectionData(JsonField f) {
    return new SyncAggregatorSelectionData(f.get("slot").uint64(), f.get("subcommittee_index").uint64());
  }

  public SyncCommitteeContribution syncCommitteeContribution(JsonField f) {
    return new SyncCommitteeContribution(
        f.get("slot").uint64(),
        f.get("beacon_block_root").bytes32(),
        f.get("subcommittee_index").uint64(),
        f.get("aggregation_bits").bitvector(preset.syncSubcommitteeSize()),
        f.get("signature").signature());
  }

  public ContributionAndProof contributionAndProof(JsonField f) {
    return new ContributionAndProof(
        f.get("aggregator_index").uint64(),
        syncCommitteeContribution(f.get("contribution")),
        f.get("selection_proof").signature());
  }

  /** ValidatorRegistrationV1 (builder specs). */
  public ValidatorRegistration validatorRegistration(JsonField f) {
    return new ValidatorRegistration(
        f.get("fee_recipient").executionAddress(),
        f.get("gas_limit").uint64(),
        f.get("timestamp").uint64(),
        f.get("pubkey").pubkey());
  }
}

package dev.vigil.spec.json;

import dev.vigil.spec.AggregateAndProof;
import dev.vigil.spec.AggregateAndProofElectra;
import dev.vigil.spec.AggregateAndProofGloas;
import dev.vigil.spec.Attestation;
import dev.vigil.spec.AttestationData;
import dev.vigil.spec.AttestationElectra;
import dev.vigil.spec.AttestationGloas;
import dev.vigil.spec.AttesterSlashing;
import dev.vigil.spec.BeaconBlock;
import dev.vigil.spec.BeaconBlockBody;
import dev.vigil.spec.BeaconBlockBodyAltair;
import dev.vigil.spec.BeaconBlockHeader;
import dev.vigil.spec.BlockBody;
import dev.vigil.spec.BuilderDepositRequest;
import dev.vigil.spec.BuilderExitRequest;
import dev.vigil.spec.BuilderRequestAuth;
import dev.vigil.spec.ByteList;
import dev.vigil.spec.Checkpoint;
import dev.vigil.spec.ConsolidationRequest;
import dev.vigil.spec.ContributionAndProof;
import dev.vigil.spec.Deposit;
import dev.vigil.spec.DepositData;
import dev.vigil.spec.DepositMessage;
import dev.vigil.spec.DepositRequest;
import dev.vigil.spec.Eth1Data;
import dev.vigil.spec.ExecutionPayloadBid;
import dev.vigil.spec.ExecutionPayloadEnvelope;
import dev.vigil.spec.ExecutionPayloadGloas;
import dev.vigil.spec.ExecutionRequestsGloas;
import dev.vigil.spec.Fork;
import dev.vigil.spec.ForkData;
import dev.vigil.spec.ForkInfo;
import dev.vigil.spec.ForkName;
import dev.vigil.spec.IndexedAttestation;
import dev.vigil.spec.KZGCommitment;
import dev.vigil.spec.PayloadAttestationData;
import dev.vigil.spec.Preset;
import dev.vigil.spec.ProposerPreferences;
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
import dev.vigil.spec.Withdrawal;
import dev.vigil.spec.WithdrawalRequest;
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

  /** Attestation from Gloas on (progressive containers, EIP-7688). */
  public AttestationGloas attestationGloas(JsonField f) {
    return new AttestationGloas(
        f.get("aggregation_bits").bitlist(preset.maxValidatorsPerSlot()),
        attestationData(f.get("data")),
        f.get("signature").signature(),
        f.get("committee_bits").bitvector(preset.maxCommitteesPerSlot()));
  }

  /** AggregateAndProof from Gloas on. */
  public AggregateAndProofGloas aggregateAndProofGloas(JsonField f) {
    return new AggregateAndProofGloas(
        f.get("aggregator_index").uint64(),
        attestationGloas(f.get("aggregate")),
        f.get("selection_proof").signature());
  }

  public PayloadAttestationData payloadAttestationData(JsonField f) {
    return new PayloadAttestationData(
        f.get("beacon_block_root").bytes32(), f.get("slot").uint64(),
        f.get("payload_present").bool(), f.get("blob_data_available").bool());
  }

  public ProposerPreferences proposerPreferences(JsonField f) {
    return new ProposerPreferences(
        f.get("dependent_root").bytes32(), f.get("proposal_slot").uint64(), f.get("validator_index").uint64(),
        f.get("fee_recipient").executionAddress(), f.get("target_gas_limit").uint64());
  }

  public BuilderRequestAuth builderRequestAuth(JsonField f) {
    return new BuilderRequestAuth(f.get("data").byteList(BuilderRequestAuth.MAX_DATA_SIZE), f.get("slot").uint64());
  }

  public Withdrawal withdrawal(JsonField f) {
    return new Withdrawal(f.get("index").uint64(), f.get("validator_index").uint64(),
        f.get("address").executionAddress(), f.get("amount").uint64());
  }

  public DepositRequest depositRequest(JsonField f) {
    return new DepositRequest(f.get("pubkey").pubkey(), f.get("withdrawal_credentials").bytes32(),
        f.get("amount").uint64(), f.get("signature").signature(), f.get("index").uint64());
  }

  public WithdrawalRequest withdrawalRequest(JsonField f) {
    return new WithdrawalRequest(f.get("source_address").executionAddress(), f.get("validator_pubkey").pubkey(),
        f.get("amount").uint64());
  }

  public ConsolidationRequest consolidationRequest(JsonField f) {
    return new ConsolidationRequest(f.get("source_address").executionAddress(), f.get("source_pubkey").pubkey(),
        f.get("target_pubkey").pubkey());
  }

  public BuilderDepositRequest builderDepositRequest(JsonField f) {
    return new BuilderDepositRequest(f.get("pubkey").pubkey(), f.get("withdrawal_credentials").bytes32(),
        f.get("amount").uint64(), f.get("signature").signature());
  }

  public BuilderExitRequest builderExitRequest(JsonField f) {
    return new BuilderExitRequest(f.get("source_address").executionAddress(), f.get("pubkey").pubkey());
  }

  /** ExecutionRequests of Gloas; list bounds are the mainnet *_REQUESTS_PER_PAYLOAD (input bounds only). */
  public ExecutionRequestsGloas executionRequestsGloas(JsonField f) {
    return new ExecutionRequestsGloas(
        f.get("deposits").list(8192, this::depositRequest),
        f.get("withdrawals").list(16, this::withdrawalRequest),
        f.get("consolidations").list(2, this::consolidationRequest),
        f.get("builder_deposits").list(64, this::builderDepositRequest),
        f.get("builder_exits").list(16, this::builderExitRequest));
  }

  /** ExecutionPayload of Gloas; list bounds are the mainnet ones (input bounds only, progressive roots have none). */
  public ExecutionPayloadGloas executionPayloadGloas(JsonField f) {
    JsonField logsBloom = f.get("logs_bloom");
    ByteList bloom = logsBloom.byteList(ExecutionPayloadGloas.BYTES_PER_LOGS_BLOOM);
    if (bloom.size() != ExecutionPayloadGloas.BYTES_PER_LOGS_BLOOM) {
      throw logsBloom.error("expected " + ExecutionPayloadGloas.BYTES_PER_LOGS_BLOOM + " bytes");
    }
    return new ExecutionPayloadGloas(
        f.get("parent_hash").bytes32(),
        f.get("fee_recipient").executionAddress(),
        f.get("state_root").bytes32(),
        f.get("receipts_root").bytes32(),
        bloom,
        f.get("prev_randao").bytes32(),
        f.get("block_number").uint64(),
        f.get("gas_limit").uint64(),
        f.get("gas_used").uint64(),
        f.get("timestamp").uint64(),
        f.get("extra_data").byteList(ExecutionPayloadGloas.MAX_EXTRA_DATA_BYTES),
        f.get("base_fee_per_gas").uint256(),
        f.get("block_hash").bytes32(),
        f.get("transactions").list(1 << 20, t -> t.byteList(1 << 30)),
        f.get("withdrawals").list(16, this::withdrawal),
        f.get("blob_gas_used").uint64(),
        f.get("excess_blob_gas").uint64(),
        f.get("block_access_list").byteList(Integer.MAX_VALUE),
        f.get("slot_number").uint64());
  }

  public ExecutionPayloadEnvelope executionPayloadEnvelope(JsonField f) {
    return new ExecutionPayloadEnvelope(
        executionPayloadGloas(f.get("payload")),
        executionRequestsGloas(f.get("execution_requests")),
        f.get("builder_index").uint64(),
        f.get("beacon_block_root").bytes32(),
        f.get("parent_beacon_block_root").bytes32());
  }

  public ExecutionPayloadBid executionPayloadBid(JsonField f) {
    return new ExecutionPayloadBid(
        f.get("parent_block_hash").bytes32(),
        f.get("parent_block_root").bytes32(),
        f.get("block_hash").bytes32(),
        f.get("prev_randao").bytes32(),
        f.get("fee_recipient").executionAddress(),
        f.get("gas_limit").uint64(),
        f.get("builder_index").uint64(),
        f.get("slot").uint64(),
        f.get("value").uint64(),
        f.get("execution_payment").uint64(),
        f.get("blob_kzg_commitments").list(ExecutionPayloadBid.MAX_BLOB_COMMITMENTS,
            JsonField::kzgCommitment),
        f.get("execution_requests_root").bytes32());
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

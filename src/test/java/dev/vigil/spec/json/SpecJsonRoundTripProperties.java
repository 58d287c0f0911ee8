package dev.vigil.spec.json;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.vigil.spec.BuilderDepositRequest;
import dev.vigil.spec.BuilderExitRequest;
import dev.vigil.spec.BuilderRequestAuth;
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
import dev.vigil.spec.ForkName;
import dev.vigil.spec.IndexedAttestation;
import dev.vigil.spec.PayloadAttestationData;
import dev.vigil.spec.Preset;
import dev.vigil.spec.ProposerPreferences;
import dev.vigil.spec.ProposerSlashing;
import dev.vigil.spec.RandomContainers;
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
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Encoding any container to JSON and decoding it again gives the same value. */
class SpecJsonRoundTripProperties {
  private static final SpecJsonDecoder DECODER = new SpecJsonDecoder(Preset.MAINNET);

  private static final Map<Class<?>, BiFunction<JsonField, Record, Object>> DECODERS = Map.ofEntries(
      Map.entry(Fork.class, (f, v) -> DECODER.fork(f)),
      Map.entry(ForkData.class, (f, v) -> DECODER.forkData(f)),
      Map.entry(SigningData.class, (f, v) -> DECODER.signingData(f)),
      Map.entry(Checkpoint.class, (f, v) -> DECODER.checkpoint(f)),
      Map.entry(AttestationData.class, (f, v) -> DECODER.attestationData(f)),
      Map.entry(BeaconBlockHeader.class, (f, v) -> DECODER.beaconBlockHeader(f)),
      Map.entry(SignedBeaconBlockHeader.class, (f, v) -> DECODER.signedBeaconBlockHeader(f)),
      Map.entry(Eth1Data.class, (f, v) -> DECODER.eth1Data(f)),
      Map.entry(ProposerSlashing.class, (f, v) -> DECODER.proposerSlashing(f)),
      Map.entry(IndexedAttestation.class, (f, v) -> DECODER.indexedAttestation(f)),
      Map.entry(AttesterSlashing.class, (f, v) -> DECODER.attesterSlashing(f)),
      Map.entry(Attestation.class, (f, v) -> DECODER.attestation(f)),
      Map.entry(AttestationElectra.class, (f, v) -> DECODER.attestationElectra(f)),
      Map.entry(DepositMessage.class, (f, v) -> DECODER.depositMessage(f)),
      Map.entry(DepositData.class, (f, v) -> DECODER.depositData(f)),
      Map.entry(Deposit.class, (f, v) -> DECODER.deposit(f)),
      Map.entry(VoluntaryExit.class, (f, v) -> DECODER.voluntaryExit(f)),
      Map.entry(SignedVoluntaryExit.class, (f, v) -> DECODER.signedVoluntaryExit(f)),
      Map.entry(SyncAggregate.class, (f, v) -> DECODER.syncAggregate(f)),
      Map.entry(BeaconBlockBody.class, (f, v) -> DECODER.beaconBlockBody(f)),
      Map.entry(BeaconBlockBodyAltair.class, (f, v) -> DECODER.beaconBlockBodyAltair(f)),
      Map.entry(BeaconBlock.class, (f, v) -> DECODER.beaconBlock(f, forkOf(((BeaconBlock) v)))),
      Map.entry(SignedBeaconBlock.class,
          (f, v) -> DECODER.signedBeaconBlock(f, forkOf(((SignedBeaconBlock) v).message()))),
      Map.entry(AggregateAndProof.class, (f, v) -> DECODER.aggregateAndProof(f)),
      Map.entry(AggregateAndProofElectra.class, (f, v) -> DECODER.aggregateAndProofElectra(f)),
      Map.entry(SignedAggregateAndProof.class, (f, v) -> DECODER.signedAggregateAndProof(f)),
      Map.entry(SyncAggregatorSelectionData.class, (f, v) -> DECODER.syncAggregatorSelectionData(f)),
      Map.entry(SyncCommitteeContribution.class, (f, v) -> DECODER.syncCommitteeContribution(f)),
      Map.entry(ContributionAndProof.class, (f, v) -> DECODER.contributionAndProof(f)),
      Map.entry(ValidatorRegistration.class, (f, v) -> DECODER.validatorRegistration(f)),
      Map.entry(PayloadAttestationData.class, (f, v) -> DECODER.payloadAttestationData(f)),
      Map.entry(ProposerPreferences.class, (f, v) -> DECODER.proposerPreferences(f)),
      Map.entry(BuilderRequestAuth.class, (f, v) -> DECODER.builderRequestAuth(f)),
      Map.entry(ExecutionPayloadBid.class, (f, v) -> DECODER.executionPayloadBid(f)),
      Map.entry(AttestationGloas.class, (f, v) -> DECODER.attestationGloas(f)),
      Map.entry(AggregateAndProofGloas.class, (f, v) -> DECODER.aggregateAndProofGloas(f)),
      Map.entry(Withdrawal.class, (f, v) -> DECODER.withdrawal(f)),
      Map.entry(DepositRequest.class, (f, v) -> DECODER.depositRequest(f)),
      Map.entry(WithdrawalRequest.class, (f, v) -> DECODER.withdrawalRequest(f)),
      Map.entry(ConsolidationRequest.class, (f, v) -> DECODER.consolidationRequest(f)),
      Map.entry(BuilderDepositRequest.class, (f, v) -> DECODER.builderDepositRequest(f)),
      Map.entry(BuilderExitRequest.class, (f, v) -> DECODER.builderExitRequest(f)),
      Map.entry(ExecutionRequestsGloas.class, (f, v) -> DECODER.executionRequestsGloas(f)),
      Map.entry(ExecutionPayloadGloas.class, (f, v) -> DECODER.executionPayloadGloas(f)),
      Map.entry(ExecutionPayloadEnvelope.class, (f, v) -> DECODER.executionPayloadEnvelope(f)));

  private static ForkName forkOf(BeaconBlock block) {
    return block.body() instanceof BeaconBlockBodyAltair ? ForkName.ALTAIR : ForkName.PHASE0;
  }

  @Provide
  Arbitrary<Class<? extends Record>> containers() {
    return Arbitraries.of(RandomContainers.TYPES);
  }

  @Property(tries = 200)
  void decodeOfEncodeIsIdentity(@ForAll("containers") Class<? extends Record> type, @ForAll long seed) {
    Record value = (Record) RandomContainers.generate(type, Preset.MAINNET, new Random(seed));

    Object decoded = DECODERS.get(type).apply(JsonField.root(SpecJsonEncoder.toJson(value)), value);

    assertThat(decoded).isEqualTo(value);
  }

  @Test
  void fieldNamesAreSnakeCase() {
    assertThat(SpecJsonEncoder.snakeCase("signedHeader1")).isEqualTo("signed_header_1");
    assertThat(SpecJsonEncoder.snakeCase("attestation2")).isEqualTo("attestation_2");
    assertThat(SpecJsonEncoder.snakeCase("eth1Data")).isEqualTo("eth1_data");
    assertThat(SpecJsonEncoder.snakeCase("beaconBlockRoot")).isEqualTo("beacon_block_root");
    assertThat(SpecJsonEncoder.toJson(new VoluntaryExit(-1L, 3)).toString())
        .isEqualTo("{\"epoch\":\"18446744073709551615\",\"validator_index\":\"3\"}");
  }
}

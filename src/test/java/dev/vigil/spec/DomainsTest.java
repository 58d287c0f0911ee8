package dev.vigil.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DomainsTest {
  private static final Bytes4 PREVIOUS = Bytes4.fromHex("0x03000000");
  private static final Bytes4 CURRENT = Bytes4.fromHex("0x04000000");
  private static final Bytes32 GVR =
      Bytes32.fromHex("0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95");

  @Test
  void domainTypeConstantsAreThoseOfTheSpecs() {
    assertThat(DomainType.BEACON_PROPOSER.value()).isEqualTo(Bytes4.fromHex("0x00000000"));
    assertThat(DomainType.BEACON_ATTESTER.value()).isEqualTo(Bytes4.fromHex("0x01000000"));
    assertThat(DomainType.RANDAO.value()).isEqualTo(Bytes4.fromHex("0x02000000"));
    assertThat(DomainType.DEPOSIT.value()).isEqualTo(Bytes4.fromHex("0x03000000"));
    assertThat(DomainType.VOLUNTARY_EXIT.value()).isEqualTo(Bytes4.fromHex("0x04000000"));
    assertThat(DomainType.SELECTION_PROOF.value()).isEqualTo(Bytes4.fromHex("0x05000000"));
    assertThat(DomainType.AGGREGATE_AND_PROOF.value()).isEqualTo(Bytes4.fromHex("0x06000000"));
    assertThat(DomainType.SYNC_COMMITTEE.value()).isEqualTo(Bytes4.fromHex("0x07000000"));
    assertThat(DomainType.SYNC_COMMITTEE_SELECTION_PROOF.value()).isEqualTo(Bytes4.fromHex("0x08000000"));
    assertThat(DomainType.CONTRIBUTION_AND_PROOF.value()).isEqualTo(Bytes4.fromHex("0x09000000"));
    assertThat(DomainType.APPLICATION_BUILDER.value()).isEqualTo(Bytes4.fromHex("0x00000001"));
  }

  @Test
  void domainIsTheTypeFollowedByTheFirst28BytesOfTheForkDataRoot() {
    byte[] forkDataRoot = Domains.computeForkDataRoot(CURRENT, GVR).toArray();

    byte[] domain = Domains.computeDomain(DomainType.RANDAO, CURRENT, GVR).toArray();

    assertThat(java.util.Arrays.copyOf(domain, 4)).isEqualTo(DomainType.RANDAO.value().toArray());
    assertThat(java.util.Arrays.copyOfRange(domain, 4, 32)).isEqualTo(java.util.Arrays.copyOf(forkDataRoot, 28));
  }

  @Test
  void forkInfoVersionSwitchesAtTheForkEpoch() {
    ForkInfo forkInfo = new ForkInfo(new Fork(PREVIOUS, CURRENT, 269568), GVR);

    assertThat(forkInfo.versionAt(269567)).isEqualTo(PREVIOUS);
    assertThat(forkInfo.versionAt(269568)).isEqualTo(CURRENT);
    assertThat(forkInfo.domain(DomainType.BEACON_ATTESTER, 269567))
        .isEqualTo(Domains.computeDomain(DomainType.BEACON_ATTESTER, PREVIOUS, GVR));
    assertThat(forkInfo.domain(DomainType.BEACON_ATTESTER, 269568))
        .isEqualTo(Domains.computeDomain(DomainType.BEACON_ATTESTER, CURRENT, GVR));
  }

  @Test
  void forkInfoComparesEpochsUnsigned() {
    long above2To63 = Long.parseUnsignedLong("9223372036854775808");
    ForkInfo forkInfo = new ForkInfo(new Fork(PREVIOUS, CURRENT, above2To63), GVR);

    assertThat(forkInfo.versionAt(5)).isEqualTo(PREVIOUS);
    assertThat(forkInfo.versionAt(above2To63 - 1)).isEqualTo(PREVIOUS);
    assertThat(forkInfo.versionAt(above2To63)).isEqualTo(CURRENT);
    assertThat(forkInfo.versionAt(-1L)).isEqualTo(CURRENT);
  }

  @Test
  void forkInfoSigningRootIsSigningDataOfRootAndDomain() {
    ForkInfo forkInfo = new ForkInfo(new Fork(PREVIOUS, CURRENT, 10), GVR);
    Bytes32 object = HashTreeRoots.ofUint64(12);

    assertThat(forkInfo.signingRoot(object, DomainType.RANDAO, 12))
        .isEqualTo(new SigningData(object, Domains.computeDomain(DomainType.RANDAO, CURRENT, GVR)).hashTreeRoot());
  }

  @Test
  void forkInfoNeedsBothParts() {
    assertThatThrownBy(() -> new ForkInfo(null, GVR)).hasMessageContaining("fork_info.fork");
    assertThatThrownBy(() -> new ForkInfo(new Fork(PREVIOUS, CURRENT, 1), null))
        .hasMessageContaining("genesis_validators_root");
  }

  @Test
  void bareValueRoots() {
    assertThat(HashTreeRoots.ofUint64(0x0102L))
        .isEqualTo(Bytes32.fromHex("0x0201000000000000000000000000000000000000000000000000000000000000"));
    assertThat(HashTreeRoots.ofUint64(-1L))
        .isEqualTo(Bytes32.fromHex("0xffffffffffffffff000000000000000000000000000000000000000000000000"));
    assertThat(HashTreeRoots.ofRoot(GVR)).isEqualTo(GVR);
  }

  @Test
  void presetsAndEpochOfSlot() {
    assertThat(Preset.named("mainnet")).isSameAs(Preset.MAINNET);
    assertThat(Preset.named("minimal")).isSameAs(Preset.MINIMAL);
    assertThatThrownBy(() -> Preset.named("gnosis")).hasMessageContaining("gnosis");
    assertThat(Preset.MAINNET.epochAtSlot(63)).isEqualTo(1);
    assertThat(Preset.MINIMAL.epochAtSlot(63)).isEqualTo(7);
    assertThat(Preset.MAINNET.epochAtSlot(-1L)).isEqualTo(Long.divideUnsigned(-1L, 32));
    assertThat(Preset.MAINNET.syncSubcommitteeSize()).isEqualTo(128);
    assertThat(Preset.MINIMAL.syncSubcommitteeSize()).isEqualTo(8);
    assertThat(Preset.MAINNET.maxValidatorsPerSlot()).isEqualTo(131072);
  }

  @Test
  void forkNamesParseLeniently() {
    assertThat(ForkName.parse("deneb")).isEqualTo(ForkName.DENEB);
    assertThat(ForkName.parse("PHASE 0")).isEqualTo(ForkName.PHASE0);
    assertThat(ForkName.parse("gloas")).isEqualTo(ForkName.GLOAS);
    assertThatThrownBy(() -> ForkName.parse("HEZE")).hasMessageContaining("HEZE");
  }
}

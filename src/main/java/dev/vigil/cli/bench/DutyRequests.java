package dev.vigil.cli.bench;

/**
 * Web3Signer signing bodies as a validator client sends them for each duty (Electra-era forms).
 * Every slashable message is new for its validator (slots and target epochs only grow), so an
 * honest replay is never refused.
 */
public final class DutyRequests {
  /** Mainnet's genesis validators root: the chain every request of the replay is for. */
  public static final String GENESIS_VALIDATORS_ROOT = "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95";

  private static final String FORK_INFO = """
      {"fork":{"previous_version":"0x04000000","current_version":"0x05000000","epoch":"0"},\
      "genesis_validators_root":"%s"}""".formatted(GENESIS_VALIDATORS_ROOT);
  /** The point at infinity, compressed: a well-formed BLSSignature that carries no key. */
  private static final String EMPTY_SIGNATURE = "0xc0" + "00".repeat(95);
  private static final long SLOTS_PER_EPOCH = 32;

  private DutyRequests() {}

  public static String attestation(long slot) {
    return """
        {"type":"ATTESTATION","fork_info":%s,"attestation":%s}"""
        .formatted(FORK_INFO, attestationData(slot));
  }

  public static String aggregationSlot(long slot) {
    return """
        {"type":"AGGREGATION_SLOT","fork_info":%s,"aggregation_slot":{"slot":"%s"}}"""
        .formatted(FORK_INFO, Long.toUnsignedString(slot));
  }

  public static String aggregateAndProof(long slot, int aggregatorIndex) {
    return """
        {"type":"AGGREGATE_AND_PROOF_V2","fork_info":%s,"aggregate_and_proof":{"version":"ELECTRA","data":{\
        "aggregator_index":"%d","selection_proof":"%s","aggregate":{"aggregation_bits":"0xffffffffffffffff01",\
        "data":%s,"signature":"%s","committee_bits":"0x0100000000000000"}}}}"""
        .formatted(FORK_INFO, aggregatorIndex, EMPTY_SIGNATURE,
            attestationData(slot), EMPTY_SIGNATURE);
  }

  public static String syncCommitteeMessage(long slot) {
    return """
        {"type":"SYNC_COMMITTEE_MESSAGE","fork_info":%s,"sync_committee_message":\
        {"beacon_block_root":"%s","slot":"%s"}}"""
        .formatted(FORK_INFO, root(slot), Long.toUnsignedString(slot));
  }

  public static String syncSelectionProof(long slot, int subcommitteeIndex) {
    return """
        {"type":"SYNC_COMMITTEE_SELECTION_PROOF","fork_info":%s,"sync_aggregator_selection_data":\
        {"slot":"%s","subcommittee_index":"%d"}}"""
        .formatted(FORK_INFO, Long.toUnsignedString(slot), subcommitteeIndex);
  }

  public static String contributionAndProof(long slot, int aggregatorIndex, int subcommitteeIndex) {
    return """
        {"type":"SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF","fork_info":%s,"contribution_and_proof":{\
        "aggregator_index":"%d","selection_proof":"%s","contribution":{"slot":"%s","beacon_block_root":"%s",\
        "subcommittee_index":"%d","aggregation_bits":"0xffffffffffffffffffffffffffffffff","signature":"%s"}}}"""
        .formatted(FORK_INFO, aggregatorIndex, EMPTY_SIGNATURE, Long.toUnsignedString(slot), root(slot),
            subcommitteeIndex, EMPTY_SIGNATURE);
  }

  public static String randaoReveal(long slot) {
    return """
        {"type":"RANDAO_REVEAL","fork_info":%s,"randao_reveal":{"epoch":"%s"}}"""
        .formatted(FORK_INFO, Long.toUnsignedString(slot / SLOTS_PER_EPOCH));
  }

  public static String block(long slot, int proposerIndex) {
    return """
        {"type":"BLOCK_V2","fork_info":%s,"beacon_block":{"version":"ELECTRA","block_header":{"slot":"%s",\
        "proposer_index":"%d","parent_root":"%s","state_root":"%s","body_root":"%s"}}}"""
        .formatted(FORK_INFO, Long.toUnsignedString(slot), proposerIndex, root(slot - 1), root(slot + 7), root(slot + 13));
  }

  /** From Electra on the committee index of attestation data is always 0. */
  private static String attestationData(long slot) {
    long target = slot / SLOTS_PER_EPOCH;
    return """
        {"slot":"%s","index":"0","beacon_block_root":"%s","source":{"epoch":"%s","root":"%s"},\
        "target":{"epoch":"%s","root":"%s"}}"""
        .formatted(Long.toUnsignedString(slot), root(slot),
            Long.toUnsignedString(target - 1), root((target - 1) * SLOTS_PER_EPOCH),
            Long.toUnsignedString(target), root(target * SLOTS_PER_EPOCH));
  }

  /** A root that differs from slot to slot, as block roots do. */
  private static String root(long seed) {
    return "0x%064x".formatted(seed * 0x9E3779B97F4A7C15L);
  }
}

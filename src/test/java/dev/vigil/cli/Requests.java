package dev.vigil.cli;

/** Web3Signer signing request bodies for tests, in the form validator clients send them. */
final class Requests {
  static final String GVR = "0x04700007fabc8282644aed6d1c7c9e21d38a03a0c4ba193f3afe428824b3a673";
  static final String OTHER_GVR = "0x0000000000000000000000000000000000000000000000000000000000000001";

  private Requests() {}

  static String forkInfo(String gvr) {
    return """
        {"fork":{"previous_version":"0x00000001","current_version":"0x00000001","epoch":"0"},
         "genesis_validators_root":"%s"}""".formatted(gvr);
  }

  static String attestation(long source, long target, String blockRoot) {
    return attestation(source, target, blockRoot, GVR);
  }

  static String attestation(long source, long target, String blockRoot, String gvr) {
    return """
        {"type":"ATTESTATION","fork_info":%s,
         "attestation":{"slot":"%s","index":"0","beacon_block_root":"%s",
           "source":{"epoch":"%s","root":"0x%s"},
           "target":{"epoch":"%s","root":"0x%s"}}}"""
        .formatted(forkInfo(gvr), Long.toUnsignedString(target * 32), blockRoot, Long.toUnsignedString(source),
            "11".repeat(32), Long.toUnsignedString(target), "22".repeat(32));
  }

  static String blockV2(long slot, String bodyRoot) {
    return blockV2(slot, bodyRoot, GVR);
  }

  static String blockV2(long slot, String bodyRoot, String gvr) {
    return """
        {"type":"BLOCK_V2","fork_info":%s,
         "beacon_block":{"version":"DENEB","block_header":{"slot":"%s","proposer_index":"5",
           "parent_root":"0x%s","state_root":"0x%s","body_root":"%s"}}}"""
        .formatted(forkInfo(gvr), Long.toUnsignedString(slot), "33".repeat(32), "44".repeat(32), bodyRoot);
  }

  static String randaoReveal(long epoch, String gvr) {
    return """
        {"type":"RANDAO_REVEAL","fork_info":%s,"randao_reveal":{"epoch":"%s"}}"""
        .formatted(forkInfo(gvr), Long.toUnsignedString(epoch));
  }

  static String aggregationSlot(String slot) {
    return """
        {"type":"AGGREGATION_SLOT","fork_info":%s,"aggregation_slot":{"slot":"%s"}}"""
        .formatted(forkInfo(GVR), slot);
  }

  static String root(int fill) {
    return "0x" + "%02x".formatted(fill).repeat(32);
  }
}

package dev.vigil.cli;

import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.DepositData;
import dev.vigil.spec.Hex;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A deposit_data-<timestamp>.json file exactly as staking-deposit-cli writes it (Python's json.dump):
 * a JSON array, ", " and ": " separators, hex without 0x, amount a JSON number, no final newline.
 */
final class DepositDataFile {
  /** What ethstaker-deposit-cli writes too: the Launchpad checks this field. */
  static final String DEPOSIT_CLI_VERSION = "2.7.0";

  private DepositDataFile() {}

  /** One entry: the signed deposit and the network it is for. */
  record Entry(DepositData deposit, Bytes4 forkVersion, String networkName) {
    Bytes32 depositMessageRoot() {
      return deposit.message().hashTreeRoot();
    }

    Bytes32 depositDataRoot() {
      return deposit.hashTreeRoot();
    }

    String toJson() {
      return "{" + field("pubkey", bare(deposit.pubkey().toArray()))
          + ", " + field("withdrawal_credentials", bare(deposit.withdrawalCredentials().toArray()))
          + ", \"amount\": " + Long.toUnsignedString(deposit.amount())
          + ", " + field("signature", bare(deposit.signature().toArray()))
          + ", " + field("deposit_message_root", bare(depositMessageRoot().toArray()))
          + ", " + field("deposit_data_root", bare(depositDataRoot().toArray()))
          + ", " + field("fork_version", bare(forkVersion.toArray()))
          + ", " + field("network_name", networkName)
          + ", " + field("deposit_cli_version", DEPOSIT_CLI_VERSION) + "}";
    }
  }

  static String conventionalName(long unixSeconds) {
    return "deposit_data-" + unixSeconds + ".json";
  }

  static String toJson(List<Entry> entries) {
    return entries.stream().map(Entry::toJson).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String bare(byte[] bytes) {
    return Hex.encodeBare(bytes);
  }

  private static String field(String name, String value) {
    return "\"" + name + "\": " + quoted(value);
  }

  private static String quoted(String value) {
    try {
      return JsonHttp.JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

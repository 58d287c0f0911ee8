package dev.vigil.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.crypto.Bls;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.DepositData;
import dev.vigil.spec.DepositMessage;
import dev.vigil.spec.Domains;
import dev.vigil.spec.ExecutionAddress;
import dev.vigil.spec.Network;
import dev.vigil.spec.UInt64;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigil deposit}: deposit data for the Launchpad and the deposit tools, signed by the running
 * signer (DEPOSIT signing type) and verified against the network's deposit domain before anything
 * is written.
 */
@Command(
    name = "deposit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes deposit data (deposit_data-<timestamp>.json, as staking-deposit-cli) for keys held by a running signer.",
      "Each deposit is signed by the signer and its signature verified before the file is written."
    })
public final class DepositCommand implements Callable<Integer> {
  static final long GWEI_PER_ETH = 1_000_000_000L;
  static final long MIN_AMOUNT = GWEI_PER_ETH;
  /** The most a deposit may carry for 0x00 and 0x01 credentials: MAX_EFFECTIVE_BALANCE. */
  static final long MAX_AMOUNT = 32 * GWEI_PER_ETH;
  /** The most for 0x02 (compounding) credentials: MAX_EFFECTIVE_BALANCE_ELECTRA. */
  static final long MAX_AMOUNT_COMPOUNDING = 2048 * GWEI_PER_ETH;

  @Spec CommandSpec spec;
  @Mixin SignerOptions signer;

  @Option(names = "--network", required = true, description = "mainnet, sepolia, holesky, hoodi, ephemery, or the path of a consensus config.yaml.")
  String network;

  @Option(names = "--withdrawal-address", description = "Execution address for 0x01 withdrawal credentials (0x02 with --compounding).")
  String withdrawalAddress;

  @Option(names = "--compounding", defaultValue = "false", description = "With --withdrawal-address: 0x02 (compounding) credentials.")
  boolean compounding;

  @Option(names = "--withdrawal-credentials", description = "Any 32-byte withdrawal credentials, verbatim (e.g. 0x00 BLS credentials).")
  String withdrawalCredentials;

  @Option(names = "--amount", description = "Amount in Gwei: 1 ETH to 32 ETH, up to 2048 ETH for 0x02 credentials. Default: 32000000000")
  String amount;

  @Option(names = "--pubkey", description = "A key held by the signer (repeat the flag for several).")
  List<String> pubkeys = new ArrayList<>();

  @Option(names = "--all", defaultValue = "false", description = "Every key the signer holds.")
  boolean all;

  @Option(names = "--output", description = "File to write, or an existing directory for deposit_data-<timestamp>.json. Default: the current directory.")
  Path output;

  @Override
  public Integer call() throws Exception {
    Network chosen = NetworkChoice.resolve(network);
    Bytes32 credentials = credentials();
    long gwei = amount(credentials);
    List<BLSPubkey> requested = keys();
    if (signer.apiTokenFile == null) {
      throw new IllegalArgumentException("--api-token-file: required: the signer signs DEPOSIT only for a holder of its "
          + "Keymanager API token (its <data-dir>/api-token.txt)");
    }
    SignerClient client = signer.connect();
    List<BLSPubkey> keys = all ? client.publicKeys() : requested;
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("--all: the signer at " + signer.url + " holds no keys");
    }
    Path target = OutputFiles.resolve(output, DepositDataFile.conventionalName(Instant.now().getEpochSecond()));
    Progress progress = Progress.on(spec.commandLine().getErr(), "deposits", keys.size());
    List<DepositDataFile.Entry> entries = client.inParallel(keys,
        key -> new DepositDataFile.Entry(signDeposit(client, chosen, key, credentials, gwei),
            chosen.genesisForkVersion(), chosen.name()),
        progress);
    OutputFiles.write(target, DepositDataFile.toJson(entries));
    spec.commandLine().getOut().println(target);
    return 0;
  }

  /** Signs one deposit through the signer and verifies the signature against the deposit domain. */
  static DepositData signDeposit(SignerClient client, Network network, BLSPubkey pubkey, Bytes32 credentials, long gwei) {
    DepositMessage message = new DepositMessage(pubkey, credentials, gwei);
    Bytes32 signingRoot = Domains.computeSigningRoot(message.hashTreeRoot(), network.depositDomain());
    ObjectNode request = JsonHttp.JSON.createObjectNode();
    request.put("type", "DEPOSIT");
    request.put("signingRoot", signingRoot.toHexString());
    ObjectNode deposit = request.putObject("deposit");
    deposit.put("pubkey", pubkey.toHexString());
    deposit.put("withdrawal_credentials", credentials.toHexString());
    deposit.put("amount", Long.toUnsignedString(gwei));
    deposit.put("genesis_fork_version", network.genesisForkVersion().toHexString());
    BLSSignature signature = client.sign(pubkey, request);
    if (!Bls.verify(pubkey, signingRoot.toArray(), signature)) {
      throw new RemoteCallException("the signer returned a deposit signature for " + pubkey
          + " that does not verify against the deposit domain of " + network.name() + "; nothing written");
    }
    return new DepositData(pubkey, credentials, gwei, signature);
  }

  private Bytes32 credentials() {
    if ((withdrawalAddress == null) == (withdrawalCredentials == null)) {
      throw new IllegalArgumentException("give exactly one of --withdrawal-address and --withdrawal-credentials");
    }
    if (withdrawalCredentials != null) {
      if (compounding) {
        throw new IllegalArgumentException("--compounding goes with --withdrawal-address; --withdrawal-credentials are taken verbatim");
      }
      Bytes32 credentials = HexArguments.parse("--withdrawal-credentials", withdrawalCredentials, Bytes32::fromHex);
      int prefix = credentials.toArray()[0];
      if (prefix < 0 || prefix > 2) {
        throw new IllegalArgumentException("--withdrawal-credentials: prefix 0x%02x is not 0x00, 0x01 or 0x02".formatted(prefix & 0xff));
      }
      return credentials;
    }
    ExecutionAddress address = HexArguments.parse("--withdrawal-address", withdrawalAddress, ExecutionAddress::fromHex);
    byte[] credentials = new byte[Bytes32.SIZE];
    credentials[0] = (byte) (compounding ? 0x02 : 0x01);
    address.copyTo(credentials, Bytes32.SIZE - ExecutionAddress.SIZE);
    return new Bytes32(credentials);
  }

  private long amount(Bytes32 credentials) {
    long gwei = amount == null ? MAX_AMOUNT : UInt64.parse("--amount", amount);
    boolean compoundingCredentials = credentials.toArray()[0] == 0x02;
    long max = compoundingCredentials ? MAX_AMOUNT_COMPOUNDING : MAX_AMOUNT;
    if (Long.compareUnsigned(gwei, MIN_AMOUNT) < 0 || Long.compareUnsigned(gwei, max) > 0) {
      throw new IllegalArgumentException("--amount: " + Long.toUnsignedString(gwei) + " Gwei is out of range: from "
          + MIN_AMOUNT + " (1 ETH) to " + max + " (" + max / GWEI_PER_ETH + " ETH) for "
          + (compoundingCredentials ? "0x02" : "0x00 and 0x01") + " credentials");
    }
    return gwei;
  }

  private List<BLSPubkey> keys() {
    if (all == !pubkeys.isEmpty()) {
      throw new IllegalArgumentException("give either --pubkey (one or more) or --all");
    }
    return HexArguments.distinctPubkeys("--pubkey", pubkeys);
  }
}

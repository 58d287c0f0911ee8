package dev.vigil.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.crypto.Bls;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.Domains;
import dev.vigil.spec.Network;
import dev.vigil.spec.UInt64;
import dev.vigil.spec.VoluntaryExit;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil exit}: signed voluntary exits, one beacon-API JSON file per validator, signed by the
 * running signer (VOLUNTARY_EXIT) under the network's exit domain (EIP-7044 from Deneb on) and
 * verified before anything is written; posted to a beacon node only with --submit.
 */
@Command(
    name = "exit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes signed voluntary exits (signed_exit_transaction-<index>-<timestamp>.json) for keys held by a running signer.",
      "Validator indices and the current epoch come from --beacon-node when given; --submit also broadcasts them."
    })
public final class ExitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SignerOptions signer;

  @Option(names = "--network", required = true, description = "mainnet, sepolia, holesky, hoodi, ephemery, or the path of a consensus config.yaml.")
  String network;

  @Option(names = "--genesis-validators-root-file", description = "File with the genesis validators root (hex), for ephemery or a config.yaml network without --beacon-node.")
  Path genesisValidatorsRootFile;

  @Option(names = "--pubkey", description = "A key held by the signer (repeat the flag for several).")
  List<String> pubkeys = new ArrayList<>();

  @Option(names = "--validator-index", description = "The validator index of each --pubkey, in the same order (not needed with --beacon-node).")
  List<String> validatorIndices = new ArrayList<>();

  @Option(names = "--all", defaultValue = "false", description = "Every key the signer holds that the beacon node knows as a validator (needs --beacon-node).")
  boolean all;

  @Option(names = "--beacon-node", description = "Beacon node URL (standard beacon API): validator indices, genesis, current epoch.")
  String beaconNode;

  @Option(names = "--epoch", description = "Exit epoch. Default: the current epoch from --beacon-node, else 0 (valid forever from Deneb on, EIP-7044).")
  String epoch;

  @Option(names = "--output", description = "Directory for the exit files (created if absent), or one .json file for a single exit. Default: the current directory.")
  Path output;

  @Option(names = "--submit", defaultValue = "false", description = "Also POST each exit to --beacon-node /eth/v1/beacon/pool/voluntary_exits.")
  boolean submit;

  /** One exit to sign. */
  record Validator(BLSPubkey pubkey, long index) {}

  @Override
  public Integer call() throws Exception {
    Network base = NetworkChoice.resolve(network);
    checkSelection();
    List<BLSPubkey> requested = HexArguments.distinctPubkeys("--pubkey", pubkeys);
    List<Long> givenIndices = new ArrayList<>();
    for (String index : validatorIndices) {
      givenIndices.add(UInt64.parse("--validator-index", index));
    }
    Optional<BeaconNodeClient> beacon = Optional.ofNullable(beaconNode)
        .map(url -> new BeaconNodeClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build(), url));
    Network chosen = NetworkChoice.withGenesisValidatorsRoot(base, genesisValidatorsRootFile, beacon);
    long exitEpoch = exitEpoch(chosen, beacon);
    SignerClient client = signer.connect();
    List<Validator> validators = validators(client, beacon, requested, givenIndices);
    long timestamp = Instant.now().getEpochSecond();
    Progress progress = Progress.on(spec.commandLine().getErr(), "exits", validators.size());
    List<String> signed = client.inParallel(validators, v -> signExit(client, chosen, v, exitEpoch), progress);
    Map<Path, String> files = new LinkedHashMap<>();
    Path directory = outputDirectory(validators.size());
    for (int i = 0; i < validators.size(); i++) {
      Path file = directory == null ? output
          : directory.resolve("signed_exit_transaction-" + Long.toUnsignedString(validators.get(i).index()) + "-" + timestamp + ".json");
      files.put(file, signed.get(i));
    }
    OutputFiles.writeAll(files);
    files.keySet().forEach(spec.commandLine().getOut()::println);
    if (submit) {
      Progress posted = Progress.on(spec.commandLine().getErr(), "submitted", signed.size());
      for (String exit : signed) {
        beacon.orElseThrow().submitVoluntaryExit(exit);
        posted.advance();
      }
    }
    return 0;
  }

  /**
   * Signs one exit through the signer and verifies it under the network's exit domain; returns the
   * beacon-API JSON as ethstaker-deposit-cli writes it.
   */
  static String signExit(SignerClient client, Network network, Validator validator, long epoch) {
    VoluntaryExit exit = new VoluntaryExit(epoch, validator.index());
    Bytes32 genesisValidatorsRoot = network.requireGenesisValidatorsRoot();
    Bytes32 signingRoot = Domains.computeSigningRoot(exit.hashTreeRoot(), network.voluntaryExitDomain(epoch));
    Bytes4 version = network.voluntaryExitForkVersion(epoch);
    ObjectNode request = JsonHttp.JSON.createObjectNode();
    request.put("type", "VOLUNTARY_EXIT");
    ObjectNode forkInfo = request.putObject("fork_info");
    // One version either side: the signer then uses exactly the version the exit domain needs.
    forkInfo.putObject("fork")
        .put("previous_version", version.toHexString())
        .put("current_version", version.toHexString())
        .put("epoch", "0");
    forkInfo.put("genesis_validators_root", genesisValidatorsRoot.toHexString());
    request.put("signingRoot", signingRoot.toHexString());
    request.putObject("voluntary_exit")
        .put("epoch", Long.toUnsignedString(epoch))
        .put("validator_index", Long.toUnsignedString(validator.index()));
    BLSSignature signature = client.sign(validator.pubkey(), request);
    if (!Bls.verify(validator.pubkey(), signingRoot.toArray(), signature)) {
      throw new RemoteCallException("the signer returned an exit signature for " + validator.pubkey()
          + " that does not verify under the exit domain of " + network.name() + "; nothing written");
    }
    return "{\"message\": {\"epoch\": \"" + Long.toUnsignedString(epoch) + "\", \"validator_index\": \""
        + Long.toUnsignedString(validator.index()) + "\"}, \"signature\": \"" + signature.toHexString() + "\"}";
  }

  /** The fork version behind {@link Network#voluntaryExitDomain}: Capella's once Deneb is scheduled (EIP-7044). */
  private void checkSelection() {
    if (all == !pubkeys.isEmpty()) {
      throw new IllegalArgumentException("give either --pubkey (one or more) or --all");
    }
    if (all && beaconNode == null) {
      throw new IllegalArgumentException("--all needs --beacon-node for the validator indices");
    }
    if (all && !validatorIndices.isEmpty()) {
      throw new IllegalArgumentException("--validator-index goes with --pubkey, not --all");
    }
    if (!pubkeys.isEmpty() && beaconNode == null && validatorIndices.size() != pubkeys.size()) {
      throw new IllegalArgumentException("--validator-index: " + validatorIndices.size() + " given for "
          + pubkeys.size() + " --pubkey; give one per key, or --beacon-node");
    }
    if (!validatorIndices.isEmpty() && validatorIndices.size() != pubkeys.size()) {
      throw new IllegalArgumentException("--validator-index: " + validatorIndices.size() + " given for " + pubkeys.size() + " --pubkey");
    }
    if (submit && beaconNode == null) {
      throw new IllegalArgumentException("--submit needs --beacon-node");
    }
  }

  private long exitEpoch(Network network, Optional<BeaconNodeClient> beacon) {
    if (epoch != null) {
      return UInt64.parse("--epoch", epoch);
    }
    if (beacon.isPresent()) {
      return network.preset().epochAtSlot(beacon.get().headSlot());
    }
    if (!network.hasDeneb()) {
      // Before Deneb an exit is valid only under the fork of its epoch: guessing 0 could sign a useless exit.
      throw new IllegalArgumentException("--epoch: needed on " + network.name() + " (no Deneb, so no EIP-7044), or give --beacon-node");
    }
    return 0;
  }

  private List<Validator> validators(
      SignerClient client, Optional<BeaconNodeClient> beacon, List<BLSPubkey> requested, List<Long> givenIndices) {
    List<BLSPubkey> keys = all ? client.publicKeys() : requested;
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("--all: the signer at " + signer.url + " holds no keys");
    }
    Map<BLSPubkey, Long> known = beacon.map(b -> b.validatorIndices(keys)).orElse(Map.of());
    List<Validator> validators = new ArrayList<>();
    int unknown = 0;
    for (int i = 0; i < keys.size(); i++) {
      BLSPubkey key = keys.get(i);
      Long index = givenIndices.isEmpty() ? known.get(key) : givenIndices.get(i);
      if (beacon.isPresent() && !givenIndices.isEmpty() && !index.equals(known.get(key))) {
        throw new IllegalArgumentException("--validator-index " + Long.toUnsignedString(index) + " for " + key
            + ": the beacon node knows it as " + (known.containsKey(key) ? Long.toUnsignedString(known.get(key)) : "no validator"));
      }
      if (index == null) {
        if (!all) {
          throw new IllegalArgumentException("--pubkey " + key + ": the beacon node knows no validator with this key");
        }
        unknown++;
        continue;
      }
      validators.add(new Validator(key, index));
    }
    if (unknown > 0) {
      spec.commandLine().getErr().println("note: " + unknown + " of " + keys.size()
          + " keys are not validators on the beacon node yet; no exit for them");
    }
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("--all: none of the signer's " + keys.size() + " keys is a validator on the beacon node");
    }
    return validators;
  }

  /** The directory to write into, or null when --output names the single file to write. */
  private Path outputDirectory(int count) throws java.io.IOException {
    if (output == null) {
      return Path.of(".");
    }
    if (Files.isDirectory(output)) {
      return output;
    }
    if (output.getFileName().toString().endsWith(".json")) {
      if (count != 1) {
        throw new IllegalArgumentException("--output: " + output + " names one file but there are " + count + " exits; give a directory");
      }
      return null;
    }
    Files.createDirectories(output);
    return output;
  }
}

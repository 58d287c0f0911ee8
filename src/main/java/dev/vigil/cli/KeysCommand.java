package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.attestation.Evidence;
import dev.vigil.attestation.EvidenceVerifier;
import dev.vigil.attestation.ReportData;
import dev.vigil.attestation.Verdict;
import dev.vigil.attestation.VerificationPolicy;
import dev.vigil.signer.KeyGenerator;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil keys}: generate, list, import and delete keys of a running signer. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Keys of a running signer: generate inside it (with evidence), list, import EIP-2335 keystores, delete.",
    subcommands = {
      KeysCommand.Generate.class,
      KeysCommand.ListKeys.class,
      KeysCommand.Import.class,
      KeysCommand.Delete.class,
      KeysMigrateCommand.class
    })
public final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code vigil keys generate}: keys born inside the signer, each with evidence, verified before writing. */
  @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Generates keys inside the signer and writes their public keys with evidence (a JSON array of evidence objects).")
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin SignerOptions signer;

    @Option(names = "--count", required = true, description = "How many keys.")
    int count;

    @Option(names = "--nonce", description = "Up to 32 bytes of hex the evidence must bind (e.g. from the relying party).")
    String nonce;

    @Option(names = "--output", description = "File to write, or an existing directory for keygen-<timestamp>.json. Default: the current directory.")
    Path output;

    @Option(names = "--no-verify", defaultValue = "false", description = "Write the evidence without verifying it.")
    boolean noVerify;

    @Option(names = "--allow-insecure", defaultValue = "false", description = "Accept insecure-none evidence (a signer without a TEE).")
    boolean allowInsecure;

    @Override
    public Integer call() throws Exception {
      if (count < 1) {
        throw new IllegalArgumentException("--count: must be at least 1, got " + count);
      }
      byte[] nonceBytes = nonce == null ? null : HexArguments.parse("--nonce", nonce, Hex::decode);
      Bytes32 paddedNonce = HexArguments.parse("--nonce", nonce, text -> ReportData.nonce(nonceBytes));
      Path target = OutputFiles.resolve(output, "keygen-" + Instant.now().getEpochSecond() + ".json");
      SignerClient client = signer.connect();
      Progress progress = Progress.on(spec.commandLine().getErr(), "keys", count);
      EvidenceVerifier verifier = new EvidenceVerifier();
      VerificationPolicy policy = VerificationPolicy.strict().withNonce(paddedNonce).withAllowInsecure(allowInsecure);
      List<String> evidence = new ArrayList<>();
      for (int done = 0; done < count; done += KeyGenerator.MAX_COUNT) {
        int batch = Math.min(KeyGenerator.MAX_COUNT, count - done);
        ObjectNode request = JsonHttp.JSON.createObjectNode().put("count", batch);
        if (nonceBytes != null) {
          request.put("nonce", Hex.encode(nonceBytes));
        }
        JsonNode data = client.keygen(request).path("data");
        if (!data.isArray() || data.size() != batch) {
          throw client.nonsense("POST /eth/v1/keygen/bls", "expected " + batch + " keys in \"data\"; keys it did make stay in the signer");
        }
        for (JsonNode key : data) {
          evidence.add(checked(client, key, verifier, policy).toJson());
          progress.advance();
        }
      }
      OutputFiles.write(target, evidence.stream().collect(Collectors.joining(",\n", "[\n", "\n]\n")));
      spec.commandLine().getOut().println(target);
      return 0;
    }

    private Evidence checked(SignerClient client, JsonNode key, EvidenceVerifier verifier, VerificationPolicy policy) {
      Evidence evidence;
      BLSPubkey pubkey;
      try {
        pubkey = BLSPubkey.fromHex(key.path("pubkey").asText(null));
        evidence = Evidence.fromJsonNode(key.get("evidence"));
      } catch (IllegalArgumentException e) {
        throw client.nonsense("POST /eth/v1/keygen/bls", e.getMessage());
      }
      if (!evidence.pubkey().map(pubkey::equals).orElse(false)) {
        throw client.nonsense("POST /eth/v1/keygen/bls", "the evidence of " + pubkey + " is for another key");
      }
      if (!noVerify) {
        Verdict verdict = verifier.verify(evidence, policy.withPubkey(pubkey));
        if (!verdict.ok()) {
          String reasons = verdict.failures().stream().map(c -> c.name() + ": " + c.reason()).collect(Collectors.joining("; "));
          throw new IllegalStateException("evidence of " + pubkey + " NOT verified (" + reasons
              + "); the generated keys stay in the signer, nothing written");
        }
      }
      return evidence;
    }
  }

  /** {@code vigil keys list}: the keys the signer holds, one per line. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the keys the signer holds (Keymanager API), one per line.")
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin SignerOptions signer;

    @Override
    public Integer call() throws Exception {
      SignerClient client = signer.connect();
      JsonNode data = client.listKeystores().path("data");
      if (!data.isArray()) {
        throw client.nonsense("GET /eth/v1/keystores", "no \"data\" array");
      }
      PrintWriter out = spec.commandLine().getOut();
      for (JsonNode key : data) {
        out.println(key.path("validating_pubkey").asText() + (key.path("readonly").asBoolean(false) ? " readonly" : ""));
      }
      out.flush();
      return 0;
    }
  }

  /** {@code vigil keys import}: EIP-2335 keystores from a directory, with slashing protection. */
  @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Imports every *.json EIP-2335 keystore of a directory into the signer (Keymanager API).")
  static final class Import implements Callable<Integer> {
    /** Keystores per request: scrypt keystores take the signer about a second each. */
    static final int BATCH = 16;

    @Spec CommandSpec spec;
    @Mixin SignerOptions signer;

    @Option(names = "--keystores", required = true, description = "Directory of EIP-2335 keystores (*.json).")
    Path keystores;

    @Option(names = "--passwords", description = "Directory with one password file per keystore: <name>.txt or <name>.")
    Path passwords;

    @Option(names = "--password-file", description = "One password file for every keystore.")
    Path passwordFile;

    @Option(names = "--slashing-protection", description = "EIP-3076 interchange file to import with the keys.")
    Path slashingProtection;

    @Override
    public Integer call() throws Exception {
      if ((passwords == null) == (passwordFile == null)) {
        throw new IllegalArgumentException("give exactly one of --passwords and --password-file");
      }
      List<Path> files = keystoreFiles();
      List<String> texts = new ArrayList<>();
      List<String> secrets = new ArrayList<>();
      for (Path file : files) {
        texts.add(Files.readString(file, StandardCharsets.UTF_8));
        secrets.add(password(file));
      }
      String interchange = slashingProtection == null ? null : readInterchange();
      SignerClient client = signer.connect();
      Progress progress = Progress.on(spec.commandLine().getErr(), "import", files.size());
      int imported = 0;
      int duplicate = 0;
      List<String> errors = new ArrayList<>();
      for (int from = 0; from < files.size(); from += BATCH) {
        int to = Math.min(files.size(), from + BATCH);
        ObjectNode request = JsonHttp.JSON.createObjectNode();
        ArrayNode keystoreArray = request.putArray("keystores");
        texts.subList(from, to).forEach(keystoreArray::add);
        ArrayNode passwordArray = request.putArray("passwords");
        secrets.subList(from, to).forEach(passwordArray::add);
        if (interchange != null && from == 0) {
          // The signer imports the whole history at once; it applies to every key that follows.
          request.put("slashing_protection", interchange);
        }
        JsonNode data = client.importKeystores(request).path("data");
        if (!data.isArray() || data.size() != to - from) {
          throw client.nonsense("POST /eth/v1/keystores", "expected " + (to - from) + " statuses in \"data\"");
        }
        for (int i = 0; i < data.size(); i++) {
          String status = data.get(i).path("status").asText();
          switch (status) {
            case "imported" -> imported++;
            case "duplicate" -> duplicate++;
            default -> errors.add(files.get(from + i).getFileName() + ": " + data.get(i).path("message").asText(status));
          }
        }
        progress.advance(to - from);
      }
      spec.commandLine().getOut().println("imported " + imported + ", duplicate " + duplicate + ", error " + errors.size());
      if (!errors.isEmpty()) {
        errors.forEach(error -> spec.commandLine().getErr().println("not imported: " + error));
        throw new IllegalStateException(errors.size() + " of " + files.size() + " keystores not imported (listed above)");
      }
      return 0;
    }

    private List<Path> keystoreFiles() throws IOException {
      if (!Files.isDirectory(keystores)) {
        throw new IllegalArgumentException("--keystores: " + keystores + " is not a directory");
      }
      List<Path> files;
      try (Stream<Path> listing = Files.list(keystores)) {
        files = listing.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f)).sorted().toList();
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("--keystores: no *.json keystore in " + keystores);
      }
      return files;
    }

    private String password(Path keystore) throws IOException {
      if (passwordFile != null) {
        return PasswordFiles.read(passwordFile);
      }
      String base = keystore.getFileName().toString().replaceFirst("\\.json$", "");
      Path withTxt = passwords.resolve(base + ".txt");
      Path file = Files.exists(withTxt) ? withTxt : passwords.resolve(base);
      if (!Files.exists(file)) {
        throw new IllegalArgumentException("--passwords: no password file " + base + ".txt or " + base + " in " + passwords);
      }
      return PasswordFiles.read(file);
    }

    private String readInterchange() throws IOException {
      if (!Files.isRegularFile(slashingProtection)) {
        throw new IllegalArgumentException("--slashing-protection: no such file: " + slashingProtection);
      }
      String text = Files.readString(slashingProtection, StandardCharsets.UTF_8);
      try {
        JsonHttp.JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("--slashing-protection: " + slashingProtection + " is not JSON: " + e.getOriginalMessage());
      }
      return text;
    }
  }

  /** {@code vigil keys delete}: keys removed from the signer, their slashing-protection history saved. */
  @Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Deletes keys from the signer (Keymanager API) and writes their EIP-3076 slashing-protection history.")
  static final class Delete implements Callable<Integer> {
    /** Keys per request: each answer carries the history of its keys. */
    static final int BATCH = 100;

    @Spec CommandSpec spec;
    @Mixin SignerOptions signer;

    @Parameters(arity = "1..*", paramLabel = "PUBKEY", description = "Public keys to delete (hex, 0x optional).")
    List<String> pubkeys;

    @Option(names = "--output", required = true, description = "File for the EIP-3076 interchange of the deleted keys, or an existing directory for slashing_protection-<timestamp>.json.")
    Path output;

    @Override
    public Integer call() throws Exception {
      List<BLSPubkey> keys = HexArguments.distinctPubkeys("PUBKEY", pubkeys);
      Path target = OutputFiles.resolve(output, "slashing_protection-" + Instant.now().getEpochSecond() + ".json");
      if (Files.exists(target)) {
        throw new IllegalArgumentException("--output: " + target + " already exists; not overwritten");
      }
      SignerClient client = signer.connect();
      Progress progress = Progress.on(spec.commandLine().getErr(), "delete", keys.size());
      ObjectNode merged = null;
      List<String> problems = new ArrayList<>();
      int deleted = 0;
      for (int from = 0; from < keys.size(); from += BATCH) {
        List<BLSPubkey> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
        ObjectNode request = JsonHttp.JSON.createObjectNode();
        ArrayNode array = request.putArray("pubkeys");
        batch.forEach(key -> array.add(key.toHexString()));
        JsonNode response = client.deleteKeystores(request);
        JsonNode data = response.path("data");
        if (!data.isArray() || data.size() != batch.size()) {
          throw client.nonsense("DELETE /eth/v1/keystores", "expected " + batch.size() + " statuses in \"data\"");
        }
        merged = merge(client, merged, response.path("slashing_protection").asText(null));
        for (int i = 0; i < batch.size(); i++) {
          String status = data.get(i).path("status").asText();
          if (status.equals("deleted")) {
            deleted++;
          } else if (!status.equals("not_active")) {
            problems.add(batch.get(i) + ": " + status + " " + data.get(i).path("message").asText(""));
          }
        }
        progress.advance(batch.size());
      }
      // Written even when some keys failed: the history of those deleted must not be lost.
      OutputFiles.write(target, JsonHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(merged) + "\n");
      spec.commandLine().getOut().println("deleted " + deleted + " of " + keys.size() + "; slashing protection in " + target);
      if (!problems.isEmpty()) {
        problems.forEach(problem -> spec.commandLine().getErr().println("not deleted: " + problem));
        throw new IllegalStateException(problems.size() + " of " + keys.size() + " keys not deleted (listed above)");
      }
      return 0;
    }

    /** One EIP-3076 document from the answers of several requests: their data lists joined. */
    private static ObjectNode merge(SignerClient client, ObjectNode merged, String interchange) {
      JsonNode document;
      try {
        document = interchange == null ? null : JsonHttp.JSON.readTree(interchange);
      } catch (JsonProcessingException e) {
        document = null;
      }
      if (document == null || !document.isObject() || !document.path("data").isArray() || !document.has("metadata")) {
        throw client.nonsense("DELETE /eth/v1/keystores", "no EIP-3076 slashing_protection document");
      }
      if (merged == null) {
        return (ObjectNode) document;
      }
      ((ArrayNode) merged.get("data")).addAll((ArrayNode) document.get("data"));
      return merged;
    }
  }
}

package dev.vigil.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built-in networks and the reading of a consensus config.yaml. Values from each network's
 * published config.yaml and genesis_validators_root (cross-checked with @lodestar/config).
 */
public final class Networks {
  /** An epoch of 2^64−1 in a config.yaml means "not scheduled". */
  public static final long FAR_FUTURE_EPOCH = -1L;
  /** The file eth-clients network folders keep beside config.yaml. */
  public static final String GENESIS_VALIDATORS_ROOT_FILE = "genesis_validators_root.txt";
  /** The genesis BeaconState, SSZ-encoded, which network folders keep beside config.yaml. */
  public static final String GENESIS_STATE_FILE = "genesis.ssz";

  public static final Network MAINNET = builtIn("mainnet", "0x00000000",
      "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95",
      "0x01000000", 74240, "0x02000000", 144896, "0x03000000", 194048, "0x04000000", 269568,
      "0x05000000", 364032, "0x06000000", 411392);
  public static final Network SEPOLIA = builtIn("sepolia", "0x90000069",
      "0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078",
      "0x90000070", 50, "0x90000071", 100, "0x90000072", 56832, "0x90000073", 132608,
      "0x90000074", 222464, "0x90000075", 272640);
  public static final Network HOLESKY = builtIn("holesky", "0x01017000",
      "0x9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1",
      "0x02017000", 0, "0x03017000", 0, "0x04017000", 256, "0x05017000", 29696,
      "0x06017000", 115968, "0x07017000", 165120);
  public static final Network HOODI = builtIn("hoodi", "0x10000910",
      "0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f",
      "0x20000910", 0, "0x30000910", 0, "0x40000910", 0, "0x50000910", 0,
      "0x60000910", 2048, "0x70000910", 50688);
  /**
   * Ephemery's base config: every fork at genesis. Its genesis validators root changes with every
   * iteration, so it is unknown here; set it with {@link Network#withGenesisValidatorsRoot}.
   */
  public static final Network EPHEMERY = builtIn("ephemery", "0x1000101b", null,
      "0x2000101b", 0, "0x3000101b", 0, "0x4000101b", 0, "0x5000101b", 0,
      "0x6000101b", 0, "0x7000101b", 0);

  private static final List<Network> BUILT_IN = List.of(MAINNET, SEPOLIA, HOLESKY, HOODI, EPHEMERY);
  private static final Pattern TOP_LEVEL_KEY = Pattern.compile("^([A-Z][A-Z0-9_]*)\\s*:\\s*(.*)$");

  private Networks() {}

  /** The names of the built-in networks. */
  public static List<String> names() {
    return BUILT_IN.stream().map(Network::name).toList();
  }

  /** The built-in network whose genesis validators root this is, if any (Ephemery's is never known here). */
  public static Optional<Network> byGenesisValidatorsRoot(Bytes32 root) {
    return BUILT_IN.stream().filter(n -> n.genesisValidatorsRoot().equals(Optional.of(root))).findFirst();
  }

  /** A built-in network by name; the error lists the valid names. */
  public static Network named(String name) {
    return BUILT_IN.stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown network '" + name + "'; valid names: " + String.join(", ", names())
                + ", or the path of a consensus config.yaml"));
  }

  /**
   * A built-in network by name, or else the config.yaml at that path. A genesis_validators_root.txt
   * beside the config.yaml (as in the eth-clients network folders) supplies the root.
   */
  public static Network resolve(String nameOrPath) {
    if (names().contains(nameOrPath)) {
      return named(nameOrPath);
    }
    Path config = Path.of(nameOrPath);
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException(
          "network '" + nameOrPath + "' is neither a built-in network (" + String.join(", ", names())
              + ") nor a readable config.yaml file");
    }
    Network network = fromConfigYaml(config);
    Path rootFile = config.toAbsolutePath().resolveSibling(GENESIS_VALIDATORS_ROOT_FILE);
    return Files.isRegularFile(rootFile)
        ? network.withGenesisValidatorsRoot(readGenesisValidatorsRoot(rootFile))
        : network;
  }

  /** Reads a file holding a genesis validators root as hex (0x optional, surrounding blanks ignored). */
  public static Bytes32 readGenesisValidatorsRoot(Path file) {
    String text = read(file).strip();
    try {
      return Bytes32.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": not a 32-byte hex genesis validators root: " + e.getMessage());
    }
  }

  /**
   * Parses a consensus config.yaml: PRESET_BASE, CONFIG_NAME, GENESIS_FORK_VERSION and each known
   * fork's *_FORK_VERSION / *_FORK_EPOCH (epoch 2^64−1 = not scheduled), and the slot clock (see
   * {@link #genesisClock}). The root is left unknown.
   */
  public static Network fromConfigYaml(Path file) {
    Map<String, String> values = topLevelValues(read(file));
    String where = file.toString();
    String presetName = values.getOrDefault("PRESET_BASE", "mainnet");
    Preset preset;
    try {
      preset = Preset.named(presetName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": PRESET_BASE: " + e.getMessage());
    }
    String name = values.getOrDefault("CONFIG_NAME", file.getFileName().toString());
    Bytes4 genesis = version(values, where, "GENESIS_FORK_VERSION")
        .orElseThrow(() -> new IllegalArgumentException(where + ": GENESIS_FORK_VERSION: missing"));
    List<ForkSchedule> forks = new ArrayList<>();
    for (ForkName fork : ForkName.values()) {
      if (fork == ForkName.PHASE0) {
        continue;
      }
      String epochKey = fork.configPrefix() + "_FORK_EPOCH";
      String versionKey = fork.configPrefix() + "_FORK_VERSION";
      if (!values.containsKey(epochKey)) {
        continue;
      }
      long epoch = parseUInt64(where, epochKey, values.get(epochKey));
      if (epoch == FAR_FUTURE_EPOCH) {
        continue;
      }
      Bytes4 version = version(values, where, versionKey)
          .orElseThrow(() -> new IllegalArgumentException(
              where + ": " + versionKey + ": missing although " + epochKey + " is set"));
      forks.add(new ForkSchedule(fork, version, epoch));
    }
    Optional<GenesisClock> clock = genesisClock(file, values);
    try {
      return new Network(name, preset, genesis, Optional.empty(), forks, clock);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  /**
   * The slot clock of a config.yaml network: the genesis_time of the genesis.ssz beside it, else
   * MIN_GENESIS_TIME (a lower bound: a genesis state is valid only from then on, so the clock runs
   * ahead of the chain's, never behind); the slot duration of SLOT_DURATION_MS or SECONDS_PER_SLOT
   * (the shorter when both are given: again ahead, never behind). Empty when either is missing.
   */
  private static Optional<GenesisClock> genesisClock(Path config, Map<String, String> values) {
    String where = config.toString();
    Optional<Long> slotMillis = Stream.of(
            durationMillis(values, where, "SLOT_DURATION_MS", 1),
            durationMillis(values, where, "SECONDS_PER_SLOT", 1000))
        .flatMap(Optional::stream)
        .min(Long::compare);
    Path state = config.toAbsolutePath().resolveSibling(GENESIS_STATE_FILE);
    if (Files.exists(state)) {
      long time = readGenesisTime(state);
      return slotMillis.map(millis -> new GenesisClock(time, millis, "genesis_time of " + state));
    }
    if (!values.containsKey("MIN_GENESIS_TIME")) {
      return Optional.empty();
    }
    long minimum = parseUInt64(where, "MIN_GENESIS_TIME", values.get("MIN_GENESIS_TIME"));
    return slotMillis.map(millis -> new GenesisClock(minimum, millis,
        "MIN_GENESIS_TIME of " + where + " (no " + GENESIS_STATE_FILE + " beside it; genesis is not earlier)"));
  }

  /** The value of {@code key} times {@code factor} (milliseconds), which must be positive; empty when absent. */
  private static Optional<Long> durationMillis(Map<String, String> values, String where, String key, long factor) {
    if (!values.containsKey(key)) {
      return Optional.empty();
    }
    long value = parseUInt64(where, key, values.get(key));
    if (value <= 0 || value > Long.MAX_VALUE / factor) {
      throw new IllegalArgumentException(where + ": " + key + ": must be a positive duration, got " + values.get(key));
    }
    return Optional.of(value * factor);
  }

  /**
   * The genesis_time of a genesis BeaconState: its first field, a little-endian uint64. Only those
   * 8 bytes are read (a state is megabytes).
   */
  private static long readGenesisTime(Path state) {
    byte[] head;
    try (InputStream in = Files.newInputStream(state)) {
      head = in.readNBytes(Long.BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + state, e);
    }
    if (head.length < Long.BYTES) {
      throw new IllegalArgumentException(state + ": not a genesis BeaconState: it holds " + head.length
          + " byte(s), and its first field genesis_time alone takes 8");
    }
    return ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static Network builtIn(String name, String genesisVersion, String root, Object... forkPairs) {
    List<ForkSchedule> forks = new ArrayList<>();
    for (int i = 0; i < forkPairs.length; i += 2) {
      forks.add(new ForkSchedule(ForkName.values()[i / 2 + 1],
          Bytes4.fromHex((String) forkPairs[i]), ((Integer) forkPairs[i + 1]).longValue()));
    }
    OptionalLong genesisTime = GenesisTimes.of(name);
    Optional<GenesisClock> clock = genesisTime.isPresent()
        ? Optional.of(new GenesisClock(genesisTime.getAsLong(), GenesisTimes.SECONDS_PER_SLOT * 1000, "built in"))
        : Optional.empty();
    return new Network(name, Preset.MAINNET, Bytes4.fromHex(genesisVersion),
        Optional.ofNullable(root).map(Bytes32::fromHex), forks, clock);
  }

  /** Top-level "KEY: value" lines; nested blocks (BLOB_SCHEDULE …) and comments are skipped. */
  private static Map<String, String> topLevelValues(String yaml) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : yaml.split("\\R")) {
      Matcher matcher = TOP_LEVEL_KEY.matcher(line);
      if (matcher.matches()) {
        values.put(matcher.group(1), unquote(stripComment(matcher.group(2)).strip()));
      }
    }
    return values;
  }

  private static String stripComment(String value) {
    int hash = value.indexOf(" #");
    return value.startsWith("#") ? "" : hash >= 0 ? value.substring(0, hash) : value;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static Optional<Bytes4> version(Map<String, String> values, String where, String key) {
    String text = values.get(key);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Bytes4.fromHex(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + key + ": " + e.getMessage());
    }
  }

  private static long parseUInt64(String where, String key, String text) {
    try {
      return UInt64.parse(key, text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

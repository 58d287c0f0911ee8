package dev.vigil.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.crypto.InvalidPointException.Reason;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.BLSSignature;
import dev.vigil.spec.Hex;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ethereum/bls12-381-tests (JSON, every file) and the consensus-spec-tests v1.0.0 BLS set (YAML),
 * which share the {input, output} shape.
 */
class BlsVectorsTest {
  private static final String RFC_SUITE_DST = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  @ParameterizedTest(name = "{0}")
  @MethodSource("sign")
  void sign(String name, JsonNode input, JsonNode output) {
    byte[] privkey = bytes(input.get("privkey"));
    byte[] message = bytes(input.get("message"));
    if (output.isNull()) {
      assertThatThrownBy(() -> BlsSecretKey.fromBytes(privkey)).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    try (BlsSecretKey key = BlsSecretKey.fromBytes(privkey)) {
      BlsSignature signature = key.sign(message);
      assertThat(signature.toBytes().toArray()).isEqualTo(bytes(output));
      assertThat(Bls.verify(key.publicKey(), message, signature)).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verify")
  void verify(String name, JsonNode input, JsonNode output) {
    boolean valid = Bls.verify(
        new BLSPubkey(bytes(input.get("pubkey"))),
        bytes(input.get("message")),
        new BLSSignature(bytes(input.get("signature"))));
    assertThat(valid).isEqualTo(output.asBoolean());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deserializationG1")
  void deserializationG1(String name, JsonNode input, JsonNode output) {
    byte[] pubkey = bytes(input.get("pubkey"));
    // Deserialisation accepts the point at infinity; KeyValidate (fromBytes) then refuses it.
    Reason refusal = refusal(() -> BlsPublicKey.fromBytes(pubkey));
    if (output.asBoolean()) {
      assertThat(refusal).isIn(null, Reason.INFINITY);
    } else {
      assertThat(refusal).isNotNull().isNotEqualTo(Reason.INFINITY);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deserializationG2")
  void deserializationG2(String name, JsonNode input, JsonNode output) {
    byte[] signature = bytes(input.get("signature"));
    Reason refusal = refusal(() -> BlsSignature.fromBytes(signature));
    if (output.asBoolean()) {
      assertThat(refusal).isNull();
      assertThat(BlsSignature.fromBytes(signature).toBytes().toArray()).isEqualTo(signature);
    } else {
      assertThat(refusal).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hashToG2")
  void hashToG2(String name, JsonNode input, JsonNode output) {
    byte[] message = input.get("msg").asText().getBytes(StandardCharsets.US_ASCII);
    // Uncompressed affine G2: x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0, 48 bytes each.
    byte[] point = Bls.hashToG2(message, RFC_SUITE_DST).to_affine().serialize();
    String[] x = output.get("x").asText().split(",");
    String[] y = output.get("y").asText().split(",");
    byte[] expected = concat(Hex.decode(x[1]), Hex.decode(x[0]), Hex.decode(y[1]), Hex.decode(y[0]));
    assertThat(Hex.encode(point)).isEqualTo(Hex.encode(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aggregate")
  void aggregate(String name, JsonNode input, JsonNode output) {
    List<BlsSignature> signatures = new ArrayList<>();
    input.forEach(s -> signatures.add(BlsSignature.fromBytes(bytes(s))));
    if (output.isNull()) {
      assertThatThrownBy(() -> Bls.aggregate(signatures)).hasMessageContaining("empty");
    } else {
      assertThat(Bls.aggregate(signatures).toBytes().toArray()).isEqualTo(bytes(output));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fastAggregateVerify")
  void fastAggregateVerify(String name, JsonNode input, JsonNode output) {
    boolean valid;
    try {
      List<BlsPublicKey> keys = new ArrayList<>();
      input.get("pubkeys").forEach(k -> keys.add(BlsPublicKey.fromBytes(bytes(k))));
      valid = Bls.fastAggregateVerify(keys, bytes(input.get("message")),
          BlsSignature.fromBytes(bytes(input.get("signature"))));
    } catch (InvalidPointException e) {
      valid = false; // the spec's FastAggregateVerify fails on any invalid key or signature
    }
    assertThat(valid).isEqualTo(output.asBoolean());
  }

  static Stream<Arguments> sign() {
    return cases("sign");
  }

  static Stream<Arguments> verify() {
    return cases("verify");
  }

  static Stream<Arguments> deserializationG1() {
    return cases("deserialization_G1");
  }

  static Stream<Arguments> deserializationG2() {
    return cases("deserialization_G2");
  }

  static Stream<Arguments> hashToG2() {
    return cases("hash_to_G2");
  }

  static Stream<Arguments> aggregate() {
    return cases("aggregate");
  }

  static Stream<Arguments> fastAggregateVerify() {
    return cases("fast_aggregate_verify");
  }

  /** Every JSON file of the handler, then every YAML case of it if the YAML set has the handler. */
  private static Stream<Arguments> cases(String handler) {
    List<Arguments> cases = new ArrayList<>();
    Path json = Vectors.path("bls12-381-tests/json/" + handler);
    for (Path file : list(json)) {
      cases.add(toArguments("json/" + handler + "/" + file.getFileName(), read(JSON, file)));
    }
    Path yaml = Vectors.root().resolve("bls12-381-tests/consensus-spec-tests-v1.0.0-yaml/general/phase0/bls/" + handler + "/small");
    if (Files.isDirectory(yaml)) {
      for (Path dir : list(yaml)) {
        cases.add(toArguments("yaml/" + handler + "/" + dir.getFileName(), read(YAML, dir.resolve("data.yaml"))));
      }
    }
    assertThat(cases).as("vectors for " + handler).isNotEmpty();
    return cases.stream();
  }

  private static Arguments toArguments(String name, JsonNode data) {
    JsonNode output = data.get("output");
    return Arguments.of(name, data.get("input"), output == null ? NullNode.instance : output);
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(ObjectMapper mapper, Path file) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Reason refusal(Runnable decode) {
    try {
      decode.run();
      return null;
    } catch (InvalidPointException e) {
      return e.reason();
    }
  }

  private static byte[] bytes(JsonNode hex) {
    return Hex.decode(hex.asText());
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, offset, part.length);
      offset += part.length;
    }
    return out;
  }
}

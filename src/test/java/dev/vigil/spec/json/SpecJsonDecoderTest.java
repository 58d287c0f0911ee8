package dev.vigil.spec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.spec.AttestationData;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Bytes4;
import dev.vigil.spec.Fork;
import dev.vigil.spec.ForkName;
import dev.vigil.spec.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecJsonDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT = "0x" + "ab".repeat(32);
  private static final String SIG = "0x" + "cd".repeat(96);
  private final SpecJsonDecoder decoder = new SpecJsonDecoder(Preset.MAINNET);

  private static ObjectNode attestationData(String slot) throws Exception {
    return (ObjectNode) JSON.readTree("""
        {"slot": %s, "index": "1", "beacon_block_root": "%s",
         "source": {"epoch": "2", "root": "%s"}, "target": {"epoch": "3", "root": "%s"}}
        """.formatted(slot, ROOT, ROOT, ROOT));
  }

  /** A request {"block": phase0 block} whose third attestation carries {@code thirdData}. */
  private static ObjectNode phase0Block(JsonNode thirdData) throws Exception {
    ObjectNode attestation = JSON.createObjectNode();
    attestation.put("aggregation_bits", "0x03");
    attestation.set("data", attestationData("\"7\""));
    attestation.put("signature", SIG);
    ObjectNode body = (ObjectNode) JSON.readTree("""
        {"randao_reveal": "%s", "eth1_data": {"deposit_root": "%s", "deposit_count": "1", "block_hash": "%s"},
         "graffiti": "%s", "proposer_slashings": [], "attester_slashings": [], "attestations": [],
         "deposits": [], "voluntary_exits": []}
        """.formatted(SIG, ROOT, ROOT, ROOT));
    ArrayNode attestations = body.putArray("attestations");
    attestations.add(attestation.deepCopy()).add(attestation.deepCopy());
    attestations.add(attestation.deepCopy().set("data", thirdData));
    ObjectNode block = (ObjectNode) JSON.readTree("""
        {"slot": "1", "proposer_index": "2", "parent_root": "%s", "state_root": "%s"}
        """.formatted(ROOT, ROOT));
    block.set("body", body);
    ObjectNode request = JSON.createObjectNode();
    request.set("block", block);
    return request;
  }

  @Test
  void decodesUint64FromStringsAndNumbersOverTheFullRange() throws Exception {
    assertThat(decoder.attestationData(JsonField.root(attestationData("\"18446744073709551615\""))).slot())
        .isEqualTo(-1L);
    assertThat(decoder.attestationData(JsonField.root(attestationData("9223372036854775808"))).slot())
        .isEqualTo(Long.MIN_VALUE);
    AttestationData data = decoder.attestationData(JsonField.root(attestationData("\"32\"")));
    assertThat(data.slot()).isEqualTo(32);
    assertThat(data.target().root()).isEqualTo(Bytes32.fromHex(ROOT));
  }

  @ParameterizedTest(name = "slot {0}")
  @CsvSource(delimiter = '|', value = {
      "\"abc\"                  | not a decimal uint64",
      "\"-1\"                   | not a decimal uint64",
      "\"\"                     | not a decimal uint64",
      "\"1.5\"                  | not a decimal uint64",
      "1.5                      | not a decimal uint64",
      "-1                       | out of range for uint64",
      "\"18446744073709551616\" | out of range for uint64",
      "18446744073709551616     | out of range for uint64",
      "true                     | not a decimal uint64",
      "null                     | missing"})
  void badUint64NamesTheFullPath(String slot, String problem) throws Exception {
    JsonField request = JsonField.root(phase0Block(attestationData(slot.strip())));

    assertThatThrownBy(() -> decoder.beaconBlock(request.get("block"), ForkName.PHASE0))
        .isInstanceOfSatisfying(SpecJsonException.class, e -> {
          assertThat(e.path()).isEqualTo("block.body.attestations[2].data.slot");
          assertThat(e.problem()).isEqualTo(problem.strip());
          assertThat(e.getMessage()).isEqualTo("block.body.attestations[2].data.slot: " + problem.strip());
        });
  }

  @Test
  void missingFieldNamesItsPath() throws Exception {
    ObjectNode data = attestationData("\"1\"");
    ((ObjectNode) data.get("target")).remove("root");

    assertThatThrownBy(() -> decoder.attestationData(JsonField.root(JSON.createObjectNode().set("attestation", data))
            .get("attestation")))
        .hasMessage("attestation.target.root: missing");
  }

  @Test
  void badBytesNameTheFieldAndTheProblem() throws Exception {
    ObjectNode data = attestationData("\"1\"");
    data.put("beacon_block_root", "0x1234");
    assertThatThrownBy(() -> decoder.attestationData(JsonField.root(data)))
        .hasMessage("beacon_block_root: expected 32 bytes of hex, got 2");

    data.put("beacon_block_root", "0x" + "zz".repeat(32));
    assertThatThrownBy(() -> decoder.attestationData(JsonField.root(data)))
        .hasMessageStartingWith("beacon_block_root: not a hex value");

    data.put("beacon_block_root", 5);
    assertThatThrownBy(() -> decoder.attestationData(JsonField.root(data)))
        .hasMessage("beacon_block_root: not a string");

    data.put("beacon_block_root", ROOT);
    data.put("source", "x");
    assertThatThrownBy(() -> decoder.attestationData(JsonField.root(data))).hasMessage("source: not an object");
  }

  @Test
  void listAndBitLimitsComeFromThePreset() throws Exception {
    ObjectNode request = phase0Block(attestationData("\"1\""));
    ObjectNode body = (ObjectNode) request.get("block").get("body");
    ArrayNode exits = body.putArray("voluntary_exits");
    for (int i = 0; i <= Preset.MAINNET.maxVoluntaryExits(); i++) {
      exits.addObject();
    }
    assertThatThrownBy(() -> decoder.beaconBlock(JsonField.root(request).get("block"), ForkName.PHASE0))
        .hasMessage("block.body.voluntary_exits: list of 17 elements exceeds its limit of 16");

    body.putArray("voluntary_exits");
    ((ObjectNode) body.get("attestations").get(1)).put("aggregation_bits", "0x" + "ff".repeat(256) + "03");
    assertThatThrownBy(() -> decoder.beaconBlock(JsonField.root(request).get("block"), ForkName.PHASE0))
        .hasMessage("block.body.attestations[1].aggregation_bits: bitlist of 2049 bits exceeds its limit of 2048");
    ((ObjectNode) body.get("attestations").get(1)).put("aggregation_bits", "0x" + "ff".repeat(257) + "01");
    assertThatThrownBy(() -> decoder.beaconBlock(JsonField.root(request).get("block"), ForkName.PHASE0))
        .hasMessage("block.body.attestations[1].aggregation_bits: expected at most 257 bytes of hex, got 258");

    ((ObjectNode) body.get("attestations").get(1)).put("aggregation_bits", "0x00");
    assertThatThrownBy(() -> decoder.beaconBlock(JsonField.root(request).get("block"), ForkName.PHASE0))
        .hasMessageStartingWith("block.body.attestations[1].aggregation_bits: bitlist lacks its length bit");

    body.put("attestations", "none");
    assertThatThrownBy(() -> decoder.beaconBlock(JsonField.root(request).get("block"), ForkName.PHASE0))
        .hasMessage("block.body.attestations: not an array");
  }

  @Test
  void bitvectorSizeComesFromThePreset() throws Exception {
    JsonNode contribution = JSON.readTree("""
        {"slot": "1", "beacon_block_root": "%s", "subcommittee_index": "0", "aggregation_bits": "0x24",
         "signature": "%s"}""".formatted(ROOT, SIG));

    assertThat(new SpecJsonDecoder(Preset.MINIMAL).syncCommitteeContribution(JsonField.root(contribution))
            .aggregationBits().toHexString()).isEqualTo("0x24");
    assertThatThrownBy(() -> decoder.syncCommitteeContribution(JsonField.root(contribution)))
        .hasMessage("aggregation_bits: bitvector of 128 bits needs 16 bytes, got 1");
  }

  @Test
  void forkAcceptsCamelCaseVersions() throws Exception {
    JsonNode camel = JSON.readTree("""
        {"previousVersion": "0x00000001", "currentVersion": "0x00000002", "epoch": "3"}""");

    assertThat(decoder.fork(JsonField.root(camel)))
        .isEqualTo(new Fork(Bytes4.fromHex("0x00000001"), Bytes4.fromHex("0x00000002"), 3));
    assertThatThrownBy(() -> decoder.fork(JsonField.root(JSON.readTree("{\"epoch\": \"3\"}"))))
        .hasMessage("previous_version: missing");
  }

  @Test
  void laterForksAreNotDecodedAsFullBlocks() throws Exception {
    JsonField block = JsonField.root(phase0Block(attestationData("\"1\""))).get("block");

    assertThatThrownBy(() -> decoder.beaconBlock(block, ForkName.DENEB))
        .hasMessageStartingWith("block: full blocks are decoded for PHASE0 and ALTAIR only");
  }

  @Test
  void missingDocumentIsAnError() {
    assertThatThrownBy(() -> JsonField.root(null)).hasMessage("(root): missing");
  }

  @Test
  void depositProofMustHave33Roots() throws Exception {
    JsonNode deposit = JSON.readTree("""
        {"proof": ["%s"], "data": {}}""".formatted(ROOT));

    assertThatThrownBy(() -> decoder.deposit(JsonField.root(deposit)))
        .hasMessage("proof: expected an array of 33 roots");
  }
}

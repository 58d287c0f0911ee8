package dev.vigil.protection;

import static dev.vigil.protection.Requests.GVR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterchangeTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "not json|interchange: not valid JSON",
    "[]|interchange: expected a JSON object",
    "{\"data\":[]}|metadata: missing",
    "{\"metadata\":{\"interchange_format_version\":\"4\",\"genesis_validators_root\":\"0x00\"},\"data\":[]}|metadata.interchange_format_version: unsupported version 4",
    "{\"metadata\":{\"interchange_format_version\":\"5\"},\"data\":[]}|metadata.genesis_validators_root: missing",
    "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\"0x01\"},\"data\":[]}|metadata.genesis_validators_root: expected 32 bytes",
  })
  void malformedFilesNameTheField(String json, String message) {
    assertThatThrownBy(() -> Interchange.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(InterchangeException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "{\"pubkey\":\"0x01\",\"signed_blocks\":[],\"signed_attestations\":[]}|data[0].pubkey: expected 48 bytes",
    "{\"pubkey\":\"PK\",\"signed_attestations\":[]}|data[0].signed_blocks: missing",
    "{\"pubkey\":\"PK\",\"signed_blocks\":[],\"signed_attestations\":[{\"source_epoch\":\"1\"}]}|data[0].signed_attestations[0].target_epoch: missing",
    "{\"pubkey\":\"PK\",\"signed_blocks\":[{\"slot\":\"18446744073709551616\"}],\"signed_attestations\":[]}|data[0].signed_blocks[0].slot: out of range",
    "{\"pubkey\":\"PK\",\"signed_blocks\":[{\"slot\":1}],\"signed_attestations\":[]}|data[0].signed_blocks[0].slot: expected a string",
  })
  void malformedRecordsNameTheField(String validator, String message) {
    byte[] file = Requests.interchange(GVR, "[" + validator.replace("PK", Requests.key(1).toString()) + "]");
    assertThatThrownBy(() -> Interchange.read(new ByteArrayInputStream(file)))
        .isInstanceOf(InterchangeException.class)
        .hasMessageContaining(message);
  }

  @org.junit.jupiter.api.Test
  void readsFullUint64Values() {
    byte[] file = Requests.interchange(GVR, "[{\"pubkey\":\"" + Requests.key(1) + "\",\"signed_blocks\":"
        + "[{\"slot\":\"18446744073709551615\"}],\"signed_attestations\":[]}]");
    Interchange interchange = Interchange.read(new ByteArrayInputStream(file));
    assertThat(interchange.data().get(0).signedBlocks().get(0).slot()).isEqualTo(-1L);
  }
}

package dev.vigil.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Type names as clients send them, and which types slashing protection decides on. */
class ArtifactTypeTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "PAYLOAD_ATTESTATION, PAYLOAD_ATTESTATION_MESSAGE",
      "payload_attestation_message, PAYLOAD_ATTESTATION_MESSAGE",
      "REQUEST_AUTH, BUILDER_REQUEST_AUTH",
      "Builder_Request_Auth, BUILDER_REQUEST_AUTH",
      "EXECUTION_PAYLOAD_BID, EXECUTION_PAYLOAD_BID",
      "EXECUTION_PAYLOAD_ENVELOPE, EXECUTION_PAYLOAD_ENVELOPE",
      "PROPOSER_PREFERENCES, PROPOSER_PREFERENCES",
  })
  void gloasNamesAndAliasesParse(String name, ArtifactType type) {
    assertThat(ArtifactType.parse(name)).isEqualTo(type);
  }

  @Test
  void onlyBlocksAndAttestationsAreSlashable() {
    assertThat(Arrays.stream(ArtifactType.values()).filter(ArtifactType::isSlashable))
        .containsExactly(ArtifactType.BLOCK, ArtifactType.BLOCK_V2, ArtifactType.ATTESTATION);
  }

  @Test
  void anUnknownTypeNamesTheValidOnesAndTheAliases() {
    assertThatThrownBy(() -> ArtifactType.parse("INCLUSION_LIST"))
        .hasMessageContaining("type: unknown signing type 'INCLUSION_LIST'")
        .hasMessageContaining("BUILDER_REQUEST_AUTH").hasMessageContaining("PAYLOAD_ATTESTATION, REQUEST_AUTH");
  }
}

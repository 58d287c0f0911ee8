package dev.vigil.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.protection.Refusal.Reason;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.testing.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Web3Signer's interchange import cases. Our verdicts: a signing root must be a 32-byte Root
 * (EIP-3076), so web3signer's files with the 3-byte root "0x123456" are refused naming the field;
 * a source after its target is imported (as the EIP-3076 suite requires).
 */
class Web3signerInterchangeTest {
  private static final String FOLDER = "web3signer/slashing-protection/src/integration-test/resources/interchange/";
  private static final Bytes32 GVR =
      Bytes32.fromHex("0x04700007fabc8282644aed6d1c7c9e21d38a03a0c4ba193f3afe428824b3a673");
  private static final BLSPubkey KEY = BLSPubkey.fromHex(
      "0xb845089a1457f811bfc000588fbb4e713669be8ce060ea6be3c6ece09afc3794106c91ca73acda5e5457122d58723bed");

  @TempDir Path dir;

  /** File name, then the expected summary "validators/blocks/attestations" or the error's field. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("singleValidBlock.json", "1/1/0"),
        Arguments.of("multipleNullSigningRootBlock.json", "1/2/0"),
        Arguments.of("multipleNullSigningRootAttestation.json", "1/0/2"),
        Arguments.of("duplicateBlocks.json", "1/2/0"),
        Arguments.of("conflictingBlocks.json", "1/2/0"),
        Arguments.of("emptyDataArray.json", "0/0/0"),
        Arguments.of("invalidAttestationContent.json", "1/0/1"),
        Arguments.of("singleValidAttestation.json", "error data[0].signed_attestations[0].signing_root"),
        Arguments.of("duplicateAttestation.json", "error data[0].signed_attestations[0].signing_root"),
        Arguments.of("errorInSecondValidator.json", "error data[0].signed_attestations[0].signing_root"),
        Arguments.of("errorInSecondBlock.json", "error data[0].signed_blocks[1].slot: missing"),
        Arguments.of("missingDataField.json", "error data: missing"),
        Arguments.of("missingPublicKey.json", "error data[0].pubkey: missing"),
        Arguments.of("dataFieldNotArray.json", "error data: expected an array"));
  }

  @Test
  void everyFileHasAnExpectedVerdict() throws IOException {
    try (Stream<Path> files = Files.list(Vectors.path(FOLDER))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(cases().map(a -> (String) a.get()[0]).toList());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void imports(String file, String expected) throws IOException {
    try (SlashingProtection store = TestStores.sqlite(dir);
        InputStream in = Files.newInputStream(Vectors.path(FOLDER + file))) {
      store.pinGenesisValidatorsRoot(GVR);
      if (expected.startsWith("error ")) {
        assertThatThrownBy(() -> store.importInterchange(in))
            .isInstanceOf(InterchangeException.class)
            .hasMessageContaining(expected.substring("error ".length()));
        assertThat(store.checkAndRecordBlock(KEY, 12345, Requests.root(1), GVR).accepted())
            .as("nothing imported").isTrue();
      } else {
        ImportSummary summary = store.importInterchange(in);
        assertThat(summary.validators() + "/" + summary.blocks() + "/" + summary.attestations()).isEqualTo(expected);
      }
    }
  }

  @Test
  void conflictingImportedBlocksRefuseBothRoots() throws IOException {
    try (SlashingProtection store = TestStores.sqlite(dir);
        InputStream in = Files.newInputStream(Vectors.path(FOLDER + "conflictingBlocks.json"))) {
      store.importInterchange(in);
      for (String root : new String[] {
          "0x4ff6f743a43f3b4f95350831aeaf0a122a1a392922c45d804280284a69eb850b",
          "0x4ff6f743a43f3b4f95350831aeaf0a122a1a392922c45d804280284a69eb850c"}) {
        Decision decision = store.checkAndRecordBlock(KEY, 12345, Bytes32.fromHex(root), GVR);
        assertThat(((Decision.Refused) decision).refusal().reason()).isEqualTo(Reason.DOUBLE_PROPOSAL);
      }
    }
  }
}

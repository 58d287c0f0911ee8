package dev.vigil.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportDataTest {
  private static final BLSPubkey KEY = new BLSPubkey(sequence(48));

  private static byte[] sequence(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  @Test
  void forKeyIsSha256OfLabelPubkeyAndPaddedNonceThenTheNonce() {
    // Expected value computed independently with Python's hashlib.
    byte[] nonce = Hex.decode("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

    assertThat(Hex.encode(ReportData.forKey(KEY, nonce)))
        .isEqualTo("0xf0d8d9624e1f3121663d8f47a0b00874abf8d5b9f840f822d85ca7586f4d8119"
            + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa00000000000000000000000000000000");
  }

  @Test
  void missingNonceIsZero() {
    assertThat(ReportData.forKey(KEY, null)).isEqualTo(ReportData.forKey(KEY, new byte[32]));
    assertThat(ReportData.nonce(null)).isEqualTo(Bytes32.ZERO);
  }

  @Test
  void nonceLongerThan32BytesIsRefusedByName() {
    assertThatThrownBy(() -> ReportData.forKey(KEY, new byte[33])).hasMessageStartingWith("nonce:");
  }

  @Test
  void forSignerHashesTheDistinctKeysInAscendingOrder() {
    BLSPubkey one = new BLSPubkey(filled(1));
    BLSPubkey two = new BLSPubkey(filled(2));

    byte[] forward = ReportData.forSigner(List.of(one, two), null);

    assertThat(ReportData.forSigner(List.of(two, one, two), null)).isEqualTo(forward);
    // SHA-256("vigil/signer/v1" ‖ 01…01 ‖ 02…02 ‖ zero nonce), computed with Python's hashlib.
    assertThat(Hex.encodeBare(java.util.Arrays.copyOf(forward, 32)))
        .isEqualTo("89b8cc8810aa395425d064d1192a3470bce9d3a0c692ba7643dc2c470c72d393");
    assertThat(ReportData.forSigner(List.of(one), null)).isNotEqualTo(forward);
  }

  private static byte[] filled(int value) {
    byte[] bytes = new byte[48];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}

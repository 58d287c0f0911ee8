package dev.vigil.spec.ssz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spec.Bitlist;
import dev.vigil.spec.Bitvector;
import dev.vigil.spec.Hex;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleizerTest {
  private final Merkleizer m = new Merkleizer();

  private static byte[] sha256(byte[] a, byte[] b) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(a);
    digest.update(b);
    return digest.digest();
  }

  private static byte[] chunk(int fill) {
    byte[] chunk = new byte[32];
    java.util.Arrays.fill(chunk, (byte) fill);
    return chunk;
  }

  @Test
  void merkleizePadsToThePowerOfTwoOfTheLimit() throws Exception {
    byte[] a = chunk(1);
    byte[] b = chunk(2);
    byte[] zero = new byte[32];

    assertThat(m.merkleize(List.of(a), 1)).isEqualTo(a);
    assertThat(m.merkleize(List.of(a, b), 2)).isEqualTo(sha256(a, b));
    assertThat(m.merkleize(List.of(a), 3)).isEqualTo(sha256(sha256(a, zero), sha256(zero, zero)));
    assertThat(m.merkleize(List.of(), 4)).isEqualTo(sha256(sha256(zero, zero), sha256(zero, zero)));
    assertThat(m.merkleize(List.of(), 0)).isEqualTo(zero);
  }

  @Test
  void merkleizeRefusesMoreChunksThanTheLimit() {
    assertThatThrownBy(() -> m.merkleize(List.of(chunk(1), chunk(2)), 1)).hasMessageContaining("limit");
  }

  @Test
  void mixInLengthHashesTheLengthChunk() throws Exception {
    byte[] root = chunk(7);

    assertThat(m.mixInLength(root, 3)).isEqualTo(sha256(root, Merkleizer.uint64(3)));
  }

  @Test
  void uint64ListPacksFourValuesPerChunk() throws Exception {
    byte[] packed = new byte[32];
    packed[0] = 1;
    packed[8] = 2;

    assertThat(m.uint64List(List.of(1L, 2L), 4)).isEqualTo(sha256(packed, Merkleizer.uint64(2)));
    assertThatThrownBy(() -> m.uint64List(List.of(1L, 2L, 3L), 2)).hasMessageContaining("limit");
  }

  @Test
  void bitlistRootExcludesTheLengthBit() throws Exception {
    Bitlist bits = Bitlist.fromHex("0x0d"); // bits 1,0,1 then the length bit

    byte[] packed = new byte[32];
    packed[0] = 0x05;

    assertThat(bits.size()).isEqualTo(3);
    assertThat(m.bitlist(bits, 256)).isEqualTo(sha256(packed, Merkleizer.uint64(3)));
    assertThatThrownBy(() -> m.bitlist(bits, 2)).hasMessageContaining("limit");
  }

  @Test
  void bitlistSszFormRoundTrips() {
    for (String hex : List.of("0x01", "0x0d", "0xd203", "0xff01", "0x000000000101")) {
      assertThat(Bitlist.fromHex(hex).toHexString()).isEqualTo(hex);
    }
    assertThat(Bitlist.fromHex("0xff01").size()).isEqualTo(8);
    assertThat(Bitlist.fromHex("0x01").size()).isZero();
    assertThat(Bitlist.of(true, false, true)).isEqualTo(Bitlist.fromHex("0x0d"));
    assertThat(Bitlist.of(true, false, true).get(2)).isTrue();
    assertThatThrownBy(() -> Bitlist.fromHex("0x0100")).hasMessageContaining("length bit");
    assertThatThrownBy(() -> Bitlist.fromHex("0x")).hasMessageContaining("length bit");
  }

  @Test
  void bitvectorSizeIsChecked() {
    Bitvector four = Bitvector.of(4, 0, 3);

    assertThat(four.toHexString()).isEqualTo("0x09");
    four.checkSize(4);
    assertThatThrownBy(() -> four.checkSize(2)).hasMessageContaining("beyond its size");
    assertThatThrownBy(() -> four.checkSize(16)).hasMessageContaining("needs 2 bytes");
    assertThat(m.bitvector(four, 4)).isEqualTo(Hex.decode("0x09" + "00".repeat(31)));
  }
}

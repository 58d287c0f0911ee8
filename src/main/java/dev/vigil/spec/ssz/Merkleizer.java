package dev.vigil.spec.ssz;

import dev.vigil.spec.Bitlist;
import dev.vigil.spec.Bitvector;
import dev.vigil.spec.ByteList;
import dev.vigil.spec.FixedBytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * SSZ merkleization (hash_tree_root building blocks). One instance holds one SHA-256 digest and is
 * meant for one hash_tree_root computation on one thread; it is not thread-safe.
 */
public final class Merkleizer {
  public static final int CHUNK = 32;
  private static final int MAX_DEPTH = 64;
  /** ZERO_HASHES[d] = root of a full tree of depth d over zero chunks; never exposed or modified. */
  private static final byte[][] ZERO_HASHES = zeroHashes();

  private final MessageDigest sha256 = newSha256();

  /** sha256(left ‖ right). */
  public byte[] hash(byte[] left, byte[] right) {
    sha256.update(left);
    sha256.update(right);
    return sha256.digest();
  }

  /** merkleize(chunks, limit): pads virtually with zero chunks up to the next power of two of limit. */
  public byte[] merkleize(List<byte[]> chunks, long limit) {
    if (Long.compareUnsigned(chunks.size(), limit) > 0) {
      throw new IllegalArgumentException(
          "too many chunks: " + chunks.size() + " > limit " + Long.toUnsignedString(limit));
    }
    int depth = depthFor(limit);
    int count = chunks.size();
    if (count == 0) {
      return ZERO_HASHES[depth].clone();
    }
    byte[][] layer = chunks.toArray(new byte[0][]);
    for (int d = 0; d < depth; d++) {
      int next = (count + 1) / 2;
      for (int i = 0; i < next; i++) {
        byte[] right = 2 * i + 1 < count ? layer[2 * i + 1] : ZERO_HASHES[d];
        layer[i] = hash(layer[2 * i], right);
      }
      count = next;
    }
    return layer[0];
  }

  /** Root of a container: merkleize of its field roots. */
  public byte[] container(byte[]... fieldRoots) {
    return merkleize(List.of(fieldRoots), fieldRoots.length);
  }

  /** mix_in_length(root, length). */
  public byte[] mixInLength(byte[] root, long length) {
    return hash(root, uint64(length));
  }

  /** Root of a Vector of composite (or 32-byte) elements given their roots. */
  public byte[] vector(List<byte[]> elementRoots) {
    return merkleize(elementRoots, elementRoots.size());
  }

  /** Root of a List[composite, limit] given the element roots. */
  public byte[] list(List<byte[]> elementRoots, long limit) {
    return mixInLength(merkleize(elementRoots, limit), elementRoots.size());
  }

  /** Root of a List[uint64, limit]. */
  public byte[] uint64List(List<Long> values, long limit) {
    if (values.size() > limit) {
      throw new IllegalArgumentException("list longer than its limit " + limit);
    }
    byte[] packed = new byte[values.size() * Long.BYTES];
    for (int i = 0; i < values.size(); i++) {
      putUint64(packed, i * Long.BYTES, values.get(i));
    }
    long chunkLimit = (limit * Long.BYTES + CHUNK - 1) / CHUNK;
    return mixInLength(merkleize(pack(packed), chunkLimit), values.size());
  }

  /** Root of fixed bytes (Bytes4, Bytes32, BLSPubkey, BLSSignature …): packed, zero-padded chunks. */
  public byte[] bytes(FixedBytes value) {
    List<byte[]> chunks = pack(value.toArray());
    return merkleize(chunks, chunks.size());
  }

  /** Root of a Bitlist[limit]. */
  public byte[] bitlist(Bitlist bits, long limit) {
    if (bits.size() > limit) {
      throw new IllegalArgumentException(
          "bitlist has " + bits.size() + " bits, more than its limit " + limit);
    }
    return mixInLength(merkleize(pack(bits.packedBits()), (limit + 255) / 256), bits.size());
  }

  /** Root of a Bitvector[size]. */
  public byte[] bitvector(Bitvector bits, int size) {
    bits.checkSize(size);
    return merkleize(pack(bits.toArray()), (size + 255L) / 256);
  }

  /** The chunk of a boolean: 0x01 or 0x00, zero-padded (its hash_tree_root). */
  public static byte[] bool(boolean value) {
    byte[] chunk = new byte[CHUNK];
    chunk[0] = (byte) (value ? 1 : 0);
    return chunk;
  }

  /** Root of a ByteList[limit]: packed chunks under the limit's depth, mixed with the length. */
  public byte[] byteList(ByteList bytes, long limit) {
    if (bytes.size() > limit) {
      throw new IllegalArgumentException("byte list of " + bytes.size() + " bytes exceeds its limit " + limit);
    }
    return mixInLength(merkleize(pack(bytes.toArray()), (limit + CHUNK - 1) / CHUNK), bytes.size());
  }

  /** Root of a ProgressiveByteList (EIP-7916), e.g. a Gloas transaction. */
  public byte[] progressiveByteList(ByteList bytes) {
    return mixInLength(merkleizeProgressive(pack(bytes.toArray())), bytes.size());
  }

  /**
   * merkleize_progressive (EIP-7916): the first {@code numLeaves} chunks as a binary tree on the left,
   * the rest recursively on the right with four times the leaves; no chunk at all is the zero chunk.
   */
  public byte[] merkleizeProgressive(List<byte[]> chunks) {
    return merkleizeProgressive(chunks, 0, 1);
  }

  private byte[] merkleizeProgressive(List<byte[]> chunks, int from, long numLeaves) {
    if (from >= chunks.size()) {
      return new byte[CHUNK];
    }
    int to = (int) Math.min(chunks.size(), from + numLeaves);
    byte[] left = merkleize(chunks.subList(from, to), numLeaves);
    return hash(left, merkleizeProgressive(chunks, to, numLeaves * 4));
  }

  /**
   * Root of a ProgressiveContainer(active_fields=[1] * n) (EIP-7495): its field roots merkleized
   * progressively, mixed in with the packed active_fields bits.
   */
  public byte[] progressiveContainer(byte[]... fieldRoots) {
    byte[] activeFields = new byte[CHUNK];
    for (int i = 0; i < fieldRoots.length; i++) {
      activeFields[i / 8] |= (byte) (1 << (i % 8));
    }
    return hash(merkleizeProgressive(List.of(fieldRoots)), activeFields);
  }

  /** Root of a ProgressiveList of composite elements given their roots (EIP-7916). */
  public byte[] progressiveList(List<byte[]> elementRoots) {
    return mixInLength(merkleizeProgressive(elementRoots), elementRoots.size());
  }

  /** Root of a ProgressiveBitList (EIP-7916). */
  public byte[] progressiveBitlist(Bitlist bits) {
    return mixInLength(merkleizeProgressive(pack(bits.packedBits())), bits.size());
  }

  /** The chunk of a uint64: little-endian, zero-padded to 32 bytes (its hash_tree_root). */
  public static byte[] uint64(long value) {
    byte[] chunk = new byte[CHUNK];
    putUint64(chunk, 0, value);
    return chunk;
  }

  /** Splits bytes into 32-byte chunks, zero-padding the last. No chunk at all for empty input. */
  public static List<byte[]> pack(byte[] bytes) {
    int count = (bytes.length + CHUNK - 1) / CHUNK;
    byte[][] chunks = new byte[count][];
    for (int i = 0; i < count; i++) {
      chunks[i] = new byte[CHUNK];
      System.arraycopy(bytes, i * CHUNK, chunks[i], 0, Math.min(CHUNK, bytes.length - i * CHUNK));
    }
    return List.of(chunks);
  }

  private static void putUint64(byte[] target, int offset, long value) {
    for (int i = 0; i < Long.BYTES; i++) {
      target[offset + i] = (byte) (value >>> (8 * i));
    }
  }

  /** Smallest d with 2^d >= limit (limit taken as unsigned). */
  private static int depthFor(long limit) {
    if (Long.compareUnsigned(limit, 1) <= 0) {
      return 0;
    }
    return MAX_DEPTH - Long.numberOfLeadingZeros(limit - 1);
  }

  private static byte[][] zeroHashes() {
    MessageDigest digest = newSha256();
    byte[][] zeros = new byte[MAX_DEPTH + 1][];
    zeros[0] = new byte[CHUNK];
    for (int d = 1; d <= MAX_DEPTH; d++) {
      digest.update(zeros[d - 1]);
      digest.update(zeros[d - 1]);
      zeros[d] = digest.digest();
    }
    return zeros;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

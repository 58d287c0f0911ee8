package dev.vigil.crypto;

import java.math.BigInteger;

/** EIP-2334 paths ("m/12381/3600/i/0/0") walked through the EIP-2333 tree. */
public final class Eip2334 {
  private Eip2334() {}

  /** The signing key path of validator {@code index}: m/12381/3600/index/0/0. */
  public static String signingKeyPath(long index) {
    return "m/12381/3600/" + checkIndex(index) + "/0/0";
  }

  /** The withdrawal key path of validator {@code index}: m/12381/3600/index/0. */
  public static String withdrawalKeyPath(long index) {
    return "m/12381/3600/" + checkIndex(index) + "/0";
  }

  /** The secret key at {@code path} below the master key of {@code seed}. */
  public static BlsSecretKey deriveSecretKey(byte[] seed, String path) {
    return BlsSecretKey.fromInteger(deriveSk(seed, path));
  }

  /** The secret key at {@code path} as the integer EIP-2333 works with. */
  public static BigInteger deriveSk(byte[] seed, String path) {
    long[] indices = parsePath(path);
    BigInteger sk = Eip2333.deriveMasterSk(seed);
    for (long index : indices) {
      sk = Eip2333.deriveChildSk(sk, index);
    }
    return sk;
  }

  /**
   * The child indices of a path: "m" then "/"-separated decimal uint32s. Hardened markers (')
   * do not exist in EIP-2334 and are refused, as are empty, signed or padded components.
   */
  public static long[] parsePath(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("path: missing");
    }
    String[] parts = path.split("/", -1);
    if (!parts[0].equals("m")) {
      throw new IllegalArgumentException("path: must start with \"m\": " + path);
    }
    long[] indices = new long[parts.length - 1];
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      boolean decimal = !part.isEmpty() && part.length() <= 10 && part.chars().allMatch(c -> c >= '0' && c <= '9');
      if (!decimal || (part.length() > 1 && part.charAt(0) == '0')) {
        throw new IllegalArgumentException("path: component " + i + " is not a decimal index: \"" + part + "\" in " + path);
      }
      long index = Long.parseLong(part);
      if (index > 0xFFFFFFFFL) {
        throw new IllegalArgumentException("path: component " + i + " exceeds 2^32-1 in " + path);
      }
      indices[i - 1] = index;
    }
    return indices;
  }

  private static long checkIndex(long index) {
    if (index < 0 || index > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("index: must be a uint32, got " + index);
    }
    return index;
  }
}

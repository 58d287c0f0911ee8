package dev.vigil.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.KeyParameter;

/** The password-based key derivation of an EIP-2335 keystore ("kdf" module), without its salt. */
public sealed interface KeystoreKdf permits KeystoreKdf.Scrypt, KeystoreKdf.Pbkdf2 {
  /** The decryption key length every EIP-2335 keystore uses (16 for AES-128, 16 for the checksum). */
  int DKLEN = 32;

  /** The EIP-2335 "function" name. */
  String function();

  /** The 32-byte decryption key. */
  byte[] deriveKey(byte[] password, byte[] salt);

  /**
   * scrypt (RFC 7914); n a power of two. Bounded by what every tool writes (EIP-2335's n=2^18, r=8,
   * p=1: 256 MiB and about a second): larger parameters are refused before any work, since a
   * keystore cannot be told from a denial of service by anything but its parameters.
   */
  record Scrypt(int n, int r, int p) implements KeystoreKdf {
    /** The parameters of the EIP-2335 example and of common tools. */
    public static final Scrypt DEFAULT = new Scrypt(262144, 8, 1);

    public static final int MAX_N = 1 << 18;
    public static final int MAX_R = 8;
    /** n·r·p, the work (128·n·r bytes of memory, p times over), at most EIP-2335's. */
    public static final long MAX_WORK = (long) MAX_N * MAX_R;

    public Scrypt {
      if (n < 2 || Integer.bitCount(n) != 1) {
        throw new IllegalArgumentException("n: must be a power of two greater than 1, got " + n);
      }
      if (n > MAX_N) {
        throw new IllegalArgumentException("n: at most " + MAX_N + " (EIP-2335's), got " + n);
      }
      if (r < 1 || r > MAX_R) {
        throw new IllegalArgumentException("r: must be 1 to " + MAX_R + ", got " + r);
      }
      if (p < 1 || (long) n * r * p > MAX_WORK) {
        throw new IllegalArgumentException(
            "p: must be positive with n·r·p at most " + MAX_WORK + " (EIP-2335's n=262144 r=8 p=1), got p=" + p);
      }
    }

    @Override
    public String function() {
      return "scrypt";
    }

    @Override
    public byte[] deriveKey(byte[] password, byte[] salt) {
      return SCrypt.generate(password, salt, n, r, p, DKLEN);
    }
  }

  /**
   * PBKDF2 with HMAC-SHA256 (the only PRF EIP-2335 allows). c is bounded at four times what every
   * tool writes (EIP-2335's 2^18), about a second of work; more is refused before any work.
   */
  record Pbkdf2(int c) implements KeystoreKdf {
    /** The iteration count of the EIP-2335 example and of common tools. */
    public static final Pbkdf2 DEFAULT = new Pbkdf2(262144);

    public static final int MAX_C = 1 << 20;

    public Pbkdf2 {
      if (c < 1 || c > MAX_C) {
        throw new IllegalArgumentException("c: must be 1 to " + MAX_C + ", got " + c);
      }
    }

    @Override
    public String function() {
      return "pbkdf2";
    }

    @Override
    public byte[] deriveKey(byte[] password, byte[] salt) {
      PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
      generator.init(password, salt, c);
      return ((KeyParameter) generator.generateDerivedMacParameters(DKLEN * 8)).getKey();
    }
  }
}

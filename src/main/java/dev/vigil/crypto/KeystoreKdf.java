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

  /** scrypt (RFC 7914); n a power of two. */
  record Scrypt(int n, int r, int p) implements KeystoreKdf {
    /** The parameters of the EIP-2335 example and of common tools. */
    public static final Scrypt DEFAULT = new Scrypt(262144, 8, 1);

    /** 128·n·r bytes are allocated; more than this is refused rather than risking the heap. */
    public static final long MAX_MEMORY = 1L << 30;

    public Scrypt {
      if (n < 2 || Integer.bitCount(n) != 1) {
        throw new IllegalArgumentException("n: must be a power of two greater than 1, got " + n);
      }
      if (r < 1 || p < 1) {
        throw new IllegalArgumentException("r and p: must be positive, got r=" + r + " p=" + p);
      }
      if (128L * n * r > MAX_MEMORY) {
        throw new IllegalArgumentException("n, r: need more than 1 GiB (128·n·r), refused");
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

  /** PBKDF2 with HMAC-SHA256 (the only PRF EIP-2335 allows). */
  record Pbkdf2(int c) implements KeystoreKdf {
    /** The iteration count of the EIP-2335 example and of common tools. */
    public static final Pbkdf2 DEFAULT = new Pbkdf2(262144);

    public Pbkdf2 {
      if (c < 1) {
        throw new IllegalArgumentException("c: must be positive, got " + c);
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

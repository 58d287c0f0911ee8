package dev.vigil.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/** BIP-39 mnemonics: the seed of any mnemonic, and the English word list with its checksum. */
public final class Bip39 {
  private static final List<String> ENGLISH = loadEnglish();
  private static final Map<String, Integer> ENGLISH_INDEX = indexOf(ENGLISH);

  private Bip39() {}

  /**
   * The 64-byte seed: PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + NFKD(passphrase), 2048).
   * Works for a mnemonic in any language; the checksum is not checked here.
   */
  public static byte[] seed(String mnemonic, String passphrase) {
    byte[] password = nfkdUtf8(mnemonic);
    byte[] salt = nfkdUtf8("mnemonic" + passphrase);
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA512Digest());
    generator.init(password, salt, 2048);
    byte[] seed = ((KeyParameter) generator.generateDerivedMacParameters(512)).getKey();
    Arrays.fill(password, (byte) 0);
    return seed;
  }

  /** The English mnemonic of 16, 20, 24, 28 or 32 bytes of entropy. */
  public static String englishMnemonic(byte[] entropy) {
    int bits = entropy.length * 8;
    if (entropy.length < 16 || entropy.length > 32 || entropy.length % 4 != 0) {
      throw new IllegalArgumentException("entropy: must be 16, 20, 24, 28 or 32 bytes, got " + entropy.length);
    }
    int checksumBits = bits / 32;
    BigInteger checksum = new BigInteger(1, Eip2333.sha256().digest(entropy)).shiftRight(256 - checksumBits);
    BigInteger all = new BigInteger(1, entropy).shiftLeft(checksumBits).or(checksum);
    int words = (bits + checksumBits) / 11;
    StringBuilder mnemonic = new StringBuilder();
    for (int i = words - 1; i >= 0; i--) {
      mnemonic.append(ENGLISH.get(all.shiftRight(i * 11).intValue() & 0x7FF));
      if (i > 0) {
        mnemonic.append(' ');
      }
    }
    return mnemonic.toString();
  }

  /**
   * The entropy of an English mnemonic, checking its words, their number and the checksum; the
   * message says which was wrong.
   */
  public static byte[] englishEntropy(String mnemonic) {
    String[] words = Normalizer.normalize(mnemonic, Normalizer.Form.NFKD).trim().split("\\s+");
    if (words.length < 12 || words.length > 24 || words.length % 3 != 0) {
      throw new IllegalArgumentException("mnemonic: must have 12, 15, 18, 21 or 24 words, got " + words.length);
    }
    BigInteger all = BigInteger.ZERO;
    for (int i = 0; i < words.length; i++) {
      Integer index = ENGLISH_INDEX.get(words[i]);
      if (index == null) {
        throw new IllegalArgumentException("mnemonic: word " + (i + 1) + " is not in the BIP-39 English list");
      }
      all = all.shiftLeft(11).or(BigInteger.valueOf(index));
    }
    int checksumBits = words.length / 3;
    int entropyBytes = (words.length * 11 - checksumBits) / 8;
    byte[] entropy = BlsSecretKey.toBytes32(all.shiftRight(checksumBits));
    entropy = Arrays.copyOfRange(entropy, 32 - entropyBytes, 32);
    if (!englishMnemonic(entropy).equals(String.join(" ", words))) {
      throw new IllegalArgumentException("mnemonic: checksum mismatch (a word is wrong or out of order)");
    }
    return entropy;
  }

  private static byte[] nfkdUtf8(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> loadEnglish() {
    try (InputStream in = Bip39.class.getResourceAsStream("bip39-english.txt")) {
      if (in == null) {
        throw new IllegalStateException("bip39-english.txt missing from the classpath");
      }
      List<String> words = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      if (words.size() != 2048) {
        throw new IllegalStateException("bip39-english.txt: expected 2048 words, got " + words.size());
      }
      return words;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Integer> indexOf(List<String> words) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < words.size(); i++) {
      index.put(words.get(i), i);
    }
    return Map.copyOf(index);
  }
}

package dev.vigil.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.crypto.KeystoreException.Reason;
import dev.vigil.spec.BLSPubkey;
import dev.vigil.spec.Hex;
import dev.vigil.spec.InputEcho;
import dev.vigil.spec.json.BoundedJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An EIP-2335 (version 4) BLS keystore: parsed strictly, decrypted with scrypt or PBKDF2,
 * SHA-256 checksum and AES-128-CTR. Immutable and without shared state, so several keystores can be
 * decrypted in parallel.
 */
public final class Eip2335Keystore {
  private static final ObjectMapper JSON = BoundedJson.mapper();
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Set<String> TOP_LEVEL = Set.of("crypto", "description", "pubkey", "path", "uuid", "version");
  private static final Set<String> CRYPTO = Set.of("kdf", "checksum", "cipher");
  private static final Set<String> MODULE = Set.of("function", "params", "message");
  private static final Set<String> SCRYPT_PARAMS = Set.of("dklen", "n", "r", "p", "salt");
  private static final Set<String> PBKDF2_PARAMS = Set.of("dklen", "c", "prf", "salt");
  private static final int IV_LENGTH = 16;
  private static final int SECRET_LENGTH = 32;
  /** Every tool writes a 32-byte salt; far longer ones are refused before any work. */
  private static final int MAX_SALT_LENGTH = 1024;

  private final KeystoreKdf kdf;
  private final byte[] salt;
  private final byte[] checksum;
  private final byte[] iv;
  private final byte[] cipherMessage;
  private final Optional<BLSPubkey> pubkey;
  private final String path;
  private final UUID uuid;
  private final String description;

  private Eip2335Keystore(
      KeystoreKdf kdf,
      byte[] salt,
      byte[] checksum,
      byte[] iv,
      byte[] cipherMessage,
      Optional<BLSPubkey> pubkey,
      String path,
      UUID uuid,
      String description) {
    this.kdf = kdf;
    this.salt = salt;
    this.checksum = checksum;
    this.iv = iv;
    this.cipherMessage = cipherMessage;
    this.pubkey = pubkey;
    this.path = path;
    this.uuid = uuid;
    this.description = description;
  }

  /**
   * Parses a keystore, refusing anything the EIP does not define: a {@link KeystoreException}
   * names the missing, unknown, unsupported or invalid field.
   */
  public static Eip2335Keystore parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new KeystoreException(Reason.MALFORMED_JSON, "", "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new KeystoreException(Reason.MALFORMED_JSON, "", "a keystore must be a JSON object");
    }
    checkFields(root, "", TOP_LEVEL);
    JsonNode version = required(root, "", "version");
    if (!version.isIntegralNumber()) {
      throw invalid("version", "must be an integer");
    }
    if (!version.canConvertToLong() || version.asLong() != 4) {
      throw new KeystoreException(Reason.UNSUPPORTED_VERSION, "version",
          "unsupported version " + version.asText() + ", only EIP-2335 version 4 is supported");
    }
    JsonNode crypto = object(required(root, "", "crypto"), "crypto");
    checkFields(crypto, "crypto", CRYPTO);

    KdfModule kdfModule = kdfModule(crypto);

    JsonNode checksumModule = module(crypto, "checksum");
    String checksumFunction = checksumModule.get("function").asText();
    if (!checksumFunction.equals("sha256")) {
      throw unsupported("crypto.checksum.function", checksumFunction, "sha256");
    }
    checkFields(checksumModule.get("params"), "crypto.checksum.params", Set.of());
    byte[] checksum = hex(checksumModule.get("message"), "crypto.checksum.message", 32);

    JsonNode cipherModule = module(crypto, "cipher");
    String cipherFunction = cipherModule.get("function").asText();
    if (!cipherFunction.equals("aes-128-ctr")) {
      throw unsupported("crypto.cipher.function", cipherFunction, "aes-128-ctr");
    }
    JsonNode cipherParams = cipherModule.get("params");
    checkFields(cipherParams, "crypto.cipher.params", Set.of("iv"));
    byte[] iv = hex(required(cipherParams, "crypto.cipher.params", "iv"), "crypto.cipher.params.iv", IV_LENGTH);
    byte[] cipherMessage = hex(cipherModule.get("message"), "crypto.cipher.message", SECRET_LENGTH);

    Optional<BLSPubkey> pubkey = Optional.empty();
    if (root.has("pubkey") && !text(root.get("pubkey"), "pubkey").isEmpty()) {
      pubkey = Optional.of(new BLSPubkey(hex(root.get("pubkey"), "pubkey", BLSPubkey.SIZE)));
    }
    // The EIP's schema requires path, but Prysm omits it; it is informational ("" = unknown), so
    // any string is kept as given rather than refusing a keystore over it.
    String path = root.has("path") ? text(root.get("path"), "path") : "";
    String uuidText = text(required(root, "", "uuid"), "uuid");
    if (!UUID_TEXT.matcher(uuidText).matches()) {
      throw invalid("uuid", "not a UUID: " + InputEcho.bounded(uuidText));
    }
    String description = root.has("description") ? text(root.get("description"), "description") : "";
    return new Eip2335Keystore(kdfModule.kdf(), kdfModule.salt(), checksum, iv, cipherMessage, pubkey, path,
        UUID.fromString(uuidText), description);
  }

  /**
   * Encrypts {@code key} under {@code password} with fresh salt, IV and UUID from {@code random}.
   * {@code path} is an EIP-2334 path or "" when unknown.
   */
  public static Eip2335Keystore encrypt(
      BlsSecretKey key, String password, KeystoreKdf kdf, String path, String description, SecureRandom random) {
    if (!path.isEmpty()) {
      Eip2334.parsePath(path);
    }
    byte[] salt = new byte[32];
    random.nextBytes(salt);
    byte[] iv = new byte[IV_LENGTH];
    random.nextBytes(iv);
    byte[] passwordBytes = processPassword(password);
    byte[] decryptionKey = kdf.deriveKey(passwordBytes, salt);
    byte[] secret = key.toBytes();
    try {
      byte[] cipherMessage = aes128Ctr(decryptionKey, iv, secret);
      return new Eip2335Keystore(kdf, salt, checksum(decryptionKey, cipherMessage), iv, cipherMessage,
          Optional.of(key.publicKey().toBytes()), path, randomUuid(random), description);
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
      Arrays.fill(decryptionKey, (byte) 0);
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Decrypts the secret key. A checksum mismatch is a {@link Reason#WRONG_PASSWORD}; a secret that
   * is not a valid key or does not match {@link #pubkey()} is refused as well.
   */
  public BlsSecretKey decrypt(String password) {
    byte[] passwordBytes = processPassword(password);
    byte[] decryptionKey = kdf.deriveKey(passwordBytes, salt);
    byte[] secret = null;
    try {
      if (!MessageDigest.isEqual(checksum(decryptionKey, cipherMessage), checksum)) {
        throw new KeystoreException(Reason.WRONG_PASSWORD, "", "wrong password (checksum mismatch)");
      }
      secret = aes128Ctr(decryptionKey, iv, cipherMessage);
      BlsSecretKey key;
      try {
        key = BlsSecretKey.fromBytes(secret);
      } catch (IllegalArgumentException e) {
        throw new KeystoreException(Reason.INVALID_SECRET, "crypto.cipher.message",
            "decrypts to an invalid BLS " + e.getMessage());
      }
      if (pubkey.isPresent() && !pubkey.get().equals(key.publicKey().toBytes())) {
        key.destroy();
        throw new KeystoreException(Reason.PUBKEY_MISMATCH, "pubkey",
            "the decrypted secret key belongs to " + key.publicKey() + ", not " + pubkey.get());
      }
      return key;
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
      Arrays.fill(decryptionKey, (byte) 0);
      if (secret != null) {
        Arrays.fill(secret, (byte) 0);
      }
    }
  }

  /** The keystore as EIP-2335 JSON (hex without 0x, as the EIP's examples). */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode crypto = root.putObject("crypto");
    ObjectNode kdfModule = crypto.putObject("kdf");
    kdfModule.put("function", kdf.function());
    ObjectNode kdfParams = kdfModule.putObject("params");
    kdfParams.put("dklen", KeystoreKdf.DKLEN);
    if (kdf instanceof KeystoreKdf.Scrypt) {
      KeystoreKdf.Scrypt scrypt = (KeystoreKdf.Scrypt) kdf;
      kdfParams.put("n", scrypt.n()).put("r", scrypt.r()).put("p", scrypt.p());
    } else {
      kdfParams.put("c", ((KeystoreKdf.Pbkdf2) kdf).c()).put("prf", "hmac-sha256");
    }
    kdfParams.put("salt", Hex.encodeBare(salt));
    kdfModule.put("message", "");
    ObjectNode checksumModule = crypto.putObject("checksum");
    checksumModule.put("function", "sha256");
    checksumModule.putObject("params");
    checksumModule.put("message", Hex.encodeBare(checksum));
    ObjectNode cipherModule = crypto.putObject("cipher");
    cipherModule.put("function", "aes-128-ctr");
    cipherModule.putObject("params").put("iv", Hex.encodeBare(iv));
    cipherModule.put("message", Hex.encodeBare(cipherMessage));
    root.put("description", description);
    root.put("pubkey", pubkey.map(p -> Hex.encodeBare(p.toArray())).orElse(""));
    root.put("path", path);
    root.put("uuid", uuid.toString());
    root.put("version", 4);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write keystore JSON", e);
    }
  }

  /**
   * The EIP-2335 password processing: NFKD, then C0 (U+0000–U+001F), C1 (U+0080–U+009F) and DEL
   * (U+007F) removed, then UTF-8.
   */
  public static byte[] processPassword(String password) {
    String normalized = Normalizer.normalize(password, Normalizer.Form.NFKD);
    StringBuilder kept = new StringBuilder(normalized.length());
    normalized.codePoints()
        .filter(c -> !(c <= 0x1F || (c >= 0x7F && c <= 0x9F)))
        .forEach(kept::appendCodePoint);
    return kept.toString().getBytes(StandardCharsets.UTF_8);
  }

  public KeystoreKdf kdf() {
    return kdf;
  }

  /** The public key the keystore declares, if any (not yet checked against the secret). */
  public Optional<BLSPubkey> pubkey() {
    return pubkey;
  }

  public String path() {
    return path;
  }

  public UUID uuid() {
    return uuid;
  }

  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return "Eip2335Keystore[uuid=" + uuid + ", pubkey=" + pubkey.map(BLSPubkey::toHexString).orElse("none")
        + ", path=" + path + ", kdf=" + kdf + "]";
  }

  private static byte[] checksum(byte[] decryptionKey, byte[] cipherMessage) {
    MessageDigest sha256 = Eip2333.sha256();
    sha256.update(decryptionKey, 16, 16);
    return sha256.digest(cipherMessage);
  }

  // CTR mode is symmetric: the same call encrypts and decrypts.
  private static byte[] aes128Ctr(byte[] decryptionKey, byte[] iv, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(decryptionKey, 0, 16, "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-128-CTR unavailable", e);
    }
  }

  private static UUID randomUuid(SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    bytes[6] = (byte) ((bytes[6] & 0x0F) | 0x40); // version 4
    bytes[8] = (byte) ((bytes[8] & 0x3F) | 0x80); // IETF variant
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xFF);
      low = (low << 8) | (bytes[i + 8] & 0xFF);
    }
    return new UUID(high, low);
  }

  /** The "kdf" module: which KDF with which parameters, and its salt. */
  private record KdfModule(KeystoreKdf kdf, byte[] salt) {}

  private static KdfModule kdfModule(JsonNode crypto) {
    JsonNode module = module(crypto, "kdf");
    String kdfFunction = module.get("function").asText();
    JsonNode kdfParams = module.get("params");
    KeystoreKdf kdf;
    if (kdfFunction.equals("scrypt")) {
      checkFields(kdfParams, "crypto.kdf.params", SCRYPT_PARAMS);
      kdf = kdf(() -> new KeystoreKdf.Scrypt(
          intParam(kdfParams, "n"), intParam(kdfParams, "r"), intParam(kdfParams, "p")));
    } else if (kdfFunction.equals("pbkdf2")) {
      checkFields(kdfParams, "crypto.kdf.params", PBKDF2_PARAMS);
      String prf = text(required(kdfParams, "crypto.kdf.params", "prf"), "crypto.kdf.params.prf");
      if (!prf.equals("hmac-sha256")) {
        throw unsupported("crypto.kdf.params.prf", prf, "hmac-sha256");
      }
      kdf = kdf(() -> new KeystoreKdf.Pbkdf2(intParam(kdfParams, "c")));
    } else {
      throw unsupported("crypto.kdf.function", kdfFunction, "scrypt or pbkdf2");
    }
    int dklen = intParam(kdfParams, "dklen");
    if (dklen != KeystoreKdf.DKLEN) {
      throw invalid("crypto.kdf.params.dklen", "must be " + KeystoreKdf.DKLEN + ", got " + dklen);
    }
    byte[] salt = hex(required(kdfParams, "crypto.kdf.params", "salt"), "crypto.kdf.params.salt",
        text -> Hex.decodeAtMost(text, MAX_SALT_LENGTH));
    emptyMessage(module, "crypto.kdf");
    return new KdfModule(kdf, salt);
  }

  private static KeystoreKdf kdf(Supplier<KeystoreKdf> constructor) {
    try {
      return constructor.get();
    } catch (KeystoreException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw invalid("crypto.kdf.params", e.getMessage());
    }
  }

  private static JsonNode module(JsonNode crypto, String name) {
    String field = "crypto." + name;
    JsonNode module = object(required(crypto, "crypto", name), field);
    checkFields(module, field, MODULE);
    text(required(module, field, "function"), field + ".function");
    object(required(module, field, "params"), field + ".params");
    text(required(module, field, "message"), field + ".message");
    return module;
  }

  private static void emptyMessage(JsonNode module, String field) {
    if (!module.get("message").asText().isEmpty()) {
      throw invalid(field + ".message", "must be empty");
    }
  }

  private static JsonNode required(JsonNode parent, String parentField, String name) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      throw new KeystoreException(Reason.MISSING_FIELD, parentField.isEmpty() ? name : parentField + "." + name, "missing");
    }
    return node;
  }

  private static void checkFields(JsonNode node, String field, Set<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new KeystoreException(Reason.UNKNOWN_FIELD, field.isEmpty() ? name : field + "." + name,
            "not an EIP-2335 field");
      }
    }
  }

  private static JsonNode object(JsonNode node, String field) {
    if (!node.isObject()) {
      throw invalid(field, "must be a JSON object");
    }
    return node;
  }

  private static String text(JsonNode node, String field) {
    if (!node.isTextual()) {
      throw invalid(field, "must be a string");
    }
    return node.asText();
  }

  private static int intParam(JsonNode params, String name) {
    String field = "crypto.kdf.params." + name;
    JsonNode node = required(params, "crypto.kdf.params", name);
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw invalid(field, "must be an integer");
    }
    return node.asInt();
  }

  private static byte[] hex(JsonNode node, String field, int length) {
    return hex(node, field, text -> Hex.decode(text, length));
  }

  private static byte[] hex(JsonNode node, String field, Function<String, byte[]> decoder) {
    String text = text(node, field);
    try {
      return decoder.apply(text);
    } catch (IllegalArgumentException e) {
      throw invalid(field, e.getMessage());
    }
  }

  private static KeystoreException invalid(String field, String message) {
    return new KeystoreException(Reason.INVALID_VALUE, field, message);
  }

  private static KeystoreException unsupported(String field, String value, String supported) {
    return new KeystoreException(Reason.UNSUPPORTED_FUNCTION, field,
        "unsupported \"" + InputEcho.bounded(value) + "\" (supported: " + supported + ")");
  }
}

package dev.vigil.attestation;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Nitro attestation documents for tests: the real recorded ones under vectors/blocky-nitrite, and
 * documents built here over a self-made P-384 chain (root → intermediate → leaf), signed as the NSM
 * signs them (COSE_Sign1, ES384, raw r‖s), so that every field can be set at will.
 */
final class NitroDocuments {
  static final Instant REAL_TIME = Instant.parse("2024-09-07T14:37:39.545Z");
  static final Instant REAL_DEBUG_TIME = Instant.parse("2024-09-07T14:38:06.508Z");
  static final Instant TIME = Instant.parse("2025-06-01T12:00:00Z");

  private NitroDocuments() {}

  /** A recorded document from src/test/resources/vectors/blocky-nitrite. */
  static byte[] real(String name) {
    try (InputStream in = NitroDocuments.class.getResourceAsStream("/vectors/blocky-nitrite/" + name + ".b64")) {
      return Base64.getDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A self-made chain: the root stands in for the AWS Nitro root (give it as the test anchor). */
  record Chain(KeyPair rootKey, X509Certificate root, KeyPair intermediateKey, X509Certificate intermediate,
      KeyPair leafKey, X509Certificate leaf) {
    static Chain create() {
      KeyPair rootKey = TestCertificates.p384();
      KeyPair intermediateKey = TestCertificates.p384();
      KeyPair leafKey = TestCertificates.p384();
      X509Certificate root = TestCertificates.certificate("test.nitro-enclaves", rootKey, "test.nitro-enclaves", rootKey.getPrivate(), true, 1);
      X509Certificate intermediate = TestCertificates.certificate("zonal.test.nitro-enclaves", intermediateKey, "test.nitro-enclaves", rootKey.getPrivate(), true, 2);
      X509Certificate leaf = TestCertificates.certificate("i-test-enc.test", leafKey, "zonal.test.nitro-enclaves", intermediateKey.getPrivate(), false, 3);
      return new Chain(rootKey, root, intermediateKey, intermediate, leafKey, leaf);
    }

    TrustAnchors anchors() {
      return TrustAnchors.pinned().withNitroRoot(root);
    }
  }

  /** The payload fields of a document to build; PCRs 0..15 as given, the rest of the fields as set. */
  static final class Builder {
    final Chain chain;
    String moduleId = "i-0123456789abcdef0-enc0123456789abcdef";
    Instant timestamp = TIME;
    final Map<Integer, byte[]> pcrs = new LinkedHashMap<>();
    Optional<byte[]> publicKey = Optional.empty();
    Optional<byte[]> userData = Optional.empty();
    Optional<byte[]> nonce = Optional.empty();
    int algorithm = NitroDocument.ES384;

    Builder(Chain chain) {
      this.chain = chain;
      for (int i = 0; i < 16; i++) {
        pcrs.put(i, TestCertificates.filled(48, i < 5 || i == 8 ? 0x10 + i : 0));
      }
    }

    byte[] build() {
      try {
        byte[] protectedHeader = cbor(gen -> {
          gen.writeStartObject(1);
          gen.writeFieldId(1);
          gen.writeNumber(algorithm);
          gen.writeEndObject();
        });
        byte[] payload = cbor(gen -> {
          gen.writeStartObject(9);
          gen.writeFieldName("module_id");
          gen.writeString(moduleId);
          gen.writeFieldName("digest");
          gen.writeString("SHA384");
          gen.writeFieldName("timestamp");
          gen.writeNumber(timestamp.toEpochMilli());
          gen.writeFieldName("pcrs");
          gen.writeStartObject(pcrs.size());
          for (Map.Entry<Integer, byte[]> pcr : pcrs.entrySet()) {
            gen.writeFieldId(pcr.getKey());
            gen.writeBinary(pcr.getValue());
          }
          gen.writeEndObject();
          gen.writeFieldName("certificate");
          gen.writeBinary(chain.leaf().getEncoded());
          gen.writeFieldName("cabundle");
          gen.writeStartArray(null, 2);
          gen.writeBinary(chain.root().getEncoded());
          gen.writeBinary(chain.intermediate().getEncoded());
          gen.writeEndArray();
          optional(gen, "public_key", publicKey);
          optional(gen, "user_data", userData);
          optional(gen, "nonce", nonce);
          gen.writeEndObject();
        });
        NitroDocument unsigned = new NitroDocument(protectedHeader, payload, new byte[0], moduleId, "SHA384", timestamp,
            pcrs, new byte[0], java.util.List.of(), publicKey, userData, nonce);
        Signature signer = Signature.getInstance("SHA384withECDSAinP1363Format");
        signer.initSign(chain.leafKey().getPrivate());
        signer.update(unsigned.signedBytes());
        byte[] signature = signer.sign();
        return cbor(gen -> {
          gen.writeStartArray(null, 4);
          gen.writeBinary(protectedHeader);
          gen.writeStartObject(0);
          gen.writeEndObject();
          gen.writeBinary(payload);
          gen.writeBinary(signature);
          gen.writeEndArray();
        });
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static void optional(CBORGenerator gen, String field, Optional<byte[]> value) throws IOException {
      gen.writeFieldName(field);
      if (value.isPresent()) {
        gen.writeBinary(value.get());
      } else {
        gen.writeNull();
      }
    }
  }

  /** The NSM's answer to an attestation request: {@code {"Attestation": {"document": …}}}. */
  static byte[] attestationResponse(byte[] document) {
    return cbor(gen -> {
      gen.writeStartObject(1);
      gen.writeFieldName("Attestation");
      gen.writeStartObject(1);
      gen.writeFieldName("document");
      gen.writeBinary(document);
      gen.writeEndObject();
      gen.writeEndObject();
    });
  }

  interface Writer {
    void write(CBORGenerator gen) throws IOException, GeneralSecurityException;
  }

  static byte[] cbor(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator gen = new CBORFactory().createGenerator(out)) {
      writer.write(gen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }
}

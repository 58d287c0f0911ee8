package dev.vigil.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.attestation.AttestationProvider;
import dev.vigil.attestation.Evidence;
import dev.vigil.attestation.EvidenceVerifier;
import dev.vigil.attestation.Verdict;
import dev.vigil.attestation.VerificationPolicy;
import dev.vigil.spec.Bytes32;
import dev.vigil.spec.json.JsonField;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;

/**
 * The attested handshake that gives a signer and a witness in TEEs their session key, as key
 * migration does (X25519 with evidence of each ephemeral key, {@link MigrationCrypto}). The signer
 * sends a {@link Hello}: identity, ephemeral public key, nonce, and evidence with report data
 * SHA-256("vigil/freshness/v1/signer" ‖ key ‖ nonce) ‖ nonce. The witness checks it against its
 * policy and answers a {@link Reply}: its ephemeral key and evidence with report data
 * SHA-256("vigil/freshness/v1/witness" ‖ its key ‖ T) ‖ T, where T = SHA-256("vigil/freshness/v1/
 * transcript" ‖ signer key ‖ witness key ‖ nonce ‖ identity); the signer checks it against its own
 * policy. Both derive the session key HKDF-SHA256(X25519 secret, "vigil/freshness/v1/session" ‖ T);
 * the session id is the first 16 bytes of T in hex. Every later message is MAC'd under that key.
 */
final class FreshnessHandshake {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SIGNER_LABEL = label("signer");
  private static final byte[] WITNESS_LABEL = label("witness");
  private static final byte[] TRANSCRIPT_LABEL = label("transcript");
  private static final byte[] SESSION_LABEL = label("session");

  private FreshnessHandshake() {}

  /** An established session: its id, the identity it speaks for, its MAC key. */
  record Session(String id, String signerIdentity, SecretKeySpec key) {}

  /** The signer's opening. JSON: {@code {"signer_identity","public_key","nonce","evidence"}}. */
  record Hello(String signerIdentity, Bytes32 publicKey, Bytes32 nonce, Evidence evidence) {
    ObjectNode toJson() {
      ObjectNode node = JSON.createObjectNode();
      node.put("signer_identity", signerIdentity);
      node.put("public_key", publicKey.toHexString());
      node.put("nonce", nonce.toHexString());
      node.set("evidence", evidence.toJsonNode());
      return node;
    }

    static Hello fromJson(JsonNode node) {
      JsonField root = JsonField.root(node);
      return new Hello(root.get("signer_identity").text(), root.get("public_key").bytes32(), root.get("nonce").bytes32(),
          parseEvidence(root.get("evidence")));
    }
  }

  /** The witness's answer. JSON: {@code {"session","public_key","evidence"}}. */
  record Reply(String session, Bytes32 publicKey, Evidence evidence) {
    ObjectNode toJson() {
      ObjectNode node = JSON.createObjectNode();
      node.put("session", session);
      node.put("public_key", publicKey.toHexString());
      node.set("evidence", evidence.toJsonNode());
      return node;
    }

    static Reply fromJson(JsonNode node) {
      JsonField root = JsonField.root(node);
      return new Reply(root.get("session").text(), root.get("public_key").bytes32(), parseEvidence(root.get("evidence")));
    }
  }

  /** What the signer keeps between its hello and the reply. */
  record Opening(Hello hello, KeyPair ephemeral) {}

  static Opening open(String signerIdentity, AttestationProvider attestation, SecureRandom random) {
    KeyPair ephemeral = MigrationCrypto.generateKeyPair(random);
    Bytes32 publicKey = MigrationCrypto.rawPublicKey(ephemeral.getPublic());
    byte[] nonce = new byte[Bytes32.SIZE];
    random.nextBytes(nonce);
    Bytes32 nonce32 = new Bytes32(nonce);
    Evidence evidence = attest(attestation, MigrationCrypto.reportData(SIGNER_LABEL, publicKey, nonce32), nonce32);
    return new Opening(new Hello(signerIdentity, publicKey, nonce32, evidence), ephemeral);
  }

  /** The witness's side: checks the hello against {@code policy}, answers and keeps the session. */
  static Reply answer(Hello hello, AttestationProvider attestation, EvidenceVerifier verifier,
      VerificationPolicy policy, SecureRandom random, Consumer<Session> keep) {
    requireVerified(verifier, hello.evidence(), policy,
        MigrationCrypto.reportData(SIGNER_LABEL, hello.publicKey(), hello.nonce()), hello.nonce(), "signer");
    KeyPair ephemeral = MigrationCrypto.generateKeyPair(random);
    Bytes32 publicKey = MigrationCrypto.rawPublicKey(ephemeral.getPublic());
    Bytes32 transcript = transcript(hello, publicKey);
    Evidence evidence = attest(attestation, MigrationCrypto.reportData(WITNESS_LABEL, publicKey, transcript), transcript);
    Session session = session(MigrationCrypto.agree(ephemeral.getPrivate(), hello.publicKey(), "public_key"), hello, transcript);
    keep.accept(session);
    return new Reply(session.id(), publicKey, evidence);
  }

  /** The signer's side: checks the reply against {@code policy} and derives the session. */
  static Session finish(Opening opening, Reply reply, EvidenceVerifier verifier, VerificationPolicy policy) {
    Bytes32 transcript = transcript(opening.hello(), reply.publicKey());
    requireVerified(verifier, reply.evidence(), policy,
        MigrationCrypto.reportData(WITNESS_LABEL, reply.publicKey(), transcript), transcript, "witness");
    Session session = session(MigrationCrypto.agree(opening.ephemeral().getPrivate(), reply.publicKey(), "public_key"),
        opening.hello(), transcript);
    if (!session.id().equals(reply.session())) {
      throw new IllegalArgumentException("session: the witness names session " + reply.session() + ", the transcript gives "
          + session.id());
    }
    return session;
  }

  private static Session session(byte[] shared, Hello hello, Bytes32 transcript) {
    byte[] info = new byte[SESSION_LABEL.length + Bytes32.SIZE];
    System.arraycopy(SESSION_LABEL, 0, info, 0, SESSION_LABEL.length);
    transcript.copyTo(info, SESSION_LABEL.length);
    SecretKeySpec key = FreshnessEnvelope.hkdf(shared, info);
    Arrays.fill(shared, (byte) 0);
    return new Session(HexFormat.of().formatHex(transcript.toArray(), 0, 16), hello.signerIdentity(), key);
  }

  private static Bytes32 transcript(Hello hello, Bytes32 witnessKey) {
    MessageDigest sha256 = MigrationCrypto.sha256();
    sha256.update(TRANSCRIPT_LABEL);
    sha256.update(hello.publicKey().toArray());
    sha256.update(witnessKey.toArray());
    sha256.update(hello.nonce().toArray());
    sha256.update(hello.signerIdentity().getBytes(StandardCharsets.UTF_8));
    return new Bytes32(sha256.digest());
  }

  private static Evidence attest(AttestationProvider attestation, byte[] reportData, Bytes32 nonce) {
    AttestationProvider.RawEvidence raw = attestation.attest(reportData);
    return new Evidence(raw.type(), reportData, raw.quote(), nonce, Optional.empty(), List.of(), raw.certificates());
  }

  private static void requireVerified(EvidenceVerifier verifier, Evidence evidence, VerificationPolicy policy,
      byte[] reportData, Bytes32 nonce, String peer) {
    Verdict verdict = verifier.verify(evidence, policy.withExpectedReportData(reportData).withNonce(nonce));
    if (!verdict.ok()) {
      throw new IllegalArgumentException("evidence: the " + peer + "'s evidence is refused: "
          + verdict.failures().stream().map(check -> check.name() + ": " + check.reason()).collect(Collectors.joining("; ")));
    }
  }

  private static Evidence parseEvidence(JsonField field) {
    try {
      return Evidence.fromJsonNode(field.node());
    } catch (IllegalArgumentException e) {
      throw field.error(e.getMessage());
    }
  }

  private static byte[] label(String name) {
    return (FreshnessEnvelope.VERSION + "/" + name).getBytes(StandardCharsets.US_ASCII);
  }
}

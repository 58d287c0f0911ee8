package dev.vigil.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Nitro enclaves simulated over one self-made root, for tests of code outside this package (key
 * migration): {@code --attestation nitro} against a module that signs, as the NSM does, documents
 * with the request's user_data and nonce and the enclave's PCRs.
 */
public final class SimulatedNitro {
  /** Every document's timestamp; verify at this time. */
  public static final Instant TIME = NitroDocuments.TIME;
  private final NitroDocuments.Chain chain = NitroDocuments.Chain.create();

  /** The pinned roots with this simulation's root standing in for the AWS Nitro root. */
  public TrustAnchors anchors() {
    return chain.anchors();
  }

  /** An enclave whose PCRs are {@code pcrs}, the others as {@link NitroDocuments.Builder} sets them. */
  public AttestationProvider enclave(Map<Integer, byte[]> pcrs) {
    return new NitroProvider(request -> {
      try {
        JsonNode attestation = new CBORMapper().readTree(request).path("Attestation");
        NitroDocuments.Builder builder = new NitroDocuments.Builder(chain);
        builder.pcrs.putAll(pcrs);
        builder.userData = Optional.of(attestation.get("user_data").binaryValue());
        builder.nonce = Optional.of(attestation.get("nonce").binaryValue());
        return NitroDocuments.attestationResponse(builder.build());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** A 48-byte PCR value, every byte {@code fill}. */
  public static byte[] pcr(int fill) {
    return TestCertificates.filled(48, fill);
  }
}

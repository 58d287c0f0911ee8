package dev.vigil.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.signer.SignableMessage;

/** Turns a Web3Signer eth2 signing request body into a message with its signing root. */
public interface Eth2RequestDecoder {
  /** Throws {@link ApiException} (400) naming the field when the body is malformed or inconsistent. */
  SignableMessage decode(JsonNode body);
}

package dev.vigil.cli;

/**
 * A call to the signer or a beacon node that failed: unreachable, refused, or answered with
 * something that is not what the API promises. The message is the one line an operator sees.
 */
final class RemoteCallException extends RuntimeException {
  RemoteCallException(String message) {
    super(message);
  }
}

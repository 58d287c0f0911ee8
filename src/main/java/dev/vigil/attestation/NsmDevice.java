package dev.vigil.attestation;

/**
 * The Nitro Secure Module as the enclave sees it: one CBOR request in, one CBOR response out (the
 * {@code NSM_IOCTL_REQUEST} ioctl on {@code /dev/nsm}). Tests stand in recorded device answers.
 */
interface NsmDevice {
  /**
   * Sends one request and returns the module's response.
   *
   * @throws AttestationException when the device is missing, not accessible or refuses the call
   */
  byte[] call(byte[] request);
}

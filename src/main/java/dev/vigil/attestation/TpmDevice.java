package dev.vigil.attestation;

/** A TPM 2.0 that takes one command and returns its response (tests drive it with recorded answers). */
interface TpmDevice {
  byte[] transmit(byte[] command);
}

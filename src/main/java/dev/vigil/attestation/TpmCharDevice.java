package dev.vigil.attestation;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Linux TPM resource manager {@code /dev/tpmrm0}: a command is one write, its response one read
 * (the kernel's TPM character-device interface); no library, no C.
 */
final class TpmCharDevice implements TpmDevice {
  /** TPM2 responses are at most 4096 bytes (the kernel's TPM_BUFSIZE). */
  private static final int MAX_RESPONSE = 4096;
  private final Path device;

  TpmCharDevice(Path device) {
    this.device = device;
  }

  @Override
  public synchronized byte[] transmit(byte[] command) {
    if (!Files.exists(device)) {
      throw new AttestationException("azure-vtpm: " + device + " does not exist: an Azure confidential VM exposes its vTPM there "
          + "(kernel with CONFIG_TCG_TPM and the TPM resource manager)");
    }
    try (RandomAccessFile tpm = new RandomAccessFile(device.toFile(), "rw")) {
      tpm.write(command);
      byte[] response = new byte[MAX_RESPONSE];
      int length = tpm.read(response);
      if (length < 10) {
        throw new AttestationException("azure-vtpm: " + device + " returned " + Math.max(length, 0) + " bytes, not a TPM response");
      }
      return Arrays.copyOf(response, length);
    } catch (AccessDeniedException e) {
      throw new AttestationException("azure-vtpm: permission denied opening " + device + " (run Vigil in the tss group)", e);
    } catch (IOException e) {
      String denied = e.getMessage() != null && e.getMessage().contains("Permission denied") ? " (run Vigil in the tss group)" : "";
      throw new AttestationException("azure-vtpm: " + device + ": " + e.getMessage() + denied, e);
    }
  }
}

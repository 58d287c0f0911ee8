package dev.vigil.attestation;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * {@code /dev/nsm} through libc's {@code open} and {@code ioctl} (JNA, no native code of ours). The
 * Linux nsm driver takes {@code NSM_IOCTL_REQUEST = _IOWR(0x0A, 0, struct nsm_message)}, where
 * {@code struct nsm_message} is two {@code struct iovec}s: the request (at most 4 KiB of CBOR) and a
 * response buffer (at most 12 KiB), whose length the driver sets to what it wrote.
 */
final class NsmIoctlDevice implements NsmDevice {
  static final int REQUEST_MAX = 0x1000;
  static final int RESPONSE_MAX = 0x3000;
  private static final int O_RDWR = 2;
  private static final int ENOENT = 2;
  private static final int EACCES = 13;
  private static final int ENOTTY = 25;
  private final Path device;

  /** {@code device} is {@code /dev/nsm} in production. */
  NsmIoctlDevice(Path device) {
    this.device = device;
  }

  /** libc, loaded on first use so that building a provider does not need the native library. */
  private interface LibC extends Library {
    int open(String path, int flags) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Pointer message) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private static final class Holder {
    static final LibC LIBC = Native.load("c", LibC.class);
  }

  /** {@code _IOWR(0x0A, 0, struct nsm_message)}: direction read|write, the struct's size, type 0x0A, number 0. */
  static long requestCode(int pointerSize) {
    long size = 4L * pointerSize; // two iovecs of (void *base, size_t len)
    return (3L << 30) | (size << 16) | (0x0AL << 8);
  }

  @Override
  public byte[] call(byte[] request) {
    if (request.length > REQUEST_MAX) {
      throw new AttestationException("nitro: the NSM request is " + request.length + " bytes, more than " + REQUEST_MAX);
    }
    LibC libc = Holder.LIBC;
    int fd;
    try {
      fd = libc.open(device.toString(), O_RDWR);
    } catch (LastErrorException e) {
      throw new AttestationException(switch (e.getErrorCode()) {
        case ENOENT -> "nitro: " + device + " does not exist: not running inside an AWS Nitro Enclave (or the nsm driver is not loaded)";
        case EACCES -> "nitro: permission denied (EACCES) opening " + device;
        default -> "nitro: cannot open " + device + ": errno " + e.getErrorCode();
      }, e);
    }
    try {
      int pointer = Native.POINTER_SIZE;
      Memory requestBuffer = new Memory(Math.max(1, request.length));
      requestBuffer.write(0, request, 0, request.length);
      Memory responseBuffer = new Memory(RESPONSE_MAX);
      Memory message = new Memory(4L * pointer);
      message.setPointer(0, requestBuffer);
      message.setNativeLong(pointer, new NativeLong(request.length));
      message.setPointer(2L * pointer, responseBuffer);
      message.setNativeLong(3L * pointer, new NativeLong(RESPONSE_MAX));
      try {
        libc.ioctl(fd, new NativeLong(requestCode(pointer)), message);
      } catch (LastErrorException e) {
        throw new AttestationException(e.getErrorCode() == ENOTTY
            ? "nitro: " + device + " is not the Nitro Secure Module (ioctl: ENOTTY)"
            : "nitro: the NSM ioctl on " + device + " failed: errno " + e.getErrorCode(), e);
      }
      long length = message.getNativeLong(3L * pointer).longValue();
      if (length <= 0 || length > RESPONSE_MAX) {
        throw new AttestationException("nitro: the NSM returned a response of " + length + " bytes");
      }
      return responseBuffer.getByteArray(0, (int) length);
    } finally {
      try {
        libc.close(fd);
      } catch (LastErrorException e) {
        // Nothing was written through this descriptor; a failed close loses nothing.
      }
    }
  }
}

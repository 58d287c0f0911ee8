package dev.vigil.attestation;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The four TPM 2.0 NV commands Azure attestation needs (TPM 2.0 Library, Part 3 §31), each authorized
 * by the owner hierarchy with the empty password session (TPM_RS_PW), as Azure's guide does with
 * {@code tpm2_nv* -C o}.
 */
final class TpmNv {
  static final int ST_NO_SESSIONS = 0x8001;
  static final int ST_SESSIONS = 0x8002;
  static final int CC_NV_DEFINE_SPACE = 0x12A;
  static final int CC_NV_WRITE = 0x137;
  static final int CC_NV_READ = 0x14E;
  static final int CC_NV_READ_PUBLIC = 0x169;
  static final int RH_OWNER = 0x40000001;
  static final int RS_PW = 0x40000009;
  static final int ALG_SHA256 = 0x000B;
  /** TPMA_NV_OWNERWRITE | AUTHWRITE | OWNERREAD | AUTHREAD: an ordinary index. */
  static final int OWNER_AND_AUTH_READ_WRITE = 1 << 1 | 1 << 2 | 1 << 17 | 1 << 18;
  /** Read in pieces no TPM refuses (MAX_NV_BUFFER_SIZE is at least 512 on PC-client TPMs). */
  static final int CHUNK = 512;
  private final TpmDevice tpm;

  TpmNv(TpmDevice tpm) {
    this.tpm = tpm;
  }

  /** TPM2_NV_ReadPublic: the index's data size, or empty when the index is not defined (TPM_RC_HANDLE). */
  Optional<Integer> dataSize(int index) {
    ByteBuffer response = run("TPM2_NV_ReadPublic", index, command(ST_NO_SESSIONS, CC_NV_READ_PUBLIC, 4).putInt(index), true);
    if (response == null) {
      return Optional.empty();
    }
    try {
      response.getShort(); // TPM2B_NV_PUBLIC size
      int reported = response.getInt();
      if (reported != index) {
        throw new AttestationException("azure-vtpm: TPM2_NV_ReadPublic of 0x" + Integer.toHexString(index) + " described 0x" + Integer.toHexString(reported));
      }
      response.getShort(); // nameAlg
      response.getInt(); // attributes
      int policySize = Short.toUnsignedInt(response.getShort());
      response.position(response.position() + policySize); // authPolicy
      return Optional.of(Short.toUnsignedInt(response.getShort()));
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw truncated("TPM2_NV_ReadPublic", index);
    }
  }

  /** TPM2_NV_DefineSpace of an ordinary {@code size}-byte index the owner may read and write. */
  void define(int index, int size) {
    ByteBuffer command = authorized(CC_NV_DEFINE_SPACE, 2 + 2 + 14, RH_OWNER);
    command.putShort((short) 0); // auth: empty
    command.putShort((short) 14).putInt(index).putShort((short) ALG_SHA256).putInt(OWNER_AND_AUTH_READ_WRITE)
        .putShort((short) 0).putShort((short) size);
    run("TPM2_NV_DefineSpace", index, command, false);
  }

  /** TPM2_NV_Write of {@code data} at offset 0. */
  void write(int index, byte[] data) {
    ByteBuffer command = authorized(CC_NV_WRITE, 2 + data.length + 2, RH_OWNER, index);
    command.putShort((short) data.length).put(data).putShort((short) 0);
    run("TPM2_NV_Write", index, command, false);
  }

  /** TPM2_NV_Read of the whole index, in {@link #CHUNK}-byte pieces. */
  byte[] read(int index, int size) {
    byte[] out = new byte[size];
    for (int offset = 0; offset < size; offset += CHUNK) {
      int length = Math.min(CHUNK, size - offset);
      ByteBuffer command = authorized(CC_NV_READ, 2 + 2, RH_OWNER, index);
      command.putShort((short) length).putShort((short) offset);
      ByteBuffer response = run("TPM2_NV_Read", index, command, false);
      if (response.remaining() < 6) {
        throw truncated("TPM2_NV_Read", index);
      }
      response.getInt(); // parameterSize
      int returned = Short.toUnsignedInt(response.getShort());
      if (returned != length || response.remaining() < length) {
        throw new AttestationException("azure-vtpm: TPM2_NV_Read of 0x" + Integer.toHexString(index) + " at " + offset
            + " returned " + returned + " bytes, asked for " + length);
      }
      response.get(out, offset, length);
    }
    return out;
  }

  private static AttestationException truncated(String name, int index) {
    return new AttestationException("azure-vtpm: " + name + " of NV index 0x" + Integer.toHexString(index) + ": truncated response");
  }

  /** A command with the header, {@code handles} and one empty-password session, room for {@code parameters} bytes. */
  private static ByteBuffer authorized(int code, int parameters, int... handles) {
    ByteBuffer command = command(ST_SESSIONS, code, 4 * handles.length + 4 + 9 + parameters);
    for (int handle : handles) {
      command.putInt(handle);
    }
    return command.putInt(9).putInt(RS_PW).putShort((short) 0).put((byte) 0).putShort((short) 0);
  }

  private static ByteBuffer command(int tag, int code, int bodySize) {
    return ByteBuffer.allocate(10 + bodySize).putShort((short) tag).putInt(10 + bodySize).putInt(code);
  }

  /**
   * Sends a command; returns the response after its 10-byte header, or {@code null} for
   * TPM_RC_HANDLE when {@code missingIsNull}. Any other error code fails, naming it.
   */
  private ByteBuffer run(String name, int index, ByteBuffer command, boolean missingIsNull) {
    ByteBuffer response = ByteBuffer.wrap(tpm.transmit(command.array()));
    if (response.remaining() < 10) {
      throw new AttestationException("azure-vtpm: " + name + ": a " + response.remaining() + "-byte response is not a TPM response");
    }
    response.getShort();
    int size = response.getInt();
    int code = response.getInt();
    if (size != response.limit()) {
      throw new AttestationException("azure-vtpm: " + name + ": response says " + size + " bytes, " + response.limit() + " came");
    }
    boolean handleError = (code & 0x80) != 0 && (code & 0x3F) == 0x0B;
    if (handleError && missingIsNull) {
      return null;
    }
    if (code != 0) {
      throw new AttestationException("azure-vtpm: " + name + " of NV index 0x" + Integer.toHexString(index)
          + " failed with TPM response code 0x" + Integer.toHexString(code));
    }
    return response;
  }
}

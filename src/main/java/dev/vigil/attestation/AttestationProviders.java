package dev.vigil.attestation;

import java.nio.file.Path;

/** Builds the provider named by {@code --attestation}. */
public final class AttestationProviders {
  private AttestationProviders() {}

  /**
   * {@code none}, {@code gramine-dcap}, {@code tsm}, {@code nitro} or {@code azure-vtpm}. {@code root} is the file-system root the TEE
   * pseudo-files live under: "/" in production, a prepared directory in tests.
   */
  public static AttestationProvider create(String name, Path root) {
    return switch (name) {
      case "none" -> new NoAttestationProvider();
      case "gramine-dcap" -> new GramineDcapProvider(root);
      case "tsm" -> new TsmProvider(root);
      case "nitro" -> new NitroProvider(new NsmIoctlDevice(root.resolve("dev/nsm")));
      case "azure-vtpm" -> new AzureVtpmProvider(new TpmCharDevice(root.resolve("dev/tpmrm0")), new AzureImdsClient(AzureImds.ADDRESS));
      default -> throw new IllegalArgumentException(
          "attestation: unknown provider '" + name + "' (expected none, gramine-dcap, tsm, nitro or azure-vtpm)");
    };
  }
}

package dev.vigil.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets every option come from an environment variable: {@code --http-listen-port} from
 * {@code VIGIL_HTTP_LISTEN_PORT}. The command line wins over the environment, which wins over the
 * built-in default.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> environment;

  EnvironmentDefaults(Map<String, String> environment) {
    this.environment = environment;
  }

  static String variableName(OptionSpec option) {
    return "VIGIL_" + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (argument instanceof OptionSpec option && option.longestName().startsWith("--")) {
      String value = environment.get(variableName(option));
      if (value != null) {
        return value;
      }
    }
    return argument.defaultValue();
  }
}

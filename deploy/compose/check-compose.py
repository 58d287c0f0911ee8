#!/usr/bin/env python3
"""Checks deploy/compose without a container runtime or the clients' images.

For every combination a user is told to run (compose.yaml with each validator client file, with
tls.yaml, with ephemery.yaml and ephemery.env) it parses the files, checks that every ${VAR} is set
by the env files, merges them the way compose does (services by name, environment by key), and
checks the result: every service has an image, depends_on names services of the combination,
named volumes are declared, bind-mounted paths exist, and each validator client is given only
flags of its documented command line (the sets below, from the clients' documentation), including
the ones that make it use Vigil. Where docker-compose (or docker compose) is installed, each
combination also goes through its `config` (the Compose schema); no daemon is needed for that.
Exit status 1 with one line per problem.

  python3 deploy/compose/check-compose.py
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

HERE = pathlib.Path(__file__).resolve().parent
CLIENT_FILES = ["lighthouse.yaml", "teku.yaml", "prysm.yaml", "nimbus.yaml", "lodestar.yaml"]

# Flags each client documents (the subset this setup uses); required ones point the client at Vigil.
CLIENT_FLAGS = {
    "lighthouse": {
        "documented": {"--network", "--testnet-dir", "--validators-dir", "--datadir", "--beacon-nodes",
                       "--suggested-fee-recipient", "--init-slashing-protection", "--metrics",
                       "--metrics-address"},
        "required": {"--validators-dir", "--beacon-nodes", "--init-slashing-protection"},
    },
    "teku": {
        "documented": {"--network", "--data-path", "--beacon-node-api-endpoint",
                       "--validators-external-signer-url", "--validators-external-signer-public-keys",
                       "--validators-proposer-default-fee-recipient", "--metrics-enabled",
                       "--metrics-interface"},
        "required": {"--validators-external-signer-url", "--validators-external-signer-public-keys"},
    },
    "prysm": {
        "documented": {"--accept-terms-of-use", "--mainnet", "--hoodi", "--sepolia", "--holesky",
                       "--chain-config-file", "--datadir", "--beacon-rpc-provider",
                       "--validators-external-signer-url", "--validators-external-signer-public-keys",
                       "--suggested-fee-recipient", "--monitoring-host"},
        "required": {"--validators-external-signer-url", "--validators-external-signer-public-keys"},
    },
    "nimbus": {
        "documented": {"--data-dir", "--beacon-node", "--web3-signer-url", "--suggested-fee-recipient",
                       "--metrics", "--metrics-address"},
        "required": {"--web3-signer-url"},
    },
    "lodestar": {
        "documented": {"--network", "--paramsFile", "--dataDir", "--beaconNodes", "--externalSigner.url",
                       "--externalSigner.fetch", "--suggestedFeeRecipient", "--metrics", "--metrics.address"},
        "required": {"--externalSigner.url", "--externalSigner.fetch"},
    },
}

problems = []


def env_file(name):
    values = {}
    for number, line in enumerate((HERE / name).read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            problems.append(f"{name} line {number}: expected KEY=VALUE")
            continue
        key, value = line.split("=", 1)
        values[key] = value
    return values


def interpolate(value, env, where):
    if isinstance(value, dict):
        return {k: interpolate(v, env, where) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env, where) for v in value]
    if not isinstance(value, str):
        return value

    def substitute(match):
        name = match.group(1)
        if name not in env:
            problems.append(f"{where}: ${{{name}}} is not set by the env files")
            return ""
        return env[name]

    return re.sub(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)\}", substitute, value).replace("$$", "$")


def merge(base, override):
    """Compose's merge: mappings by key, environment by variable, volumes and ports appended."""
    result = dict(base)
    for key, value in override.items():
        if key in result and isinstance(result[key], dict) and isinstance(value, dict):
            result[key] = merge(result[key], value)
        elif key in ("volumes", "ports", "tmpfs") and key in result:
            result[key] = result[key] + value
        else:
            result[key] = value
    return result


def check(files, env_files):
    label = " + ".join(files + env_files)
    env = {}
    for name in env_files:
        env.update(env_file(name))
    services, volumes = {}, set()
    for name in files:
        document = interpolate(yaml.safe_load((HERE / name).read_text()), env, name)
        for service, definition in document.get("services", {}).items():
            services[service] = merge(services.get(service, {}), definition)
        volumes |= set((document.get("volumes") or {}).keys())
    for service, definition in services.items():
        where = f"{label}: service {service}"
        if not definition.get("image"):
            problems.append(f"{where}: no image")
        for dependency in definition.get("depends_on", {}):
            if dependency not in services:
                problems.append(f"{where}: depends_on {dependency}, not a service of this combination")
        for mount in definition.get("volumes", []):
            source = mount.split(":", 1)[0]
            if source.startswith("."):
                if not (HERE / source).exists():
                    problems.append(f"{where}: bind mount {source} does not exist")
            elif source not in volumes:
                problems.append(f"{where}: volume {source} is not declared")
        if service in CLIENT_FLAGS:
            flags = {arg.split("=", 1)[0] for arg in definition.get("command", []) if arg.startswith("--")}
            rules = CLIENT_FLAGS[service]
            for flag in sorted(flags - rules["documented"]):
                problems.append(f"{where}: {flag} is not a documented {service} flag")
            for flag in sorted(rules["required"] - flags):
                problems.append(f"{where}: {flag} missing: {service} would not use Vigil")
            if not any("vigil" in str(arg) for arg in definition.get("command", [])) and service != "lighthouse":
                problems.append(f"{where}: no Vigil URL on the command line")
    if "vigil" not in services:
        problems.append(f"{label}: no vigil service")
    compose_config(files, env, label)


def compose_command():
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    return None


def compose_config(files, env, label):
    command = compose_command()
    if command is None:
        return
    with tempfile.NamedTemporaryFile("w", suffix=".env", delete=False) as merged:
        merged.writelines(f"{key}={value}\n" for key, value in env.items())
    try:
        arguments = command + ["--env-file", merged.name] + [a for f in files for a in ("-f", f)] + ["config", "-q"]
        result = subprocess.run(arguments, cwd=HERE, capture_output=True, text=True,
                                env={k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_")})
        if result.returncode != 0:
            problems.append(f"{label}: {' '.join(command)} config: {result.stderr.strip()}")
    finally:
        os.unlink(merged.name)


def main():
    if env_file(".env").get("COMPOSE_FILE") != "compose.yaml:lighthouse.yaml":
        problems.append(".env: COMPOSE_FILE must default to compose.yaml:lighthouse.yaml")
    combinations = 0
    for client in CLIENT_FILES:
        check(["compose.yaml", client], [".env"])
        check(["compose.yaml", "tls.yaml", client], [".env"])
        check(["compose.yaml", "ephemery.yaml", client], [".env", "ephemery.env"])
        combinations += 3
    for problem in problems:
        print("check-compose: " + problem, file=sys.stderr)
    if problems:
        sys.exit(1)
    checked_by = compose_command()
    tool = f", and pass {' '.join(checked_by)} config" if checked_by else " (no docker-compose here for its schema)"
    print(f"check-compose: {combinations} combinations of deploy/compose parse and are consistent{tool}")


main()

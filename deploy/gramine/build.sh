#!/usr/bin/env bash
# Builds and signs the Gramine-SGX enclave for `vigil serve`.
#
#   deploy/gramine/build.sh [--key enclave-key.pem] [--listen-host 127.0.0.1] [--listen-port 9000] [--heap 2g]
#
# Needs Gramine 1.6+ (gramine-manifest, gramine-sgx-sign), a JDK 17+ at $JAVA_HOME (or
# /usr/lib/jvm/java-17-openjdk-amd64) and Maven. Writes vigil.manifest, vigil.manifest.sgx and
# vigil.sig into deploy/gramine/build/ and prints MRENCLAVE and MRSIGNER for operators to pin.
# Run the enclave with:  cd deploy/gramine/build && gramine-sgx vigil
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
key="${HOME}/.config/gramine/enclave-key.pem"
listen_host="127.0.0.1"
listen_port="9000"
heap="2g"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --key) key="$2"; shift 2 ;;
    --listen-host) listen_host="$2"; shift 2 ;;
    --listen-port) listen_port="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

java_home="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
java_home="$(readlink -f "$java_home")"
arch_libdir="/lib/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)"
[[ -x "$java_home/bin/java" ]] || { echo "build.sh: no java at $java_home/bin/java (set JAVA_HOME)" >&2; exit 1; }
[[ -f "$key" ]] || { echo "build.sh: no signing key at $key (gramine-sgx-gen-private-key, or --key)" >&2; exit 1; }

mvn -q -B -f "$root/pom.xml" -DskipTests package
out="$here/build"
mkdir -p "$out/vigil-data" "$out/app"
cp "$root/target/vigil.jar" "$out/app/vigil.jar"

cd "$out"
gramine-manifest \
  -Dlog_level=error \
  -Djava_home="$java_home" \
  -Dvigil_dir="$out/app" \
  -Darch_libdir="$arch_libdir" \
  -Dlisten_host="$listen_host" \
  -Dlisten_port="$listen_port" \
  -Dheap="$heap" \
  "$here/vigil.manifest.template" vigil.manifest
gramine-sgx-sign --key "$key" --manifest vigil.manifest --output vigil.manifest.sgx
gramine-sgx-sigstruct-view vigil.sig
echo "Pin these: vigil attestation verify --evidence FILE --expected-mrenclave <mr_enclave> --expected-mrsigner <mr_signer>"

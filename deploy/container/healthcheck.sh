#!/bin/bash
# Container HEALTHCHECK: healthy when GET /upcheck on the signer's port answers 200.
# Needs nothing but bash (/dev/tcp). With TLS (VIGIL_TLS_KEYSTORE_FILE set) the handshake would
# need a client certificate, so the check is only that the port accepts connections.
set -uo pipefail
port="${VIGIL_HTTP_LISTEN_PORT:-9000}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
if [[ -n "${VIGIL_TLS_KEYSTORE_FILE:-}" ]]; then
  exit 0
fi
printf 'GET /upcheck HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 4 status <&3 || exit 1
[[ "${status}" == "HTTP/1.1 200"* ]]

#!/usr/bin/env bash
# Makes the TLS files of deploy/compose/tls.yaml in this directory (run it here, once):
#   ca.pem                        the CA the validator clients trust (Vigil's certificate issuer)
#   vigil.p12 (+ .password)       Vigil's key and certificate for the name "vigil" (PKCS#12)
#   known-clients.txt             the client certificates Vigil lets in: "<name> <SHA-256 fingerprint>"
#   <client>.p12 (+ .password)    one client identity per validator client named on the command line
#                                 (default: lighthouse), and operator.p12 for vigil-cli; ca-truststore.p12 (password changeit) for Java
#                                 clients (Teku), when keytool is here
# Vigil's container user (uid 10001) must read its files: run as root, or chown them afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
clients=("${@:-lighthouse}" operator)
days=825
umask 077
[[ -f ca.key ]] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
  -subj "/CN=Vigil compose CA" -keyout ca.key -out ca.pem 2>/dev/null

# Signs a certificate for NAME with the CA and packs it as NAME.p12 with a random password.
issue() {
  local name="$1" extensions="$2"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
    -keyout "$name.key" -out "$name.csr" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days "$days" \
    -extfile <(printf '%s\n' "$extensions") -out "$name.pem" 2>/dev/null
  openssl rand -hex 16 > "$name.p12.password"
  openssl pkcs12 -export -in "$name.pem" -inkey "$name.key" -certfile ca.pem -name "$name" \
    -passout "file:$name.p12.password" -out "$name.p12"
  rm -f "$name.csr" "$name.key"
}

issue vigil "subjectAltName=DNS:vigil,DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
: > known-clients.txt
for client in "${clients[@]}"; do
  issue "$client" "extendedKeyUsage=clientAuth"
  echo "$client $(openssl x509 -in "$client.pem" -noout -fingerprint -sha256 | cut -d= -f2)" >> known-clients.txt
done
if command -v keytool >/dev/null; then
  rm -f ca-truststore.p12
  keytool -importcert -noprompt -alias vigil-ca -file ca.pem -storetype PKCS12 \
    -keystore ca-truststore.p12 -storepass changeit >/dev/null
  echo changeit > ca-truststore.p12.password
  chmod 0644 ca-truststore.p12 ca-truststore.p12.password
fi
chmod 0644 ./*.pem known-clients.txt
if [[ $(id -u) -eq 0 ]]; then
  chown 10001:10001 vigil.p12 vigil.p12.password
fi
echo "TLS files for vigil and ${clients[*]} in $PWD"

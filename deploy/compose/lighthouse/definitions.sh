#!/bin/bash
# Writes /validators/validator_definitions.yml (Lighthouse's validator definitions) with one
# web3signer entry per key Vigil holds. Runs in the Vigil image (lighthouse.yaml). With TLS
# (tls.yaml: an https VIGIL_URL), Lighthouse trusts /tls/ca.pem and presents /tls/lighthouse.p12.
set -euo pipefail
vigil=(java -jar /opt/vigil/vigil.jar)
list=(keys list --url "$VIGIL_URL" --api-token-file /data/api-token.txt)
if [[ "$VIGIL_URL" == https://* ]]; then
  list+=(--tls-truststore-file /tls/ca.pem
    --tls-client-keystore-file /tls/lighthouse.p12 --tls-client-keystore-password-file /tls/lighthouse.p12.password)
fi
pubkeys="$("${vigil[@]}" "${list[@]}" | grep -o '0x[0-9a-fA-F]\{96\}' || true)"
out=/validators/validator_definitions.yml
tmp="$out.tmp"
: > "$tmp"
for pubkey in $pubkeys; do
  {
    echo "- enabled: true"
    echo "  voting_public_key: \"$pubkey\""
    echo "  type: web3signer"
    echo "  url: \"$VIGIL_URL\""
    if [[ "$VIGIL_URL" == https://* ]]; then
      echo "  root_certificate_path: /tls/ca.pem"
      echo "  client_identity_path: /tls/lighthouse.p12"
      echo "  client_identity_password: \"$(cat /tls/lighthouse.p12.password)\""
    fi
  } >> "$tmp"
done
[[ -s "$tmp" ]] || echo "[]" > "$tmp"
mv "$tmp" "$out"
echo "lighthouse-definitions: $(grep -c voting_public_key "$out" || true) web3signer validator(s) in $out"

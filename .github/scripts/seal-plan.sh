#!/usr/bin/env bash
# Encrypts saved plans for the apply job: a saved plan holds the values it will write, sensitive
# ones in plain text (the generated origin secret among them), and an artifact can be downloaded
# by anyone with read access to the repository for as long as it is kept.
#
#   seal-plan.sh <sealed file> <path> ...     # paths relative to the working directory
#
# PLAN_ENCRYPTION_CERT (a repository variable: a certificate is public) holds the PEM certificate
# of the key pair; only its private key, PLAN_DECRYPTION_KEY, a secret of the GitHub environments
# (released to the apply job once the reviewers approve), opens the result (open-plan.sh).
# The format is CMS (RFC 5652) AuthEnvelopedData with AES-256-GCM (RFC 5084): a fresh content
# key per plan, wrapped with the certificate's RSA key; OpenSSL 3 writes and reads it.
set -euo pipefail
[ "$#" -ge 2 ] || { echo "usage: seal-plan.sh <sealed file> <path> ..." >&2; exit 64; }
[ -n "${PLAN_ENCRYPTION_CERT:-}" ] || { echo "::error::PLAN_ENCRYPTION_CERT is not set" >&2; exit 1; }
out=$1
shift
tar -czf - -- "$@" |
  openssl cms -encrypt -binary -aes-256-gcm -outform DER -out "$out" <(printf '%s\n' "$PLAN_ENCRYPTION_CERT")

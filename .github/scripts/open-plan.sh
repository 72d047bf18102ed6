#!/usr/bin/env bash
# Opens what seal-plan.sh sealed, into the working directory.
#
#   open-plan.sh <sealed file>
#
# PLAN_DECRYPTION_KEY: the PEM private key (an environment secret). It is handed to openssl
# through a pipe, never written to the runner's disk. A file that was changed after sealing fails
# GCM's check and nothing is unpacked.
set -euo pipefail
[ "$#" -eq 1 ] || { echo "usage: open-plan.sh <sealed file>" >&2; exit 64; }
[ -n "${PLAN_DECRYPTION_KEY:-}" ] || { echo "::error::PLAN_DECRYPTION_KEY is not set" >&2; exit 1; }
tarball=$(mktemp)
trap 'rm -f "$tarball"' EXIT
openssl cms -decrypt -binary -inform DER -in "$1" -out "$tarball" -inkey <(printf '%s\n' "$PLAN_DECRYPTION_KEY")
tar -xzf "$tarball" --no-same-owner

#!/usr/bin/env bash
# The stacks deploy.yml applies for its input, from what the synth produced, in the documented
# order: the environment's stack, then its standby (`<stack>-dr`) when it has one; or the
# bootstrap stack alone for `state`, once its state is kept in S3 rather than on a disk.
#
#   DEPLOY_TARGET=<environment|state> deploy-stacks.sh     # writes primary= and standby= to GITHUB_OUTPUT
#
# Environment: MANIFEST (default cdktf.out/manifest.json), STATE_STACK, STACK_PREFIX (the stack
# name of environment <env> is <STACK_PREFIX><env>; src/naming.ts stackName).
set -euo pipefail
manifest=${MANIFEST:-cdktf.out/manifest.json}
out_root=$(dirname "$manifest")
mapfile -t stacks < <(jq -r '.stacks | keys[]' "$manifest")
has() { local s; for s in "${stacks[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

if [ "$DEPLOY_TARGET" = state ]; then
  primary=$STATE_STACK
  standby=""
  has "$primary" || { echo "::error::this synth has no $primary (no environment keeps its state in S3)"; exit 1; }
  if jq -e '.terraform.backend.local' "$out_root/stacks/$primary/cdk.tf.json" > /dev/null; then
    echo "::error::$primary keeps its state on the disk of whoever applied it (a local backend): a runner's disk is gone after the job, so CI does not apply it. Bootstrap it by hand (docs/deploy-and-ci.md \"Deploy\")."
    exit 1
  fi
else
  primary="${STACK_PREFIX}${DEPLOY_TARGET}"
  standby="${primary}-dr"
  if ! has "$primary"; then
    echo "::error::'$DEPLOY_TARGET' is not an environment of this synth (stacks: ${stacks[*]}); an environment of a configuration file needs the repository variable MULTIPLE_SERVER_CONFIG"
    exit 1
  fi
  has "$standby" || standby=""
fi
echo "Deploying: $primary${standby:+, then $standby}"
printf 'primary=%s\nstandby=%s\n' "$primary" "$standby" >> "${GITHUB_OUTPUT:?the step output file GitHub sets}"

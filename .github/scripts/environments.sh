#!/usr/bin/env bash
# The environments a synth produced, comma-separated, as `npm run verify -- <env,...>` takes them:
# every stack of the manifest but the bootstrap stack and the standbys (`<stack>-dr` beside its
# `<stack>`), less the `multiple-server-` every stack name starts with (src/naming.ts stackName).
#
#   environments.sh     # prints environments=dev,prod
#
# Environment: MANIFEST (default cdktf.out/manifest.json), STATE_STACK, STACK_PREFIX.
set -euo pipefail
jq -r --arg state "${STATE_STACK:?}" --arg prefix "${STACK_PREFIX:?}" '
  (.stacks | keys) as $all
  | [ $all[]
      | select(. != $state)
      | select((endswith("-dr") and (.[:-3] as $primary | $all | index([$primary]) != null)) | not)
      | select(startswith($prefix))
      | .[($prefix | length):] ]
  | "environments=" + join(",")' "${MANIFEST:-cdktf.out/manifest.json}"
